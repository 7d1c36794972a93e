import type { CanonicalTags, HistogramMetricSnapshot, HistogramPoint } from '@meterkit/core';
import type { HrTime } from '@opentelemetry/api';
import type { DataPoint, Histogram, HistogramMetricData } from '@opentelemetry/sdk-metrics';
import type { ExemplarCarrier } from './otlp-exemplars.js';

/**
 * A cumulative explicit-bucket histogram whose OTLP points this package's encoders write straight
 * from core's snapshot points: for 10,000 series, building an SDK point per series (attributes
 * record, value, per-bucket counts array, times) and walking them again to encode cost more than
 * the encoding, mostly in garbage collection. The metric still is the SDK's `HistogramMetricData`:
 * reading `dataPoints` (an SDK reader or serializer does) builds the SDK points then, once.
 */
export const HISTOGRAM_SOURCE: unique symbol = Symbol('meterkit.histogramSource');

/** What the encoders need to write a histogram's points from its snapshot. */
export interface HistogramSource {
  readonly metric: HistogramMetricSnapshot;
  /** The finite upper bounds every point is expected to share (a point that differs is built as an SDK point). */
  readonly boundaries: readonly number[];
  /** The metric's start time and the export time, converted once for all series. */
  readonly start: HrTime;
  readonly end: HrTime;
  /** The SDK point of one series, as {@link HistogramMetricData.dataPoints} holds it. */
  readonly pointOf: (point: HistogramPoint) => DataPoint<Histogram> & ExemplarCarrier;
}

/** Histogram data that may carry its {@link HistogramSource}. */
export type SourcedHistogramData = HistogramMetricData & { [HISTOGRAM_SOURCE]?: HistogramSource };

/**
 * The SDK metric data of `source`, its `dataPoints` built on first read. Assigning `dataPoints`
 * replaces them and drops the source, so the encoders then write what was assigned.
 */
export function sourcedHistogramData(
  base: Omit<HistogramMetricData, 'dataPoints'>,
  source: HistogramSource,
): HistogramMetricData {
  const data = { ...base } as SourcedHistogramData;
  let points: Array<DataPoint<Histogram> & ExemplarCarrier> | undefined;
  Object.defineProperty(data, 'dataPoints', {
    enumerable: true,
    configurable: true,
    get: () => (points ??= source.metric.points.map(source.pointOf)),
    set: (value: Array<DataPoint<Histogram> & ExemplarCarrier>) => {
      points = value;
      data[HISTOGRAM_SOURCE] = undefined;
    },
  });
  data[HISTOGRAM_SOURCE] = source;
  return data;
}

/** The snapshot source of `metric`, when its points were not replaced. */
export function histogramSourceOf(metric: object): HistogramSource | undefined {
  return (metric as SourcedHistogramData)[HISTOGRAM_SOURCE];
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
 * lists array-index keys such as `"7"` first).
 */
export function tagsInRecordOrder(tags: CanonicalTags): boolean {
  let previous = '';
  for (let i = 0; i < tags.length; i++) {
    const key = tags[i]!.key;
    const first = key.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39) || (i > 0 && !(key > previous))) return false;
    previous = key;
  }
  return true;
}
