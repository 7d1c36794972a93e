import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Snapshot } from '@meterkit/core';
import type { ExpositionFormatName } from './content-negotiation.js';
import { ExpositionTooLargeError } from './exposition-too-large-error.js';
import { openMetricsChunks } from './openmetrics-serializer.js';
import { prometheusTextChunks } from './prometheus-serializer.js';
import { protobufExpositionChunks } from './protobuf/protobuf-exposition.js';

const gzipAsync = promisify(gzip);

/** One piece of a body: text (UTF-8 on the wire) or the protobuf format's bytes. */
export type ExpositionChunk = string | Uint8Array;

/** A serialized exposition, or the finding that it is over the size limit. */
export type RenderedExposition =
  | { readonly fits: true; readonly chunks: readonly ExpositionChunk[]; readonly bytes: number }
  | { readonly fits: false; readonly error: ExpositionTooLargeError };

/** How a {@link CollectedExposition} serializes. */
export interface ExpositionRenderOptions {
  /** Uncompressed bytes at most; undefined for no limit. */
  readonly maxBytes: number | undefined;
  /** Sample lines per chunk (and per yield to the event loop). */
  readonly linesPerChunk: number | undefined;
  /** Metrics left out because their names collide (see `SerializeOptions.onConflict`). */
  readonly onConflict: (error: Error) => void;
}

/**
 * One collection and its serializations, each done at most once: every scrape that shares the
 * collection (concurrent, or within `minCollectionInterval`) shares the serialized text of its
 * format and the gzipped bytes too, so 200 concurrent scrapes cost one collection, one
 * serialization and one compression per format.
 */
export class CollectedExposition {
  private readonly rendered = new Map<ExpositionFormatName, Promise<RenderedExposition>>();
  private readonly compressed = new Map<ExpositionFormatName, Promise<Buffer>>();

  constructor(
    readonly snapshot: Snapshot,
    private readonly options: ExpositionRenderOptions,
  ) {}

  /** The exposition in `format`, serialized on first use with a yield to the event loop between chunks. */
  render(format: ExpositionFormatName): Promise<RenderedExposition> {
    let rendering = this.rendered.get(format);
    if (rendering === undefined) {
      rendering = this.serialize(format);
      this.rendered.set(format, rendering);
    }
    return rendering;
  }

  /** The gzipped exposition (compressed on the libuv thread pool, off the event loop), made once. */
  gzipped(format: ExpositionFormatName, body: RenderedExposition & { fits: true }): Promise<Buffer> {
    let compressing = this.compressed.get(format);
    if (compressing === undefined) {
      compressing = gzipAsync(Buffer.concat(body.chunks.map((chunk) => Buffer.from(chunk))));
      this.compressed.set(format, compressing);
    }
    return compressing;
  }

  private async serialize(format: ExpositionFormatName): Promise<RenderedExposition> {
    const serializeOptions = {
      linesPerChunk: this.options.linesPerChunk,
      onConflict: this.options.onConflict,
    };
    const generator: Iterable<ExpositionChunk> =
      format === 'openmetrics'
        ? openMetricsChunks(this.snapshot, serializeOptions)
        : format === 'protobuf'
          ? protobufExpositionChunks(this.snapshot, serializeOptions)
          : prometheusTextChunks(this.snapshot, serializeOptions);
    const chunks: ExpositionChunk[] = [];
    let bytes = 0;
    let first = true;
    for (const chunk of generator) {
      if (!first) await yieldToEventLoop();
      first = false;
      // The protobuf serializer yields empty chunks only to let the event loop in.
      if (chunk.length === 0) continue;
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
      const limit = this.options.maxBytes;
      // Stop at the first chunk over the limit: an oversized exposition is never built in full.
      if (limit !== undefined && bytes > limit) {
        return { fits: false, error: new ExpositionTooLargeError(limit, bytes, format) };
      }
      chunks.push(chunk);
    }
    return { fits: true, chunks, bytes };
  }
}
