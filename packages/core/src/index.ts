/**
 * @meterkit/core: instrument once, export anywhere. Metric types, the registry, snapshots, the
 * exporter contract, the fan-out, the noop provider, Config and `createProvider`.
 * @packageDocumentation
 */
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export type {
  Config,
  Duration,
  LoggerConfig,
  OpenTelemetryConfig,
  PrometheusConfig,
  ProviderName,
  StatsdConfig,
} from './config/config.js';
export { configFromEnv } from './config/config-from-env.js';
export type { ResolvedConfig } from './config/resolved-config.js';
export { DEFAULT_FLUSH_INTERVAL_MS, PROVIDER_NAMES, validateConfig } from './config/validate-config.js';
export { parseDuration } from './duration.js';
export {
  ConfigError,
  DuplicateMetricError,
  ExportTimeoutError,
  InvalidMetricNameError,
  InvalidMetricOptionsError,
  InvalidTagError,
  MetricTypeConflictError,
  MissingExporterError,
} from './errors.js';
export type { ErrorHandler, Exporter, ExporterContext, ExporterFactory } from './export/exporter.js';
export { FlushScheduler } from './export/flush-scheduler.js';
export { MultiExporter } from './export/multi-exporter.js';
export type { MetricFilter, MetricIdentity } from './filters/metric-filter.js';
export type { NamePattern } from './filters/metric-filters.js';
export { MetricFilters, SENSITIVE_PATTERNS } from './filters/metric-filters.js';
export { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets } from './metrics/buckets.js';
export { histogramQuantile } from './metrics/histogram-quantile.js';
export { DEFAULT_RELATIVE_ACCURACY, RelativeErrorSketch } from './metrics/relative-error-sketch.js';
export { DEFAULT_QUANTILES } from './metrics/summary.js';
export { fullMetricName, validateMetricName } from './names.js';
export { createProvider } from './provider/create-provider.js';
export { EXPORTER_PACKAGES } from './provider/load-exporter.js';
export { MeterProvider } from './provider/meter-provider.js';
export { NoopProvider } from './provider/noop-provider.js';
export type {
  Bucket,
  HistogramMetricSnapshot,
  HistogramPoint,
  MetricSnapshot,
  QuantileValue,
  Snapshot,
  SnapshotMetricType,
  SummaryMetricSnapshot,
  SummaryPoint,
  ValueMetricSnapshot,
  ValuePoint,
} from './snapshot.js';
export type { CanonicalTags, Tag, TagsArgument, TagsInput } from './tags.js';
export { normalizeTags, tagsToRecord, validateTagKey } from './tags.js';
export type {
  CallbackOptions,
  Counter,
  Gauge,
  Histogram,
  HistogramOptions,
  HistogramSnapshot,
  Info,
  Metric,
  MetricOptions,
  MetricType,
  Provider,
  Registry,
  RequestHandler,
  Stopwatch,
  Summary,
  SummaryOptions,
  SummarySnapshot,
  Timer,
} from './types.js';
