import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CanonicalTags, Snapshot } from '@meterkit/core';
import { BodyMemory } from './body-memory.js';
import {
  CollectedExposition,
  type ExpositionSerializer,
  type RenderedExposition,
} from './collected-exposition.js';
import { acceptsGzip, type ExpositionFormatName, negotiateFormat } from './content-negotiation.js';
import { OPENMETRICS_CONTENT_TYPE } from './openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, PROMETHEUS_TEXT_UTF8_CONTENT_TYPE } from './prometheus-serializer.js';
import { PROMETHEUS_PROTOBUF_CONTENT_TYPE } from './protobuf/protobuf-exposition.js';
import { createScrapeAuthenticator, type ScrapeAuth, type ServerTls } from './scrape-auth.js';
import { ScrapeSelfMetrics } from './scrape-self-metrics.js';
import { SharedCollection } from './shared-collection.js';

/** TLS material for the standalone server (defined in core, shared with the dashboard). */
export type { ServerTls } from '@meterkit/core/exporter-kit';

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

/** Default `minCollectionIntervalMs`: a burst of scrapes within 2 s is answered by one collection. */
export const DEFAULT_MIN_COLLECTION_INTERVAL_MS = 2_000;
/** Default `maxConcurrentScrapes`: far above any real fleet of scrapers; beyond it is a storm. */
export const DEFAULT_MAX_CONCURRENT_SCRAPES = 256;
/** Default `responseTimeoutMs`: longer than any Prometheus `scrape_timeout` worth having. */
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;

/** Options of {@link createScrapeHandler}. */
export interface ScrapeHandlerOptions {
  /** Collects a fresh snapshot; called at most once at a time, concurrent scrapes share the result. */
  collect(): Promise<Snapshot>;
  /** Path served (compared with `req.originalUrl ?? req.url`, query ignored); `'*'` serves any path. Default `/metrics`. */
  readonly path?: string;
  /** Serve OpenMetrics to scrapers that ask for it. Default true. */
  readonly openMetrics?: boolean;
  /**
   * Serve the text format with the original (dotted, UTF-8) names, quoted as Prometheus 3
   * specifies, to scrapers whose `Accept` carries `escaping=allow-utf-8`. Default false.
   */
  readonly utf8Names?: boolean;
  /**
   * Serve the delimited protobuf exposition to scrapers that ask for it (Prometheus with native
   * histograms enabled). Default true.
   */
  readonly protobuf?: boolean;
  /** Gzip the body when the scraper accepts it (Prometheus does). Default true. */
  readonly gzip?: boolean;
  /** Where collection and response errors go; the handler itself never throws. */
  readonly onError?: (error: Error, source: string) => void;
  /**
   * Sample lines serialized between two yields to the event loop. Default 4,096 for text and
   * OpenMetrics, 512 for protobuf and quoted UTF-8 names (their writers build strings).
   */
  readonly linesPerChunk?: number;
  /** OpenMetrics scrapes carry `_created` lines from each series' start time. Default false. */
  readonly createdTimestamps?: boolean | undefined;
  /** Credentials every request must carry; without them it gets 401 and `WWW-Authenticate`. Default: none. */
  readonly auth?: ScrapeAuth;
  /**
   * Reuse a collection for this many ms after it started: scrapes in between are served the same
   * result (the very same body bytes). 0: only a collection in flight is shared. Default
   * {@link DEFAULT_MIN_COLLECTION_INTERVAL_MS} (2 s).
   */
  readonly minCollectionIntervalMs?: number;
  /** Most uncompressed bytes a response may have; a larger one is answered 503 with `Retry-After`. Default: no limit. */
  readonly maxResponseBytes?: number;
  /**
   * Most GET responses in progress at once (waiting for a collection or being written); one more is
   * answered 503 with `Retry-After: 1` at once. Default {@link DEFAULT_MAX_CONCURRENT_SCRAPES} (256).
   */
  readonly maxConcurrentScrapes?: number;
  /**
   * A response still being written this many ms after its body was ready (a reader that stopped
   * reading) is cut off, so it cannot hold an old body in memory. Default
   * {@link DEFAULT_RESPONSE_TIMEOUT_MS} (30 s).
   */
  readonly responseTimeoutMs?: number;
  /** Append the exporter's own `meterkit_prometheus_collections_total`. Default true. */
  readonly selfMetrics?: boolean;
  /** Tags of the self-metrics series: the Config's global tags. Default none. */
  readonly selfMetricTags?: CanonicalTags;
  /** Serializes a collected snapshot; default meterkit's text 0.0.4 / OpenMetrics serializers. */
  readonly serialize?: ExpositionSerializer;
  /** Monotonic milliseconds, for the collection interval. Default `performance.now()`. */
  readonly now?: () => number;
}

const CONTENT_TYPES: Record<ExpositionFormatName, string> = {
  'prometheus-text': PROMETHEUS_TEXT_CONTENT_TYPE,
  'prometheus-text-utf8': PROMETHEUS_TEXT_UTF8_CONTENT_TYPE,
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

/** Writes the shared body (a reference, not a copy) and cuts a reader off that takes longer than `timeoutMs`. */
function sendBody(
  res: ServerResponse,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
): void {
  res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  const deadline = setTimeout(() => res.destroy(), timeoutMs);
  deadline.unref();
  res.once('close', () => clearTimeout(deadline));
  res.end(body);
}

/**
 * Creates the pull handler: GET serves the negotiated format, HEAD answers the same headers
 * without collecting, any other method gets 405. With `auth`, every request is checked first (401
 * otherwise). Scrapes during a collection, and within `minCollectionIntervalMs` after it finished,
 * share that collection and its serialized body; a body over `maxResponseBytes`, and a GET beyond
 * `maxConcurrentScrapes`, are answered 503.
 */
export function createScrapeHandler(options: ScrapeHandlerOptions): ScrapeHandler {
  const path = options.path ?? '/metrics';
  const formats = {
    openMetrics: options.openMetrics ?? true,
    protobuf: options.protobuf ?? true,
    utf8Names: options.utf8Names ?? false,
  };
  const gzipAllowed = options.gzip ?? true;
  const onError = options.onError ?? (() => {});
  const maxConcurrent = options.maxConcurrentScrapes ?? DEFAULT_MAX_CONCURRENT_SCRAPES;
  const responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  const authenticator = options.auth === undefined ? undefined : createScrapeAuthenticator(options.auth);
  const renderOptions = {
    maxBytes: options.maxResponseBytes,
    linesPerChunk: options.linesPerChunk,
    createdTimestamps: options.createdTimestamps,
    onConflict: (error: Error) => onError(error, 'prometheus.serialize'),
    serialize: options.serialize,
  };
  const selfMetrics =
    options.selfMetrics === false ? undefined : new ScrapeSelfMetrics(options.selfMetricTags);
  const memory = new BodyMemory();
  /** The collection scrapes are handed now; retired (its body memory reusable once unread) by the next. */
  let newest: CollectedExposition | undefined;
  const collections = new SharedCollection(
    async () => {
      selfMetrics?.collectionStarted();
      const snapshot = await options.collect();
      const exposition: CollectedExposition = new CollectedExposition(
        selfMetrics?.appendTo(snapshot) ?? snapshot,
        // A body done serializing (or compressing) restarts the reuse window: see SharedCollection.extend.
        { ...renderOptions, memory, onPrepared: () => collections.extend(exposition) },
      );
      newest?.retire();
      newest = exposition;
      return exposition;
    },
    options.minCollectionIntervalMs ?? DEFAULT_MIN_COLLECTION_INTERVAL_MS,
    options.now ?? (() => performance.now()),
  );
  /** Each oversized body is reported once, not once per scrape that receives it. */
  const reported = new WeakSet<RenderedExposition>();
  let inProgress = 0;

  const serveBody = async (
    res: ServerResponse,
    format: ExpositionFormatName,
    gzip: boolean,
    headers: Record<string, string>,
  ): Promise<void> => {
    let collected: CollectedExposition;
    try {
      collected = await collections.get();
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      onError(cause, 'prometheus.scrape');
      sendPlain(res, 500, `Metrics collection failed: ${cause.message}`);
      return;
    }
    // The body's memory may be reused for a later collection only once this response is over.
    const done = collected.read();
    if (res.destroyed) done();
    else res.once('close', done);
    const rendered = await collected.render(format);
    if (!rendered.fits) {
      if (!reported.has(rendered)) {
        reported.add(rendered);
        onError(rendered.error, 'prometheus.scrape');
      }
      sendPlain(
        res,
        503,
        `Metrics response over the ${rendered.error.limitBytes}-byte limit (prometheus.maxResponseBytes); not served`,
        { 'Retry-After': String(collections.retryAfterSeconds()) },
      );
      return;
    }
    const body = gzip ? await collected.gzipped(format, rendered) : rendered.body;
    // The scraper may have gone away while it waited: nothing to write then.
    if (res.destroyed) return;
    sendBody(res, headers, body, responseTimeoutMs);
  };

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
    if (inProgress >= maxConcurrent) {
      sendPlain(res, 503, `Too many scrapes in progress (prometheus.maxConcurrentScrapes=${maxConcurrent})`, {
        'Retry-After': '1',
      });
      return;
    }
    // Counted until the response is done or abandoned: 'close' fires either way, exactly once.
    inProgress++;
    res.once('close', () => inProgress--);
    await serveBody(res, format, gzip, headers);
  };

  return (req, res) => {
    serve(req, res).catch((error: unknown) => {
      onError(error instanceof Error ? error : new Error(String(error)), 'prometheus.scrape');
      if (!res.headersSent) sendPlain(res, 500, 'Metrics scrape failed');
      else res.destroy();
    });
  };
}
