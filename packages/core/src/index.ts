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
export { FlushScheduler } from './export/flush-scheduler.js';
export { MultiExporter } from './export/multi-exporter.js';
export type { MetricFilter, MetricIdentity } from './filters/metric-filter.js';
export type { NamePattern } from './filters/metric-filters.js';
export { MetricFilters, SENSITIVE_PATTERNS } from './filters/metric-filters.js';
export type { ExpressLikeRequest, ExpressMetricsMiddleware } from './http/express-middleware.js';
export { expressMiddleware, expressRoute } from './http/express-middleware.js';
export type {
  FastifyLikeInstance,
  FastifyLikeReply,
  FastifyLikeRequest,
  FastifyMetricsPlugin,
} from './http/fastify-plugin.js';
export { fastifyPlugin, fastifyRoute } from './http/fastify-plugin.js';
export { OTHER_METHOD, STANDARD_HTTP_METHODS } from './http/http-method.js';
export { HttpMetrics, httpMetrics } from './http/http-metrics.js';
export type { HttpMetricsOptions, RouteOptions } from './http/http-metrics-options.js';
export {
  ABORTED_STATUS,
  DEFAULT_SIZE_BUCKETS,
  DEFAULT_UNMATCHED_ROUTE,
  SEMCONV_DURATION_BUCKETS,
} from './http/http-metrics-options.js';
export type { NodeHttpMetricsOptions } from './http/node-http-handler.js';
export { instrumentHandler } from './http/node-http-handler.js';
export type { RouteMatcher } from './http/route-patterns.js';
export { compileRoutePatterns } from './http/route-patterns.js';
export type { CallMetricsOptions } from './instrument/call-instruments.js';
export { instrumentFunction } from './instrument/instrument-function.js';
export { InvalidInstrumentationOptionError } from './instrument/instrumentation-option-error.js';
export type { InstrumentedDecorator } from './instrument/instrumented-decorator.js';
export { Instrumented, instrumentMethod } from './instrument/instrumented-decorator.js';
export type { ProviderSource } from './instrument/provider-source.js';
export type { BatchOptions, BatchOutcome, BatchResult } from './instrument/track-batch.js';
export { DEFAULT_BATCH_SIZE_BUCKETS, trackBatch } from './instrument/track-batch.js';
export { trackBlock } from './instrument/track-block.js';
export { DEFAULT_BUCKETS, exponentialBuckets, linearBuckets } from './metrics/buckets.js';
export { DEFAULT_EXPONENTIAL_LIMITS } from './metrics/exponential-histogram.js';
export {
  exponentialIndex,
  exponentialLowerBound,
  MAX_EXPONENTIAL_SCALE,
  MIN_EXPONENTIAL_SCALE,
} from './metrics/exponential-index.js';
export {
  downscaleExponentialBuckets,
  mergeExponentialBuckets,
  subtractExponentialBuckets,
} from './metrics/exponential-merge.js';
export { exponentialQuantile } from './metrics/exponential-quantile.js';
export { histogramQuantile } from './metrics/histogram-quantile.js';
export type { RecentObservations } from './metrics/observation-reservoir.js';
export type { SketchData } from './metrics/relative-error-sketch.js';
export { DEFAULT_RELATIVE_ACCURACY, RelativeErrorSketch } from './metrics/relative-error-sketch.js';
export { DEFAULT_QUANTILES } from './metrics/summary.js';
export {
  fullMetricName,
  isClassicMetricName,
  METRIC_NAME_MAX_LENGTH,
  validateMetricName,
} from './names.js';
export {
  type PrometheusNameKind,
  prometheusCompatibleName,
  prometheusLabelName,
  prometheusSampleName,
  prometheusUnit,
} from './prometheus-compatible-name.js';
export { createProvider } from './provider/create-provider.js';
export { EXPORTER_FACTORY_NAMES, EXPORTER_PACKAGES } from './provider/load-exporter.js';
export { MeterProvider } from './provider/meter-provider.js';
export { NoopProvider } from './provider/noop-provider.js';
export { redactUrl } from './redact-url.js';
export { MAX_EXPONENTIAL_BUCKETS } from './registry/exponential-options.js';
export {
  type ColumnKeySet,
  forEachColumnSeries,
  type ValueColumns,
  valueColumns,
} from './registry/value-columns.js';
export type { ScrapeAuth, ScrapeAuthenticator, ServerTls } from './security/scrape-auth.js';
export { createScrapeAuthenticator, SCRAPE_AUTH_REALM } from './security/scrape-auth.js';
export type { Environment } from './security/scrape-security-config.js';
export {
  checkSecret,
  checkUsername,
  PROMETHEUS_SECURITY_ENV,
  resolveScrapeAuth,
  resolveServerTls,
} from './security/scrape-security-config.js';
export { seriesKey, tagsKey } from './series-key.js';
export type {
  Bucket,
  Exemplar,
  ExponentialBucketSpan,
  ExponentialBuckets,
  ExponentialLimits,
  HistogramMetricSnapshot,
  HistogramPoint,
  InstrumentationScope,
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
export { normalizeTags, TAG_KEY_MAX_LENGTH, tagsToRecord, validateTagKey } from './tags.js';
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
