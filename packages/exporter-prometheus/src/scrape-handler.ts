import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import type { Snapshot } from '@meterkit/core';
import { acceptsGzip, type ExpositionFormatName, negotiateFormat } from './content-negotiation.js';
import { OPENMETRICS_CONTENT_TYPE, openMetricsChunks } from './openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, prometheusTextChunks } from './prometheus-serializer.js';

/** The node:http request listener shape that express, fastify (raw) and koa (raw) all accept. */
export type ScrapeHandler = (req: IncomingMessage, res: ServerResponse) => void;

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
  /** Gzip the body when the scraper accepts it (Prometheus does). Default true. */
  readonly gzip?: boolean;
  /** Where collection and response errors go; the handler itself never throws. */
  readonly onError?: (error: Error, source: string) => void;
  /** Sample lines written between two yields to the event loop. Default 512. */
  readonly linesPerChunk?: number;
}

const CONTENT_TYPES: Record<ExpositionFormatName, string> = {
  'prometheus-text': PROMETHEUS_TEXT_CONTENT_TYPE,
  openmetrics: OPENMETRICS_CONTENT_TYPE,
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
async function write(sink: Writable, chunk: string): Promise<boolean> {
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

/**
 * Creates the pull handler: GET serves the negotiated format, HEAD answers the same headers
 * without collecting, any other method gets 405. The body is written in chunks with a yield to the
 * event loop between them, so a 100,000-series scrape never blocks the application for long.
 */
export function createScrapeHandler(options: ScrapeHandlerOptions): ScrapeHandler {
  const path = options.path ?? '/metrics';
  const openMetrics = options.openMetrics ?? true;
  const gzipAllowed = options.gzip ?? true;
  const onError = options.onError ?? (() => {});
  let inflight: Promise<Snapshot> | undefined;

  const collectShared = (): Promise<Snapshot> => {
    if (inflight === undefined) {
      const collection = Promise.resolve().then(() => options.collect());
      const clear = () => {
        if (inflight === collection) inflight = undefined;
      };
      inflight = collection;
      collection.then(clear, clear);
    }
    return inflight;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (path !== ANY_PATH && requestPath(req) !== path) {
      sendPlain(res, 404, `Not found: metrics are served at ${path}`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPlain(res, 405, `Method ${req.method} not allowed: use GET or HEAD`, { Allow: 'GET, HEAD' });
      return;
    }
    const format = negotiateFormat(req.headers.accept, openMetrics);
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
    let snapshot: Snapshot;
    try {
      snapshot = await collectShared();
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      onError(cause, 'prometheus.scrape');
      sendPlain(res, 500, `Metrics collection failed: ${cause.message}`);
      return;
    }
    res.writeHead(200, headers);
    await streamBody(res, snapshot, format, gzip);
  };

  const streamBody = async (
    res: ServerResponse,
    snapshot: Snapshot,
    format: ExpositionFormatName,
    gzip: boolean,
  ): Promise<void> => {
    const serializeOptions = {
      linesPerChunk: options.linesPerChunk,
      onConflict: (error: Error) => onError(error, 'prometheus.serialize'),
    };
    const chunks =
      format === 'openmetrics'
        ? openMetricsChunks(snapshot, serializeOptions)
        : prometheusTextChunks(snapshot, serializeOptions);
    let sink: Writable = res;
    if (gzip) {
      const compressor = createGzip();
      // pipeline() destroys the compressor if the scraper goes away, which ends the loop below.
      pipeline(compressor, res, () => {});
      sink = compressor;
    }
    let first = true;
    for (const chunk of chunks) {
      if (!first) await yieldToEventLoop();
      first = false;
      if (!(await write(sink, chunk))) return;
    }
    sink.end();
  };

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      onError(error instanceof Error ? error : new Error(String(error)), 'prometheus.scrape');
      if (!res.headersSent) sendPlain(res, 500, 'Metrics scrape failed');
      else res.destroy();
    });
  };
}
