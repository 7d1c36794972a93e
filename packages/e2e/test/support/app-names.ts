/*
 * The fixture app's metric names as each backend shows them, for its two namings
 * (`test/fixtures/app.mjs`): `classic` (namespace `e2e`, `work_requests`, tag `status`) and
 * `semconv` (E2E_NAMING=semconv, no namespace: OpenTelemetry semantic-convention names such as
 * `http.server.request.duration` with `http.response.status_code`, units in UCUM). The translated
 * spellings below are written out by hand from OpenTelemetry's Prometheus compatibility rules
 * (dots to `_`, unit suffix, `_total`; annotation units such as `{request}` add nothing), so the
 * test checks the exporters' translation instead of repeating it.
 */

/** The six instruments of the fixture app, as one backend names them, and its status tag key. */
export interface BackendNames {
  /** Counter of units of work, by status. */
  readonly requests: string;
  /** Timer with explicit buckets, by status. */
  readonly duration: string;
  /** Histogram of payload sizes (bytes). */
  readonly payload: string;
  /** Gauge. */
  readonly depth: string;
  /** Summary. */
  readonly orderValue: string;
  /** Timer with exponential buckets (E2E_EXPONENTIAL=1). */
  readonly latency: string;
  /** The tag (label, attribute) key that carries the HTTP status. */
  readonly status: string;
}

/** One naming of the fixture app in every backend. */
export interface AppNaming {
  /** Prometheus, remote write and the Pushgateway: sample names before `_bucket`, `_sum`, `_count`. */
  readonly prometheus: BackendNames;
  /** OTLP metric names and attribute keys. */
  readonly otlp: BackendNames;
  /** The logger's `metric` field and `tags` keys. */
  readonly logger: BackendNames;
  /** The Etsy daemon's key prefixes (the tags follow as `.key.value` segments, sorted by key). */
  readonly statsd: BackendNames;
  /** The Etsy key of one series of `run`: the tags of a status-tagged series, then `run`. */
  statsdKey(metric: string, run: string, status?: string): string;
  /** A PromQL selector of the app's own metrics (runtime metrics excluded) for one job. */
  readonly promqlOwnMetrics: string;
}

/** `e2e_work_requests` …: the names the swap table started with, byte-identical since. */
export const CLASSIC: AppNaming = {
  prometheus: {
    requests: 'e2e_work_requests_total',
    duration: 'e2e_work_duration_seconds',
    payload: 'e2e_payload_bytes',
    depth: 'e2e_queue_depth',
    orderValue: 'e2e_order_value',
    latency: 'e2e_work_latency_seconds',
    status: 'status',
  },
  otlp: {
    requests: 'e2e_work_requests',
    duration: 'e2e_work_duration',
    payload: 'e2e_payload_bytes',
    depth: 'e2e_queue_depth',
    orderValue: 'e2e_order_value',
    latency: 'e2e_work_latency',
    status: 'status',
  },
  logger: {
    requests: 'e2e_work_requests',
    duration: 'e2e_work_duration',
    payload: 'e2e_payload_bytes',
    depth: 'e2e_queue_depth',
    orderValue: 'e2e_order_value',
    latency: 'e2e_work_latency',
    status: 'status',
  },
  statsd: {
    requests: 'e2e.work_requests',
    duration: 'e2e.work_duration',
    payload: 'e2e.payload_bytes',
    depth: 'e2e.queue_depth',
    orderValue: 'e2e.order_value',
    latency: 'e2e.work_latency',
    status: 'status',
  },
  statsdKey: (metric, run, status) =>
    `${metric}.run.${run}${status === undefined ? '' : `.status.${status}`}`,
  promqlOwnMetrics: '__name__=~"e2e_.+"',
};

const SEMCONV_ORIGINAL: BackendNames = {
  requests: 'work.requests',
  duration: 'http.server.request.duration',
  payload: 'work.payload.size',
  depth: 'work.queue.depth',
  orderValue: 'work.order.value',
  latency: 'work.latency',
  status: 'http.response.status_code',
};

/** OpenTelemetry semantic-convention names (E2E_NAMING=semconv). */
export const SEMCONV: AppNaming = {
  prometheus: {
    requests: 'work_requests_total', // unit {request}: an annotation, no suffix
    duration: 'http_server_request_duration_seconds',
    payload: 'work_payload_size_bytes', // unit By
    depth: 'work_queue_depth', // unit {item}
    orderValue: 'work_order_value',
    latency: 'work_latency_seconds',
    status: 'http_response_status_code',
  },
  otlp: SEMCONV_ORIGINAL,
  logger: SEMCONV_ORIGINAL,
  // Dots are StatsD's own separator: names keep them. In the Etsy flavor a tag becomes two
  // segments, so a dotted key's dots (and the route's '/') become '_'.
  statsd: { ...SEMCONV_ORIGINAL, status: 'http_response_status_code' },
  statsdKey: (metric, run, status) =>
    status === undefined
      ? `${metric}.run.${run}`
      : `${metric}.http_request_method.POST.http_response_status_code.${status}.http_route._work.run.${run}`,
  promqlOwnMetrics: '__name__=~"work_.+|http_server_.+"',
};
