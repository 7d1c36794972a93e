import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Snapshot } from '@meterkit/core';
import type { BodyMemory } from './body-memory.js';
import type { ExpositionFormatName } from './content-negotiation.js';
import { writeExpositionBytes } from './exposition-byte-writer.js';
import { ExpositionTooLargeError } from './exposition-too-large-error.js';
import { openMetricsDialect } from './openmetrics-serializer.js';
import { prometheusTextChunks, prometheusTextDialect } from './prometheus-serializer.js';
import { protobufExpositionChunks } from './protobuf/protobuf-exposition.js';

const gzipAsync = promisify(gzip);

/**
 * A serialized exposition as one immutable `Buffer` that every response of its collection writes
 * (node:http queues a reference to it, never a copy), or the finding that it is over the size limit.
 */
export type RenderedExposition =
  | { readonly fits: true; readonly body: Buffer }
  | { readonly fits: false; readonly error: ExpositionTooLargeError };

/** One piece of a body: text (UTF-8 on the wire) or the protobuf format's bytes. */
export type ExpositionChunk = string | Uint8Array;

/** Serializes a snapshot in one format as chunks (the default: meterkit's serializers). */
export type ExpositionSerializer = (
  snapshot: Snapshot,
  format: ExpositionFormatName,
  options: {
    readonly linesPerChunk: number | undefined;
    readonly onConflict: (error: Error) => void;
    readonly createdTimestamps?: boolean | undefined;
    /**
     * Memory of an earlier body that nothing reads any more: meterkit's own serializers write over
     * it instead of touching fresh memory. Others ignore it.
     */
    readonly reuse?: Buffer | undefined;
  },
) => Iterable<ExpositionChunk>;

/** How a {@link CollectedExposition} serializes. */
export interface ExpositionRenderOptions {
  /** Uncompressed bytes at most; undefined for no limit. */
  readonly maxBytes: number | undefined;
  /** Sample lines per chunk (and per yield to the event loop). */
  readonly linesPerChunk: number | undefined;
  /** Metrics left out because their names collide (see `SerializeOptions.onConflict`). */
  readonly onConflict: (error: Error) => void;
  /** OpenMetrics `_created` lines (see `SerializeOptions.createdTimestamps`). */
  readonly createdTimestamps?: boolean | undefined;
  /** Default: {@link serializeExposition}. */
  readonly serialize?: ExpositionSerializer;
  /** Called each time a body is ready: at most once per format and once per gzipped format. */
  readonly onPrepared?: () => void;
  /** Where bodies take their memory from and give it back to once no response reads them. */
  readonly memory?: BodyMemory;
}

/** meterkit's text 0.0.4, OpenMetrics 1.0 or protobuf serializer, by format. */
export const serializeExposition: ExpositionSerializer = (snapshot, format, options) =>
  format === 'openmetrics'
    ? writeExpositionBytes(snapshot, openMetricsDialect, options, options.reuse)
    : format === 'protobuf'
      ? protobufExpositionChunks(snapshot, options)
      : format === 'prometheus-text-utf8'
        ? prometheusTextChunks(snapshot, { ...options, utf8Names: true })
        : writeExpositionBytes(snapshot, prometheusTextDialect, options, options.reuse);

/**
 * One collection and its serializations, each done at most once: every scrape that shares the
 * collection (concurrent, or within `minCollectionInterval`) writes the same body `Buffer` of its
 * format, and the same gzipped `Buffer`, so 200 scrapes cost one collection, one serialization and
 * one compression per format, and no per-request copy of the body.
 */
export class CollectedExposition {
  private readonly rendered = new Map<ExpositionFormatName, Promise<RenderedExposition>>();
  private readonly compressed = new Map<ExpositionFormatName, Promise<Buffer>>();
  /** Responses (and serializations) reading this collection's bodies right now. */
  private readers = 0;
  /** Set once no new scrape can be handed this collection: a newer one was started. */
  private retired = false;
  /** The bodies' memory, given back when retired and unread. */
  private readonly bodies: Buffer[] = [];

  constructor(
    readonly snapshot: Snapshot,
    private readonly options: ExpositionRenderOptions,
  ) {}

  /** The exposition in `format`, serialized on first use with a yield to the event loop between chunks. */
  render(format: ExpositionFormatName): Promise<RenderedExposition> {
    let rendering = this.rendered.get(format);
    if (rendering === undefined) {
      rendering = this.serialize(format);
      rendering.then(this.options.onPrepared, () => {});
      this.rendered.set(format, rendering);
    }
    return rendering;
  }

  /** The gzipped exposition (compressed on the libuv thread pool, off the event loop), made once. */
  gzipped(format: ExpositionFormatName, rendered: RenderedExposition & { fits: true }): Promise<Buffer> {
    let compressing = this.compressed.get(format);
    if (compressing === undefined) {
      compressing = gzipAsync(rendered.body);
      compressing.then(this.options.onPrepared, () => {});
      this.compressed.set(format, compressing);
    }
    return compressing;
  }

  /**
   * Counts a reader of this collection's bodies (a scrape being served) until `done` is called:
   * the memory of the bodies is reused only when no reader is left and the collection is retired.
   */
  read(): () => void {
    this.readers++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.readers--;
      this.giveBackWhenUnread();
    };
  }

  /** No scrape will be handed this collection any more (a newer one exists). */
  retire(): void {
    this.retired = true;
    this.giveBackWhenUnread();
  }

  private giveBackWhenUnread(): void {
    if (!this.retired || this.readers > 0) return;
    for (const body of this.bodies.splice(0)) this.options.memory?.giveBack(body);
  }

  private async serialize(format: ExpositionFormatName): Promise<RenderedExposition> {
    const serialize = this.options.serialize ?? serializeExposition;
    // Only meterkit's byte writer writes into reused memory, and only its bodies are given back.
    const reusing =
      this.options.serialize === undefined && (format === 'prometheus-text' || format === 'openmetrics');
    const chunks = serialize(this.snapshot, format, {
      linesPerChunk: this.options.linesPerChunk,
      onConflict: this.options.onConflict,
      createdTimestamps: this.options.createdTimestamps,
      reuse: reusing ? this.options.memory?.take() : undefined,
    });
    // Encoded chunk by chunk, so the text of the whole exposition never exists as strings and bytes at once.
    const parts: Buffer[] = [];
    let bytes = 0;
    let first = true;
    for (const chunk of chunks) {
      if (!first) await yieldToEventLoop();
      first = false;
      // The protobuf serializer yields empty chunks only to let the event loop in.
      if (chunk.length === 0) continue;
      const part =
        typeof chunk === 'string'
          ? Buffer.from(chunk, 'utf8')
          : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      bytes += part.length;
      const limit = this.options.maxBytes;
      // Stop at the first chunk over the limit: an oversized exposition is never built in full.
      if (limit !== undefined && bytes > limit) {
        if (reusing) this.bodies.push(part);
        return { fits: false, error: new ExpositionTooLargeError(limit, bytes, format) };
      }
      parts.push(part);
    }
    const body = reusing ? writtenBody(parts, bytes) : joined(parts, bytes);
    if (reusing) this.bodies.push(body);
    return { fits: true, body };
  }
}

/**
 * The body meterkit's byte writer wrote: its memory holds every byte from offset 0, also when it
 * grew (it copies what it wrote into the bigger memory), so the last piece's memory is the body,
 * whatever memory the earlier pieces were views of.
 */
function writtenBody(parts: readonly Buffer[], bytes: number): Buffer {
  const last = parts[parts.length - 1];
  if (last === undefined || last.byteOffset + last.length !== bytes) return joined(parts, bytes);
  return Buffer.from(last.buffer, 0, bytes);
}

/**
 * The parts as one Buffer: when they are adjacent views of the same memory (the byte writer's
 * pieces), a view of it all, so the body is not copied once more.
 */
function joined(parts: readonly Buffer[], bytes: number): Buffer {
  const first = parts[0];
  if (first === undefined) return Buffer.alloc(0);
  let end = first.byteOffset + first.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.buffer !== first.buffer || part.byteOffset !== end) return Buffer.concat(parts, bytes);
    end += part.length;
  }
  return Buffer.from(first.buffer, first.byteOffset, bytes);
}
