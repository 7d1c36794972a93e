import type { HistogramPoint, SummaryPoint } from '@meterkit/core';
import { bucketsContinue, ownCount } from '@meterkit/core/exporter-kit';
import type { DistributionDelta, Segment } from './distribution-samples.js';

/** What happened to one series between two flushes: how many observations, and what is known of them. */
export interface IntervalDistribution {
  readonly count: number;
  readonly delta: DistributionDelta;
}

/**
 * The observations a histogram series received since `previous` (the point sent at the last flush),
 * or `undefined` when there were none. A series whose count or buckets went down was reset (it was
 * re-created), and is then counted from zero.
 */
export function histogramInterval(
  previous: HistogramPoint | undefined,
  current: HistogramPoint,
): IntervalDistribution | undefined {
  const base =
    previous !== undefined &&
    current.count >= previous.count &&
    bucketsContinue(previous.buckets, current.buckets)
      ? previous
      : undefined;
  const count = current.count - (base?.count ?? 0);
  if (!(count > 0)) return undefined;
  const { floor, ceiling } = extremes(current);
  const segments: Segment[] = [];
  const buckets = current.buckets;
  for (let i = 0; i < buckets.length; i++) {
    const inBucket = ownCount(buckets, i) - (base === undefined ? 0 : ownCount(base.buckets, i));
    if (inBucket <= 0) continue;
    // Bucket i holds (upperBound[i-1], upperBound[i]]; the all-time min and max narrow both ends,
    // which also makes the first (-Inf) and last (+Inf) buckets finite.
    const lower = i === 0 ? Number.NEGATIVE_INFINITY : buckets[i - 1]!.upperBound;
    const hi = Math.max(Math.min(buckets[i]!.upperBound, ceiling), floor);
    const lo = Math.min(Math.max(lower, floor), hi);
    segments.push({ count: inBucket, lo, hi });
  }
  return {
    count,
    delta: {
      segments,
      sum: current.sum - (base?.sum ?? 0),
      // The all-time extremes moved during the interval: then they are this interval's extremes.
      min:
        current.min !== undefined && !(base?.min !== undefined && current.min >= base.min)
          ? current.min
          : undefined,
      max:
        current.max !== undefined && !(base?.max !== undefined && current.max <= base.max)
          ? current.max
          : undefined,
    },
  };
}

/**
 * The ends of the distribution: the recorded min and max, or, for a histogram that does not keep
 * them (one read from a prom-client Registry), 0 or the first bound below and the last finite bound
 * above. Counts and the sum stay exact (the samples are moved to add up to the sum); without the
 * true extremes the daemon's upper and lower are estimates.
 */
function extremes(point: HistogramPoint): { floor: number; ceiling: number } {
  const bounds = point.buckets.map((bucket) => bucket.upperBound).filter(Number.isFinite);
  const first = bounds[0];
  const last = bounds.at(-1);
  const mean = point.count > 0 ? point.sum / point.count : 0;
  const floor = point.min ?? (first === undefined ? mean : Math.min(0, first));
  const ceiling = point.max ?? (last === undefined ? mean : Math.max(last, floor));
  return { floor, ceiling };
}

/**
 * The observations of a summary series since `previous`. A summary has no buckets: its configured
 * quantiles (over its sliding window) are the anchors of a piecewise-linear quantile function,
 * extended linearly to ranks 0 and 1 (not below 0 when every quantile is non-negative).
 */
export function summaryInterval(
  previous: SummaryPoint | undefined,
  current: SummaryPoint,
): IntervalDistribution | undefined {
  const base = previous !== undefined && current.count >= previous.count ? previous : undefined;
  const count = current.count - (base?.count ?? 0);
  if (!(count > 0)) return undefined;
  const sum = current.sum - (base?.sum ?? 0);
  return { count, delta: { segments: quantileSegments(current, count, sum / count), sum } };
}

function quantileSegments(point: SummaryPoint, count: number, mean: number): Segment[] {
  const anchors = point.quantiles
    .filter((q) => Number.isFinite(q.value) && q.quantile >= 0 && q.quantile <= 1)
    .sort((a, b) => a.quantile - b.quantile);
  // A quantile function never decreases; a sketch's rounding must not make a segment run backwards.
  for (let i = 1; i < anchors.length; i++) {
    if (anchors[i]!.value < anchors[i - 1]!.value)
      anchors[i] = { ...anchors[i]!, value: anchors[i - 1]!.value };
  }
  if (anchors.length === 0) return [{ count, lo: mean, hi: mean }];
  const first = anchors[0]!;
  const last = anchors[anchors.length - 1]!;
  if (anchors.length === 1) return [{ count, lo: first.value, hi: first.value }];
  const second = anchors[1]!;
  const beforeLast = anchors[anchors.length - 2]!;
  const slopeLow = slope(first, second);
  const slopeHigh = slope(beforeLast, last);
  let atZero = first.value - slopeLow * first.quantile;
  if (first.value >= 0) atZero = Math.max(0, atZero);
  const atOne = last.value + slopeHigh * (1 - last.quantile);
  const segments: Segment[] = [{ count: first.quantile * count, lo: atZero, hi: first.value }];
  for (let i = 1; i < anchors.length; i++) {
    const a = anchors[i - 1]!;
    const b = anchors[i]!;
    segments.push({ count: (b.quantile - a.quantile) * count, lo: a.value, hi: b.value });
  }
  segments.push({ count: (1 - last.quantile) * count, lo: last.value, hi: atOne });
  return segments;
}

function slope(a: { quantile: number; value: number }, b: { quantile: number; value: number }): number {
  const dq = b.quantile - a.quantile;
  return dq > 0 ? Math.max(0, (b.value - a.value) / dq) : 0;
}
