/**
 * `@meterkit/core/exporter-kit`: what an exporter author needs besides the {@link Exporter} contract.
 * - `series-memory.ts`: {@link SeriesMemory}, "what did I last send" per series, with the reset rules;
 * - `deltas.ts`: cumulative → delta for counters, observation counts, buckets, exponential buckets;
 * - `config-section.ts`: {@link readConfigSection}, one reader for a backend's Config section;
 * - `metric-names.ts`: name and unit translation (dotted names, Prometheus names, UCUM units);
 * - `example-exporter.ts`: a complete exporter written against this kit alone.
 * @packageDocumentation
 */

// The contract and the data an exporter reads, so that an exporter needs no other import.
export type { Clock } from '../clock.js';
export { systemClock } from '../clock.js';
export type { ResolvedConfig } from '../config/resolved-config.js';
export { parseDuration } from '../duration.js';
export { ConfigError, describe } from '../errors.js';
export type { ErrorHandler, Exporter, ExporterContext, ExporterFactory } from '../export/exporter.js';
export { FlushScheduler } from '../export/flush-scheduler.js';
// Keeps the hidden class of per-scrape objects (and the code optimized for it) across full GCs.
export { keepShape } from '../keep-shape.js';
// Bucket arithmetic and sketches for exporters and `@meterkit/cluster`.
export { exponentialIndex, exponentialLowerBound } from '../metrics/exponential-index.js';
export {
  downscaleExponentialBuckets,
  mergeExponentialBuckets,
  subtractExponentialBuckets,
} from '../metrics/exponential-merge.js';
export { exponentialQuantile } from '../metrics/exponential-quantile.js';
export { histogramQuantile } from '../metrics/histogram-quantile.js';
export { DEFAULT_RELATIVE_ACCURACY, RelativeErrorSketch } from '../metrics/relative-error-sketch.js';
export { fullMetricName, isClassicMetricName } from '../names.js';
export type { PrometheusNameKind } from '../prometheus-compatible-name.js';
export { EXPORTER_FACTORY_NAMES, EXPORTER_PACKAGES } from '../provider/load-exporter.js';
export { redactUrl } from '../redact-url.js';
// The allocation-free walk over a registry's value columns (the Prometheus scrape path).
export {
  firstHistogramPoint,
  type HistogramColumns,
  histogramColumns,
  histogramPointsToEncode,
  histogramPointViews,
} from '../registry/histogram-columns.js';
export {
  type ColumnKeySet,
  forEachColumnSeries,
  TAG_VALUE_CHUNK_BITS,
  type TagColumns,
  type ValueColumns,
  valueColumns,
} from '../registry/value-columns.js';
// Credentials and TLS for every endpoint that shows metrics over HTTP (Prometheus scrape, dashboard).
export type { ScrapeAuth, ScrapeAuthenticator, ServerTls } from '../security/scrape-auth.js';
export { createScrapeAuthenticator, SCRAPE_AUTH_REALM } from '../security/scrape-auth.js';
export type { Environment } from '../security/scrape-security-config.js';
export {
  checkSecret,
  checkUsername,
  PROMETHEUS_SECURITY_ENV,
  resolveScrapeAuth,
  resolveServerTls,
} from '../security/scrape-security-config.js';
export { seriesKey, tagsKey } from '../series-key.js';
// Every type of the snapshot: `Snapshot`, `MetricSnapshot`, the points, buckets and exemplars.
export type * from '../snapshot.js';
export type { CanonicalTags, Tag } from '../tags.js';
export { normalizeTags, tagsToRecord } from '../tags.js';
export type {
  ConfigKey,
  ConfigKeyTable,
  ConfigSectionValues,
  ConfigType,
  ReadSectionOptions,
} from './config-section.js';
export { configTypes, readConfigSection } from './config-section.js';
export type { CounterDelta } from './deltas.js';
export {
  bucketDeltas,
  bucketsContinue,
  counterDelta,
  exponentialDelta,
  intervalStart,
  monotonicBaseline,
  monotonicDelta,
  observationDelta,
  ownCount,
} from './deltas.js';
export type { LineExporterOptions } from './example-exporter.js';
export { createLineExporter } from './example-exporter.js';
export {
  joinedMetricName,
  prometheusCompatibleName,
  prometheusLabelName,
  prometheusSampleName,
  prometheusUnit,
  ucumUnit,
} from './metric-names.js';
export type { RememberedSeries, SeriesMemoryOptions } from './series-memory.js';
export { SeriesMemory } from './series-memory.js';
