import type { CanonicalTags } from './tags.js';

/**
 * The plain-data picture of every series at one instant: the only thing exporters read. A new
 * snapshot is built by every collection and never changed afterwards: the snapshot, its metrics and
 * their point arrays are frozen; points, tags and buckets are typed `readonly` but not frozen one by
 * one, because freezing 100,000 points costs a scrape about 20 ms. Values are cumulative since
 * `startTime` (exporters that need deltas keep their own "last reported" state).
 */
export interface Snapshot {
  /** Wall-clock milliseconds when collection started. */
  readonly timestamp: number;
  readonly metrics: readonly MetricSnapshot[];
}

/** Every kind of metric a snapshot can hold. `info` is a gauge of 1 carrying static labels. */
export type SnapshotMetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'timer' | 'info';

interface MetricSnapshotBase {
  /** Full name (`namespace_subsystem_name`); info metrics end in `_info`. */
  readonly name: string;
  readonly description: string;
  /** A unit such as `seconds` or `bytes`, or `''`. Timers are always `seconds`. */
  readonly unit: string;
  /** Wall-clock milliseconds since which the cumulative values have been counted. */
  readonly startTime: number;
  /**
   * The instrumentation scope that created the metric (an OpenTelemetry meter's name and version),
   * when one did (`@meterkit/otel-bridge` sets it). Absent for metrics created through meterkit.
   */
  readonly scope?: InstrumentationScope;
}

/** Who created a metric: OpenTelemetry's instrumentation scope (OTLP `InstrumentationScope`). */
export interface InstrumentationScope {
  readonly name: string;
  readonly version?: string;
}

/** A counter, gauge or info metric. */
export interface ValueMetricSnapshot extends MetricSnapshotBase {
  readonly type: 'counter' | 'gauge' | 'info';
  /**
   * On a gauge: its value only moves by `add`/`sub` (an OpenTelemetry UpDownCounter), so OTLP gets
   * a non-monotonic sum; backends without that notion export it as the gauge it is. Absent otherwise.
   */
  readonly upDownCounter?: true;
  readonly points: readonly ValuePoint[];
}

/** A histogram or a timer (a histogram of seconds). */
export interface HistogramMetricSnapshot extends MetricSnapshotBase {
  readonly type: 'histogram' | 'timer';
  readonly points: readonly HistogramPoint[];
  /**
   * The limits of an exponential histogram (its points then carry `exponential`): merging series
   * of several processes needs `maxBuckets` to end at the scale one histogram would have.
   */
  readonly exponential?: ExponentialLimits;
}

/** `HistogramOptions.exponential` as validated: most buckets per sign and the starting scale. */
export interface ExponentialLimits {
  readonly maxBuckets: number;
  readonly maxScale: number;
}

/** A summary: quantiles over a sliding window plus all-time count and sum. */
export interface SummaryMetricSnapshot extends MetricSnapshotBase {
  readonly type: 'summary';
  readonly points: readonly SummaryPoint[];
}

export type MetricSnapshot = ValueMetricSnapshot | HistogramMetricSnapshot | SummaryMetricSnapshot;

/** One series of a counter, gauge or info metric. Tags include the global tags. */
export interface ValuePoint {
  readonly tags: CanonicalTags;
  readonly value: number;
  /**
   * Wall-clock ms since which this series counts: its creation, or its re-creation after `remove`,
   * `clear` or expiry. Always set by meterkit's own metrics; a collector's points may leave it out
   * (the metric's `startTime` then stands for it).
   */
  readonly startTime?: number;
  /** The latest exemplar of a counter series, only when the metric has `exemplars: true`. */
  readonly exemplar?: Exemplar;
}

/**
 * One recorded observation with trace context (`trace_id`, `span_id`) or explicit tags, kept when a
 * metric has `exemplars: true`. OpenMetrics, the protobuf exposition and OTLP carry it.
 */
export interface Exemplar {
  readonly tags: Readonly<Record<string, string>>;
  readonly value: number;
  /** Wall-clock ms when it was recorded. */
  readonly timestamp: number;
}

/** One bucket: how many observations were `<= upperBound` (cumulative). */
export interface Bucket {
  readonly upperBound: number;
  readonly count: number;
  /** The latest exemplar that fell into this bucket (not cumulative), when exemplars are on. */
  readonly exemplar?: Exemplar;
}

/** One series of a histogram or timer. */
export interface HistogramPoint {
  readonly tags: CanonicalTags;
  /** Wall-clock ms since which this series counts (see `ValuePoint.startTime`). */
  readonly startTime?: number;
  readonly count: number;
  readonly sum: number;
  /** Smallest and largest observation, or `undefined` while `count` is 0. */
  readonly min: number | undefined;
  readonly max: number | undefined;
  /** Cumulative; the last `upperBound` is `Infinity` and its count equals `count`. */
  readonly buckets: readonly Bucket[];
  /** Observations since the previous push, when an exporter asked for them (`Exporter.observationReservoir`). */
  readonly recent?: RecentObservations;
  /**
   * The base-2 exponential buckets, only on series of exponential histograms. When the histogram
   * has no explicit `buckets`, `buckets` above is the single `+Inf` bucket.
   */
  readonly exponential?: ExponentialBuckets;
}

/**
 * Consecutive exponential buckets of one sign: `counts[i]` (not cumulative) is the number of
 * observations whose magnitude lies in `(base^(offset+i), base^(offset+i+1)]`.
 */
export interface ExponentialBucketSpan {
  readonly offset: number;
  readonly counts: readonly number[];
}

/**
 * OpenTelemetry's base-2 exponential histogram buckets (OTLP `ExponentialHistogramDataPoint`,
 * Prometheus native histogram with schema = scale): `base = 2^(2^-scale)`; zeroCount counts values
 * with magnitude <= zeroThreshold (always 0 here: exact zeros). Only finite values have a bucket, so
 * `zeroCount` plus all counts equals the point's `count` minus its infinite observations.
 */
export interface ExponentialBuckets {
  readonly scale: number;
  readonly zeroCount: number;
  readonly zeroThreshold: number;
  readonly positive: ExponentialBucketSpan;
  readonly negative: ExponentialBucketSpan;
}

/** One configured quantile of a summary, over its sliding window (`NaN` when the window is empty). */
export interface QuantileValue {
  readonly quantile: number;
  readonly value: number;
}

/** One series of a summary. */
export interface SummaryPoint {
  readonly tags: CanonicalTags;
  /** Wall-clock ms since which this series counts (see `ValuePoint.startTime`). */
  readonly startTime?: number;
  readonly count: number;
  readonly sum: number;
  readonly quantiles: readonly QuantileValue[];
  /**
   * The sliding window's sketch as plain data: summaries from several processes (cluster workers)
   * merge exactly by adding these (`RelativeErrorSketch.fromData(a).merge(fromData(b))`).
   */
  readonly sketch?: SketchData;
  /** Observations since the previous push, when an exporter asked for them (`Exporter.observationReservoir`). */
  readonly recent?: RecentObservations;
}

// The two shapes below are filled in by metrics/ (observation-reservoir.ts, relative-error-sketch.ts);
// they are declared here, with the rest of the snapshot's data, so that snapshot.ts imports nothing above it.

/** The observations a push exporter gets for one series: a uniform sample of `count` observations. */
export interface RecentObservations {
  /** At most the reservoir's capacity; every observation since the last push had the same chance to be here. */
  readonly values: readonly number[];
  /** How many observations there were since the last push (`values.length` when nothing was dropped). */
  readonly count: number;
}

/** A relative-error sketch as plain data (what `RelativeErrorSketch.toData` returns): a summary's sliding window. */
export interface SketchData {
  readonly relativeAccuracy: number;
  readonly positive: { readonly offset: number; readonly counts: readonly number[] };
  readonly negative: { readonly offset: number; readonly counts: readonly number[] };
  readonly zeroCount: number;
  /** Observations of -Infinity (absent when none, and in data from meterkit before 0.2). */
  readonly negativeInfinityCount?: number;
  /** Observations of +Infinity (absent when none). */
  readonly positiveInfinityCount?: number;
}
