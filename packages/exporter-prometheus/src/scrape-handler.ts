import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Snapshot } from '@meterkit/core';
import {
  CollectedExposition,
  type ExpositionChunk,
  type RenderedExposition,
} from './collected-exposition.js';
import { acceptsGzip, type ExpositionFormatName, negotiateFormat } from './content-negotiation.js';
import { OPENMETRICS_CONTENT_TYPE } from './openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE } from './prometheus-serializer.js';
import { PROMETHEUS_PROTOBUF_CONTENT_TYPE } from './protobuf/protobuf-exposition.js';
import { createScrapeAuthenticator, type ScrapeAuth, type ServerTls } from './scrape-auth.js';
import { SharedCollection } from './shared-collection.js';

/** TLS material for the standalone server (defined in core, shared with the dashboard). */
export type { ServerTls } from '@meterkit/core';

/**
 * The node:http request listener shape that express, fastify (raw) and koa (raw) all accept. A
 * handler made from a Config also carries the Config's `prometheus.tls`, which `startServer` uses.
 */
export interface ScrapeHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** TLS for `startServer` when it serves this handler (from `prometheus.tls`). */
  readonly serverTls?: ServerTls;
}

/** Path value that serves every path: for mounting under a route the framework already matched. */
export const ANY_PATH = '*';

/** Options of {@link createScrapeHandler}. */
export interface ScrapeHandlerOptions {
  /** Collects a fresh snapshot; called at most once at a time, concurrent scrapes share the result. */
  collect(): Promise<Snapshot>;
  /** Path served (compared with `req.originalUrl ?? req.url`, query ignored); `'*'` serves any path. Default `/metrics`. */
  readonly path?: string;
  /** Serve OpenMetrics to scrapers that ask for it. Default true. */
  readonly openMetrics?: boolean;
  /**
   * Serve the delimited protobuf exposition to scrapers that ask for it (Prometheus with native
   * histograms enabled). Default true.
   */
  readonly protobuf?: boolean;
  /** Gzip the body when the scraper accepts it (Prometheus does). Default true. */
  readonly gzip?: boolean;
  /** Where collection and response errors go; the handler itself never throws. */
  readonly onError?: (error: Error, source: string) => void;
  /** Sample lines written between two yields to the event loop. Default 512. */
  readonly linesPerChunk?: number;
  /** Credentials every request must carry; without them it gets 401 and `WWW-Authenticate`. Default: none. */
  readonly auth?: ScrapeAuth;
  /**
   * Reuse a collection for this many ms after it started: scrapes in between are served the same
   * result (and the same serialized body). Default 0: only a collection in flight is shared.
   */
  readonly minCollectionIntervalMs?: number;
  /** Most uncompressed bytes a response may have; a larger one is answered 503 with `Retry-After`. Default: no limit. */
  readonly maxResponseBytes?: number;
  /** Monotonic milliseconds, for the collection interval. Default `performance.now()`. */
  readonly now?: () => number;
}

const CONTENT_TYPES: Record<ExpositionFormatName, string> = {
  'prometheus-text': PROMETHEUS_TEXT_CONTENT_TYPE,
  openmetrics: OPENMETRICS_CONTENT_TYPE,
  protobuf: PROMETHEUS_PROTOBUF_CONTENT_TYPE,
};

function requestPath(req: IncomingMessage): string {
  // express rewrites req.url below a mount point and keeps the full one in originalUrl.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function sendPlain(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${body}\n`);
}

/** Resolves false when the destination closed or failed before it could take more. */
async function write(sink: Writable, chunk: ExpositionChunk): Promise<boolean> {
  if (sink.destroyed || sink.writableEnded) return false;
  if (sink.write(chunk)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      sink.off('drain', onDrain).off('close', onClose).off('error', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    sink.on('drain', onDrain).on('close', onClose).on('error', onClose);
  });
}

/** Writes the chunks with a yield to the event loop between them, so a huge body never blocks for long. */
async function streamChunks(res: ServerResponse, chunks: readonly ExpositionChunk[]): Promise<void> {
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0) await yieldToEventLoop();
    if (!(await write(res, chunk))) return;
  }
  res.end();
}

/**
 * Creates the pull handler: GET serves the negotiated format, HEAD answers the same headers
 * without collecting, any other method gets 405. With `auth`, every request is checked first (401
 * otherwise). Concurrent scrapes share one collection and its serialized body; with
 * `minCollectionIntervalMs` later ones reuse it too; a body over `maxResponseBytes` is answered 503.
 */
export function createScrapeHandler(options: ScrapeHandlerOptions): ScrapeHandler {
  const path = options.path ?? '/metrics';
  const formats = { openMetrics: options.openMetrics ?? true, protobuf: options.protobuf ?? true };
  const gzipAllowed = options.gzip ?? true;
  const onError = options.onError ?? (() => {});
  const authenticator = options.auth === undefined ? undefined : createScrapeAuthenticator(options.auth);
  const renderOptions = {
    maxBytes: options.maxResponseBytes,
    linesPerChunk: options.linesPerChunk,
    onConflict: (error: Error) => onError(error, 'prometheus.serialize'),
  };
  const collections = new SharedCollection(
    async () => new CollectedExposition(await options.collect(), renderOptions),
    options.minCollectionIntervalMs ?? 0,
    options.now ?? (() => performance.now()),
  );
  /** Each oversized body is reported once, not once per scrape that receives it. */
  const reported = new WeakSet<RenderedExposition>();

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Credentials first: without them nothing, not even the metrics path, is revealed.
    if (authenticator !== undefined && !authenticator.authenticate(req)) {
      authenticator.reject(res);
      return;
    }
    if (path !== ANY_PATH && requestPath(req) !== path) {
      sendPlain(res, 404, `Not found: metrics are served at ${path}`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPlain(res, 405, `Method ${req.method} not allowed: use GET or HEAD`, { Allow: 'GET, HEAD' });
      return;
    }
    const format = negotiateFormat(req.headers.accept, formats);
    const gzip = gzipAllowed && acceptsGzip(req.headers['accept-encoding']);
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[format],
      Vary: 'Accept, Accept-Encoding',
    };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    if (req.method === 'HEAD') {
      res.writeHead(200, headers);
      res.end();
      return;
    }
    let collected: CollectedExposition;
    try {
      collected = await collections.get();
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      onError(cause, 'prometheus.scrape');
      sendPlain(res, 500, `Metrics collection failed: ${cause.message}`);
      return;
    }
    const body = await collected.render(format);
    if (!body.fits) {
      if (!reported.has(body)) {
        reported.add(body);
        onError(body.error, 'prometheus.scrape');
      }
      sendPlain(
        res,
        503,
        `Metrics response over the ${body.error.limitBytes}-byte limit (prometheus.maxResponseBytes); not served`,
        { 'Retry-After': String(collections.retryAfterSeconds()) },
      );
      return;
    }
    if (gzip) {
      const zipped = await collected.gzipped(format, body);
      res.writeHead(200, { ...headers, 'Content-Length': String(zipped.length) });
      res.end(zipped);
      return;
    }
    res.writeHead(200, headers);
    await streamChunks(res, body.chunks);
  };

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      onError(error instanceof Error ? error : new Error(String(error)), 'prometheus.scrape');
      if (!res.headersSent) sendPlain(res, 500, 'Metrics scrape failed');
      else res.destroy();
    });
  };
}
