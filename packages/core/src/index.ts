/**
 * @meterkit/core: instrument once, export anywhere. Metric types, the registry, snapshots, the
 * exporter contract, the fan-out, the noop provider, Config and `createProvider`: what an application
 * uses. What only exporters and other meterkit packages need (series keys, bucket arithmetic, name
 * translation, scrape credentials, URL redaction, …) lives on `@meterkit/core/exporter-kit`;
 * `root-exports.test.ts` pins this list so that growing it is a decision.
 * @packageDocumentation
 */
export type { Clock } from './clock.js';
export type {
  Config,
  Duration,
  HistogramsConfig,
  LoggerConfig,
  OpenTelemetryConfig,
  PrometheusConfig,
  ProviderName,
  RemoteWriteConfig,
  StatsdConfig,
} from './config/config.js';
export { configFromEnv } from './config/config-from-env.js';
export { createStderrReporter } from './config/default-error-handler.js';
export type { ResolvedConfig } from './config/resolved-config.js';
export { DEFAULT_FLUSH_INTERVAL_MS, PROVIDER_NAMES, validateConfig } from './config/validate-config.js';
// The HTTP and call adapters now live on `@meterkit/core/http` and `@meterkit/core/instrument`;
// their root names stay for one release, deprecated.
export * from './deprecated-adapter-exports.js';
export { MAX_DURATION_MS, parseDuration } from './duration.js';
export {
  ConfigError,
  DuplicateMetricError,
  ExportTimeoutError,
  InvalidMetricNameError,
  InvalidMetricOptionsError,
  InvalidTagError,
  InvalidValueError,
  MetricTypeConflictError,
  MissingExporterError,
  ValueOutOfRangeError,
} from './errors.js';
export type { ErrorHandler, Exporter, ExporterContext, ExporterFactory } from './export/exporter.js';
export { MultiExporter } from './export/multi-exporter.js';
export type { MetricFilter, MetricIdentity } from './filters/metric-filter.js';
export type { NamePattern } from './filters/metric-filters.js';
export { MetricFilters, SENSITIVE_PATTERNS } from './filters/metric-filters.js';
export { InvalidInstrumentationOptionError } from './instrumentation-option-error.js';
export { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets } from './metrics/buckets.js';
export { DEFAULT_EXPONENTIAL_LIMITS } from './metrics/exponential-histogram.js';
export { MAX_EXPONENTIAL_SCALE, MIN_EXPONENTIAL_SCALE } from './metrics/exponential-index.js';
export { DEFAULT_QUANTILES } from './metrics/summary.js';
export { METRIC_NAME_MAX_LENGTH, validateMetricName } from './names.js';
export { createProvider } from './provider/create-provider.js';
export { MeterkitProvider, MeterProvider } from './provider/meterkit-provider.js';
export { NoopProvider } from './provider/noop-provider.js';
export { MAX_EXPONENTIAL_BUCKETS } from './registry/exponential-options.js';
export type {
  Bucket,
  Exemplar,
  ExponentialBucketSpan,
  ExponentialBuckets,
  ExponentialLimits,
  HistogramMetricSnapshot,
  HistogramPoint,
  InstrumentationScope,
  MetricNameParts,
  MetricSnapshot,
  QuantileValue,
  RecentObservations,
  SketchData,
  Snapshot,
  SnapshotMetricType,
  SummaryMetricSnapshot,
  SummaryPoint,
  ValueMetricSnapshot,
  ValuePoint,
} from './snapshot.js';
export type { CanonicalTags, Tag, TagsArgument, TagsInput } from './tags.js';
export { TAG_KEY_MAX_LENGTH, validateTagKey } from './tags.js';
export type {
  CallbackOptions,
  Counter,
  ExponentialHistogramOptions,
  Gauge,
  GaugeOptions,
  Histogram,
  HistogramOptions,
  HistogramSnapshot,
  Info,
  Metric,
  MetricCollector,
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
