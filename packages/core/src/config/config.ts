import type { Clock } from '../clock.js';
import type { Exporter, ExporterFactory } from '../export/exporter.js';
import type { MetricFilter } from '../filters/metric-filter.js';
import type { TagsInput } from '../tags.js';
import type {
  Duration,
  HistogramsConfig,
  LoggerConfig,
  OpenTelemetryConfig,
  PrometheusConfig,
  ProviderName,
  RemoteWriteConfig,
  StatsdConfig,
} from './backend-config.js';

export type {
  Duration,
  HistogramsConfig,
  LoggerConfig,
  OpenTelemetryConfig,
  PrometheusConfig,
  ProviderName,
  RemoteWriteConfig,
  StatsdConfig,
} from './backend-config.js';

/** Everything `createProvider` needs. Switching backends changes this object, never the code. */
export interface Config {
  /** One backend or several (an array fans out to each). */
  provider: ProviderName | ProviderName[];
  /** `false` gives the noop provider: the same API at near-zero cost. Default true. */
  enabled?: boolean;
  namespace?: string;
  subsystem?: string;
  /** Global tags on every series (a series' own tag with the same key wins). */
  tags?: TagsInput;
  enableRuntimeMetrics?: boolean;
  /**
   * How the runtime metrics of `enableRuntimeMetrics` are named: `'prometheus'` (default) keeps
   * prom-client's names (`nodejs_eventloop_lag_p99_seconds`) so existing dashboards work;
   * `'opentelemetry'` gives the semantic conventions `@opentelemetry/instrumentation-runtime-node`
   * uses (`nodejs.eventloop.delay.p99`, `v8js.memory.heap.used`, `v8js.gc.duration`, …).
   */
  runtimeMetrics?: { naming?: 'prometheus' | 'opentelemetry' };
  enableSystemMetrics?: boolean;
  /** Path of the pull handler. Default `/metrics`. */
  endpoint?: string;
  /** How often push exporters get a snapshot. Default 10s. */
  flushInterval?: Duration;
  /** How long one exporter may take before it is reported and abandoned. Default 10s. */
  exportTimeout?: Duration;
  /**
   * Most tagged series per metric before further tag sets fold into one `meterkit_overflow="true"`
   * series (a warning once per metric, and `meterkit_cardinality_overflow_total` counts the folds).
   * Default 2,000, OpenTelemetry's default; a metric's own `cardinalityLimit` option wins.
   */
  cardinalityLimit?: number;
  /**
   * Drop any series nothing was recorded to for this long (`'5m'`, or ms), at collection time; a
   * metric's own `expireAfter` wins. Default: series never expire.
   */
  seriesExpiry?: number | string;
  /**
   * Counters keep their latest exemplar per series, histograms and timers per bucket: the explicit
   * exemplar tags of a call, else the active sampled OpenTelemetry span's `trace_id` and `span_id`.
   * A metric's own `exemplars` option wins. Default false (and then no cost on any hot path).
   */
  exemplars?: boolean;
  /**
   * Micrometer-style filters applied when metrics and series are created (the hot path pays nothing):
   * deny/accept by name, rename, drop/rename/redact tags, bucket overrides, common tags. See `MetricFilters`.
   */
  filters?: readonly MetricFilter[];
  /** How long an async callback gauge may take before it is skipped. Default 5s. */
  callbackTimeout?: Duration;
  /** Defaults for every histogram and timer: `exponential: true` makes them exponential histograms. */
  histograms?: HistogramsConfig;
  prometheus?: PrometheusConfig;
  remoteWrite?: RemoteWriteConfig;
  opentelemetry?: OpenTelemetryConfig;
  statsd?: StatsdConfig;
  logger?: LoggerConfig;
  /** Extra exporters (instances or factories) next to the named backends. */
  exporters?: ReadonlyArray<Exporter | ExporterFactory>;
  /** Receives every exporter, callback and collection error. Default: a warning on stderr. */
  onError?: (error: Error, source: string) => void;
  /** For tests: a manual clock from `@meterkit/core/testing`. */
  clock?: Clock;
}
