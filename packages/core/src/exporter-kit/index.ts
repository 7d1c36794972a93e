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
export type { ResolvedConfig } from '../config/resolved-config.js';
export { parseDuration } from '../duration.js';
export { ConfigError, describe } from '../errors.js';
export type { ErrorHandler, Exporter, ExporterContext, ExporterFactory } from '../export/exporter.js';
export { subtractExponentialBuckets } from '../metrics/exponential-merge.js';
export { exponentialQuantile } from '../metrics/exponential-quantile.js';
export { histogramQuantile } from '../metrics/histogram-quantile.js';
export { redactUrl } from '../redact-url.js';
// Every type of the snapshot: `Snapshot`, `MetricSnapshot`, the points, buckets and exemplars.
export type * from '../snapshot.js';
export type { CanonicalTags, Tag } from '../tags.js';
export { tagsToRecord } from '../tags.js';
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
