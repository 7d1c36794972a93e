/**
 * The Config sections each backend reads, and the names of the backends. They sit below both
 * `Config` (config.ts) and `ResolvedConfig` (export/exporter.ts), which each embed them, so that
 * neither has to import the other.
 */

/** The backends `createProvider` knows by name. */
export type ProviderName =
  | 'prometheus'
  | 'remote-write'
  | 'opentelemetry'
  | 'statsd'
  | 'logger'
  | 'memory'
  | 'noop';

/** Durations: milliseconds, or strings like `"500ms"`, `"15s"`, `"1m"`. */
export type Duration = number | string;

/** Prometheus: the pull handler and the Pushgateway. */
export interface PrometheusConfig {
  path?: string;
  pushGateway?: string;
  pushInterval?: Duration;
  pushJobName?: string;
  groupings?: Record<string, string>;
  openMetrics?: boolean;
  /**
   * Serve the original (dotted, UTF-8) names, quoted as Prometheus 3 specifies, to a scraper whose
   * `Accept` carries `escaping=allow-utf-8` for the text format; every other scrape gets the
   * translated names (`http_server_request_duration_seconds`). Default false.
   */
  utf8Names?: boolean;
  /**
   * OpenMetrics scrapes carry a `_created` line (the series' start time) for every counter,
   * histogram and summary series, so a scraper sees a series re-created after removal or expiry.
   * Default false: Prometheus 2.x stores `_created` lines as series of their own.
   */
  createdTimestamps?: boolean;
  /** Credentials a scraper must present (see @meterkit/exporter-prometheus). */
  scrapeAuth?: { basic?: { username: string; password: string }; bearerToken?: string };
  /** PEM text or file paths: the standalone server serves HTTPS. */
  tls?: { key: string; cert: string };
  /** Within this duration after a collection, scrapes reuse its result. */
  minCollectionInterval?: Duration;
  /** A scrape whose body would exceed this gets 503 with Retry-After. */
  maxResponseBytes?: number;
  [extension: string]: unknown;
}

/**
 * Prometheus remote write 1.0 (`provider: 'remote-write'`, in @meterkit/exporter-prometheus): pushes to
 * Prometheus, Mimir, Thanos Receive, Cortex or VictoriaMetrics. The exporter package validates it in full.
 */
export interface RemoteWriteConfig {
  /** The receiver's write URL, e.g. `http://mimir:9009/api/v1/push`. */
  url?: string;
  /** How often a snapshot is sent. Default: the Config's `flushInterval`. */
  interval?: Duration;
  /** Extra headers on every request (the protocol's own headers cannot be overridden). */
  headers?: Record<string, string>;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** Deadline of one request. Default 30s. */
  timeout?: Duration;
  /** Labels on every series, e.g. `{ job: 'checkout', instance: 'pod-7' }` (a series' own tag wins). */
  labels?: Record<string, string>;
  /** PEM text or a file path of the CA that signed the receiver's certificate. */
  tls?: { ca: string };
  /** Most samples in one request. Default 2,000. */
  maxSamplesPerRequest?: number;
  /** Most samples held while the receiver is down before the oldest are dropped. Default 500,000. */
  maxQueuedSamples?: number;
  /** Retry backoff: first delay (default 30ms), doubled up to `maxBackoff` (default 5s). */
  minBackoff?: Duration;
  maxBackoff?: Duration;
  /** Send exponential histograms as native histograms; only for receivers that accept them. Default false. */
  nativeHistograms?: boolean;
  [extension: string]: unknown;
}

/** OpenTelemetry: OTLP over HTTP. */
export interface OpenTelemetryConfig {
  collectorUrl?: string;
  exportInterval?: Duration;
  resourceAttributes?: Record<string, string>;
  headers?: Record<string, string>;
  insecure?: boolean;
  temporality?: 'cumulative' | 'delta';
  protocol?: 'http/json' | 'http/protobuf';
  [extension: string]: unknown;
}

/** StatsD, DogStatsD and Telegraf. */
export interface StatsdConfig {
  address?: string;
  flushPeriod?: Duration;
  maxPacketSize?: number;
  sampleRate?: number;
  protocol?: 'udp' | 'tcp' | 'uds';
  flavor?: 'etsy' | 'datadog' | 'telegraf';
  [extension: string]: unknown;
}

/** Defaults of every histogram and timer (a metric's own options win). */
export interface HistogramsConfig {
  /** Keep OpenTelemetry's exponential buckets (see `HistogramOptions.exponential`). Default false. */
  exponential?: boolean;
}

/** Structured log output. */
export interface LoggerConfig {
  format?: 'json' | 'logfmt' | 'table';
  sink?: (line: string) => void;
  level?: string;
  [extension: string]: unknown;
}
