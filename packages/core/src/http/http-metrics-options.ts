import type { IncomingMessage } from 'node:http';

/** Options shared by every HTTP adapter (node:http, express, fastify). */
export interface HttpMetricsOptions {
  /**
   * First part of every metric name. Default `http`, giving `http_requests_total`,
   * `http_request_duration_seconds`, `http_requests_in_flight`, `http_request_size_bytes` and
   * `http_response_size_bytes`. The provider's namespace and subsystem still come before it.
   */
  prefix?: string;
  /** Upper bounds of the duration histogram, in seconds. Default: prom-client's (0.005 … 10). */
  buckets?: readonly number[];
  /** Record request and response body sizes. Default `false`. */
  sizes?: boolean;
  /** Upper bounds of the size histograms, in bytes. Default {@link DEFAULT_SIZE_BUCKETS}. */
  sizeBuckets?: readonly number[];
  /**
   * The `route` value of every request no route template matched (404s, and requests answered
   * before routing, e.g. by a static-file or auth middleware). Default `unmatched`. One value for all
   * of them keeps the series count bounded whatever URLs clients send.
   */
  unmatchedRoute?: string;
  /** Requests for which this returns true are not measured at all (e.g. the `/metrics` scrape itself). */
  ignore?: (req: IncomingMessage) => boolean;
  /** Methods kept as tag values; any other method is recorded as `OTHER`. Default: RFC 9110's and PATCH. */
  methods?: readonly string[];
  /**
   * Also record OpenTelemetry's semantic-convention histogram `http.server.request.duration` (unit
   * `s`, buckets {@link SEMCONV_DURATION_BUCKETS}) tagged `http.request.method`, `http.route` and
   * `http.response.status_code`; Prometheus shows it as `http_server_request_duration_seconds`.
   * The provider's namespace and subsystem still come before it. Default `false`.
   */
  semanticConventions?: boolean;
}

/** The buckets the HTTP semantic conventions recommend for `http.server.request.duration`. */
export const SEMCONV_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** Options of an adapter whose route template can be supplied by the application. */
export interface RouteOptions<Request> extends HttpMetricsOptions {
  /**
   * The route template of a request, e.g. `/users/:id`. Takes precedence over what the adapter reads
   * from the framework (or from `routes`); returning `undefined` falls back to that, and then to the
   * unmatched value. Called once per request when the response is done. Never return the raw path:
   * every distinct value is a new series.
   */
  routeOf?: (req: Request) => string | undefined;
}

/** Default size buckets: powers of 4 from 64 B to 16 MiB. */
export const DEFAULT_SIZE_BUCKETS: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
]);

/** The `route` value of unmatched requests when `unmatchedRoute` is not given. */
export const DEFAULT_UNMATCHED_ROUTE = 'unmatched';

/** The `status` value of a request whose client went away before the response was complete. */
export const ABORTED_STATUS = '499';
