import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
import type { Counter, Gauge, Histogram, Provider, Timer } from '../types.js';
import { beginExchange, type Exchange, type ExchangeRecorder, elapsedSeconds } from './http-exchange.js';
import { methodNormalizer } from './http-method.js';
import {
  ABORTED_STATUS,
  DEFAULT_SIZE_BUCKETS,
  DEFAULT_UNMATCHED_ROUTE,
  type HttpMetricsOptions,
  SEMCONV_DURATION_BUCKETS,
} from './http-metrics-options.js';

/** The bound series of one (method, route, status): resolved once, then reused by every such request. */
interface SeriesBundle {
  readonly requests: Counter;
  readonly duration: Timer;
  readonly requestSize: Histogram | undefined;
  readonly responseSize: Histogram | undefined;
  readonly semconvDuration: Histogram | undefined;
}

/**
 * Above this many cached (method, route, status) bundles, new ones are looked up through `withTags`
 * each time instead of cached: a `routeOf` that leaks raw paths must not also leak memory here
 * (core's cardinality limit folds the series themselves).
 */
const MAX_CACHED_BUNDLES = 4096;

/**
 * The HTTP server metrics of one provider, and the recorder every adapter reports exchanges to:
 * - `<prefix>_requests_total` counter and `<prefix>_request_duration_seconds` timer, tagged
 *   `method`, `route` (the template, never the raw path) and `status`;
 * - `<prefix>_requests_in_flight` gauge, untagged (the route is often unknown until routing ends);
 * - with `sizes: true`, `<prefix>_request_size_bytes` (from Content-Length) and
 *   `<prefix>_response_size_bytes` (body bytes written) histograms with the same three tags.
 * Creating it twice on one provider reuses the same metrics (get-or-create).
 */
export class HttpMetrics implements ExchangeRecorder {
  readonly requests: Counter;
  readonly duration: Timer;
  readonly inFlight: Gauge;
  readonly requestSize: Histogram | undefined;
  readonly responseSize: Histogram | undefined;
  /** `http.server.request.duration`, with `semanticConventions: true`. */
  readonly semconvDuration: Histogram | undefined;
  readonly unmatchedRoute: string;
  private readonly ignore: ((req: IncomingMessage) => boolean) | undefined;
  private readonly normalizeMethod: (method: unknown) => string;
  /** method → route → status → bound series. */
  private readonly bundles = new Map<string, Map<string, Map<string, SeriesBundle>>>();
  private cachedBundles = 0;

  constructor(provider: Provider, options: HttpMetricsOptions = {}) {
    const prefix = options.prefix ?? 'http';
    if (typeof prefix !== 'string' || prefix === '') {
      throw new InvalidInstrumentationOptionError(
        'httpMetrics',
        'prefix',
        prefix,
        'must be a non-empty string',
      );
    }
    const unmatched = options.unmatchedRoute ?? DEFAULT_UNMATCHED_ROUTE;
    if (typeof unmatched !== 'string') {
      throw new InvalidInstrumentationOptionError(
        'httpMetrics',
        'unmatchedRoute',
        unmatched,
        'must be a string',
      );
    }
    if (options.ignore !== undefined && typeof options.ignore !== 'function') {
      throw new InvalidInstrumentationOptionError(
        'httpMetrics',
        'ignore',
        options.ignore,
        'must be a function',
      );
    }
    this.unmatchedRoute = unmatched;
    this.ignore = options.ignore;
    this.normalizeMethod = methodNormalizer(options.methods);
    this.requests = provider.counter(`${prefix}_requests_total`, {
      description: 'HTTP requests handled, by method, route template and status code',
    });
    this.duration = provider.timer(`${prefix}_request_duration_seconds`, {
      description: 'Time from the request to the end of the response, in seconds',
      ...(options.buckets === undefined ? {} : { buckets: options.buckets }),
    });
    this.inFlight = provider.gauge(`${prefix}_requests_in_flight`, {
      description: 'HTTP requests being handled now',
    });
    if (options.semanticConventions !== undefined && typeof options.semanticConventions !== 'boolean') {
      throw new InvalidInstrumentationOptionError(
        'httpMetrics',
        'semanticConventions',
        options.semanticConventions,
        'must be a boolean',
      );
    }
    if (options.semanticConventions === true) {
      this.semconvDuration = provider.histogram('http.server.request.duration', {
        description: 'Duration of HTTP server requests.',
        unit: 's',
        buckets: SEMCONV_DURATION_BUCKETS,
      });
    }
    if (options.sizes === true) {
      const buckets = options.sizeBuckets ?? DEFAULT_SIZE_BUCKETS;
      this.requestSize = provider.histogram(`${prefix}_request_size_bytes`, {
        description: 'HTTP request body size from Content-Length, in bytes',
        unit: 'bytes',
        buckets,
      });
      this.responseSize = provider.histogram(`${prefix}_response_size_bytes`, {
        description: 'HTTP response body bytes written, in bytes',
        unit: 'bytes',
        buckets,
      });
    }
  }

  /**
   * Starts measuring one request. `resolveRoute(source)` is called once the response is done and
   * returns the route template, or `undefined` for the unmatched value. Returns false when the request
   * is ignored or already measured (by another adapter on the same response).
   */
  track<Source>(
    request: IncomingMessage,
    response: ServerResponse,
    source: Source,
    resolveRoute: (source: Source) => string | undefined,
  ): boolean {
    if (this.ignore?.(request)) return false;
    if (!beginExchange(this, request, response, source, resolveRoute, this.responseSize !== undefined)) {
      return false;
    }
    this.inFlight.inc();
    return true;
  }

  /** @internal Called once per exchange by the response listeners. */
  complete(exchange: Exchange, response: ServerResponse, aborted: boolean): void {
    this.inFlight.dec();
    const method = this.normalizeMethod(exchange.request.method);
    const route = this.routeOf(exchange);
    const status = aborted ? ABORTED_STATUS : String(response.statusCode);
    const bundle = this.bundleFor(method, route, status);
    bundle.requests.inc();
    const seconds = elapsedSeconds(exchange);
    bundle.duration.record(seconds);
    bundle.semconvDuration?.observe(seconds);
    if (bundle.requestSize !== undefined) {
      const size = requestBodySize(exchange.request);
      if (size !== undefined) bundle.requestSize.observe(size);
    }
    bundle.responseSize?.observe(exchange.responseBytes);
  }

  private routeOf(exchange: Exchange): string {
    try {
      const route = exchange.resolveRoute(exchange.source);
      return typeof route === 'string' && route !== '' ? route : this.unmatchedRoute;
    } catch {
      // A failing route function must not crash the process from inside a 'finish' listener.
      return this.unmatchedRoute;
    }
  }

  private bundleFor(method: string, route: string, status: string): SeriesBundle {
    const cached = this.bundles.get(method)?.get(route)?.get(status);
    if (cached !== undefined) return cached;
    const tags = { method, route, status };
    const bundle: SeriesBundle = {
      requests: this.requests.withTags(tags),
      duration: this.duration.withTags(tags),
      requestSize: this.requestSize?.withTags(tags),
      responseSize: this.responseSize?.withTags(tags),
      semconvDuration: this.semconvDuration?.withTags({
        'http.request.method': method,
        'http.route': route,
        'http.response.status_code': status,
      }),
    };
    if (this.cachedBundles < MAX_CACHED_BUNDLES) {
      let byRoute = this.bundles.get(method);
      if (byRoute === undefined) this.bundles.set(method, (byRoute = new Map()));
      let byStatus = byRoute.get(route);
      if (byStatus === undefined) byRoute.set(route, (byStatus = new Map()));
      byStatus.set(status, bundle);
      this.cachedBundles++;
    }
    return bundle;
  }
}

/**
 * The request body size announced by Content-Length; 0 for a request without a body (neither
 * Content-Length nor Transfer-Encoding, RFC 9112 §6.3); `undefined` for a chunked body, whose size is
 * only known by reading it, which a metrics middleware must not do.
 */
function requestBodySize(request: IncomingMessage): number | undefined {
  const length = request.headers['content-length'];
  if (length !== undefined) {
    const bytes = Number(length);
    return Number.isFinite(bytes) && bytes >= 0 ? bytes : undefined;
  }
  return request.headers['transfer-encoding'] === undefined ? 0 : undefined;
}

/** Creates (or reuses) the HTTP metrics of a provider; adapters call this for you. */
export function httpMetrics(provider: Provider, options?: HttpMetricsOptions): HttpMetrics {
  return new HttpMetrics(provider, options);
}
