import type {
  CanonicalTags,
  HistogramMetricSnapshot,
  HistogramPoint,
  ValueMetricSnapshot,
  ValuePoint,
} from '@meterkit/core';
import type { HrTime } from '@opentelemetry/api';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import type { ExemplarCarrier } from './otlp-exemplars.js';

/**
 * Cumulative counters and explicit-bucket histograms whose OTLP points this package's encoders
 * write straight from core's snapshot points: for 10,000 series, building an SDK point per series
 * (attributes record, value, per-bucket counts array, times) and walking them again to encode cost
 * more than the encoding, mostly in garbage collection. The metric still is the SDK's `MetricData`:
 * reading `dataPoints` (an SDK reader or serializer does) builds the SDK points then, once.
 */
export const SNAPSHOT_SOURCE: unique symbol = Symbol('meterkit.snapshotSource');

/** What the encoders need to write a metric's points from its snapshot. */
interface SnapshotSource<P, D> {
  readonly metric: { readonly startTime: number; readonly points: readonly P[] };
  /** The metric's start time and the export time, converted once for all series. */
  readonly start: HrTime;
  readonly end: HrTime;
  /** The SDK point of one series, as the metric's `dataPoints` holds it. */
  readonly pointOf: (point: P) => D;
}

/** A cumulative histogram's snapshot. */
export interface HistogramSource
  extends SnapshotSource<HistogramPoint, DataPoint<Histogram> & ExemplarCarrier> {
  readonly kind: 'histogram';
  readonly metric: HistogramMetricSnapshot;
  /** The finite upper bounds every point is expected to share (a point that differs is built as an SDK point). */
  readonly boundaries: readonly number[];
}

/** A cumulative counter's snapshot (a monotonic sum of doubles). */
export interface CounterSource extends SnapshotSource<ValuePoint, DataPoint<number> & ExemplarCarrier> {
  readonly kind: 'counter';
  readonly metric: ValueMetricSnapshot;
}

type Source = HistogramSource | CounterSource;
type Sourced = { [SNAPSHOT_SOURCE]?: Source };

/**
 * The SDK metric data of `source`, its `dataPoints` built on first read. Assigning `dataPoints`
 * replaces them and drops the source, so the encoders then write what was assigned.
 */
export function sourcedMetricData<D extends MetricData>(base: Omit<D, 'dataPoints'>, source: Source): D {
  const data = { ...base } as unknown as D & Sourced;
  let points: unknown[] | undefined;
  Object.defineProperty(data, 'dataPoints', {
    enumerable: true,
    configurable: true,
    get: () =>
      (points ??= (source.metric.points as unknown[]).map(source.pointOf as (p: unknown) => unknown)),
    set: (value: unknown[]) => {
      points = value;
      data[SNAPSHOT_SOURCE] = undefined;
    },
  });
  data[SNAPSHOT_SOURCE] = source;
  return data;
}

/** The snapshot source of a histogram, when its points were not replaced. */
export function histogramSourceOf(metric: object): HistogramSource | undefined {
  const source = (metric as Sourced)[SNAPSHOT_SOURCE];
  return source?.kind === 'histogram' ? source : undefined;
}

/** The snapshot source of a counter, when its points were not replaced. */
export function counterSourceOf(metric: object): CounterSource | undefined {
  const source = (metric as Sourced)[SNAPSHOT_SOURCE];
  return source?.kind === 'counter' ? source : undefined;
}

/** True when `point`'s buckets have exactly `boundaries` as finite upper bounds, then +Inf. */
export function hasBoundaries(point: HistogramPoint, boundaries: readonly number[]): boolean {
  const buckets = point.buckets;
  if (buckets.length !== boundaries.length + 1) return false;
  for (let i = 0; i < boundaries.length; i++) if (buckets[i]!.upperBound !== boundaries[i]) return false;
  return true;
}

/**
 * True when writing `tags` in their order gives what the SDK attributes record of them holds: keys
 * strictly increasing (canonical tags are; no key repeats) and none starting with a digit (a record
 * lists array-index keys such as `"7"` first; `__proto__` is no key of a record at all).
 */
export function tagsInRecordOrder(tags: CanonicalTags): boolean {
  let previous = '';
  for (let i = 0; i < tags.length; i++) {
    const key = tags[i]!.key;
    const first = key.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39) || (i > 0 && !(key > previous)) || key === '__proto__') return false;
    previous = key;
  }
  return true;
}

/** A point of its own, for code that keeps it: the points being encoded may be one reused view. */
export function ownPoint(point: HistogramPoint): HistogramPoint {
  return { ...point, tags: [...point.tags], buckets: point.buckets.map((bucket) => ({ ...bucket })) };
}
