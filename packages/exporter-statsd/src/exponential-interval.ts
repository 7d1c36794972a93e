import type { ExponentialBuckets, HistogramPoint } from '@meterkit/core';
import { exponentialDelta, exponentialLowerBound } from '@meterkit/core/exporter-kit';
import type { Segment } from './distribution-samples.js';
import type { IntervalDistribution } from './interval-distribution.js';

/**
 * The observations an exponential histogram series received since `previous`, from its exponential
 * buckets (far finer than its single `+Inf` classic bucket): one segment per non-empty bucket, from
 * the most negative to the most positive, narrowed by the all-time min and max. `undefined` when
 * nothing finite was recorded. A count or bucket that went down means the series was re-created.
 */
export function exponentialInterval(
  previous: HistogramPoint | undefined,
  current: HistogramPoint,
): IntervalDistribution | undefined {
  const buckets = current.exponential;
  if (buckets === undefined || current.min === undefined || current.max === undefined) return undefined;
  const delta = exponentialDelta(buckets, previous?.exponential);
  const base = delta === undefined ? undefined : previous;
  const interval = delta ?? buckets;
  const sum = current.sum - (base?.sum ?? 0);
  if (!Number.isFinite(sum)) return undefined;
  const segments = segmentsOf(interval, current.min, current.max);
  const count = segments.reduce((total, segment) => total + segment.count, 0);
  if (!(count > 0)) return undefined;
  return {
    count,
    delta: {
      segments,
      sum,
      // As for classic buckets: the all-time extremes are the interval's when they moved in it.
      min: base?.min === undefined || current.min < base.min ? current.min : undefined,
      max: base?.max === undefined || current.max > base.max ? current.max : undefined,
    },
  };
}

function segmentsOf(buckets: ExponentialBuckets, min: number, max: number): Segment[] {
  const segments: Segment[] = [];
  const add = (count: number, lower: number, upper: number) => {
    if (count <= 0) return;
    const hi = Math.min(upper, max);
    segments.push({ count, lo: Math.min(Math.max(lower, min), hi), hi });
  };
  const { negative, positive, scale } = buckets;
  // Negative bucket i holds magnitudes (L, U], i.e. values [-U, -L): the largest index comes first.
  for (let i = negative.counts.length - 1; i >= 0; i--) {
    const index = negative.offset + i;
    add(negative.counts[i]!, -exponentialLowerBound(index + 1, scale), -exponentialLowerBound(index, scale));
  }
  add(buckets.zeroCount, 0, 0);
  for (let i = 0; i < positive.counts.length; i++) {
    const index = positive.offset + i;
    add(positive.counts[i]!, exponentialLowerBound(index, scale), exponentialLowerBound(index + 1, scale));
  }
  return segments;
}
