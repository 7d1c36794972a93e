import { subtractExponentialBuckets } from '../metrics/exponential-merge.js';
import type { Bucket, ExponentialBuckets } from '../snapshot.js';
import type { RememberedSeries } from './series-memory.js';

/**
 * `current - previous` for a monotonic total. A smaller current value means the series restarted
 * (a counter reset), so the whole current value is the delta, as Prometheus' `increase()` treats it.
 * No previous value (a new or re-created series): the whole current value.
 */
export function monotonicDelta(current: number, previous: number | undefined): number {
  return current - monotonicBaseline(current, previous);
}

/**
 * What a monotonic total's delta is counted from: `previous`, or 0 after a reset (a lower total) or
 * for a new series. For exporters that round both ends (Telegraf's whole counter increments).
 */
export function monotonicBaseline(current: number, previous: number | undefined): number {
  return previous === undefined || current < previous ? 0 : previous;
}

/** A counter's change since the previous flush, for backends with delta temporality (OTLP delta). */
export interface CounterDelta {
  /** What was added since the previous flush (the whole total after a reset or for a new series). */
  readonly value: number;
  /**
   * Start of the interval this delta covers (ms): the previous flush's time, so consecutive deltas
   * tile time with no gap or overlap; the series' start time for a new or re-created series.
   */
  readonly startTime: number;
  /** True when the whole total is new: a first sight, a re-created series or a counter reset. */
  readonly fresh: boolean;
}

/**
 * Turns one counter series' cumulative total into a delta and remembers the total as sent at `now`.
 * `series` comes from {@link SeriesMemory.see} (which already forgot a re-created series);
 * `seriesStart` is the point's start time, or the metric's when the point has none.
 */
export function counterDelta(
  series: Pick<RememberedSeries<unknown, unknown>, 'last' | 'lastTime'>,
  total: number,
  seriesStart: number,
  now: number,
): CounterDelta {
  const before = series.last;
  const since = series.lastTime;
  series.last = total;
  series.lastTime = now;
  if (typeof before === 'number' && since !== undefined && total >= before)
    return { value: total - before, startTime: since, fresh: false };
  return { value: total, startTime: intervalStart(since, seriesStart, true), fresh: true };
}

/**
 * Where a delta point's interval starts (OTLP `startTimeUnixNano`), for any kind of point: the
 * previous flush's time (`lastTime` of {@link RememberedSeries}, read before updating it); after a
 * reset (`fresh`), not before the series' own start; for a new or re-created series, its start.
 */
export function intervalStart(lastTime: number | undefined, seriesStart: number, fresh: boolean): number {
  if (lastTime === undefined) return seriesStart;
  return fresh ? Math.max(seriesStart, lastTime) : lastTime;
}

/**
 * Count and sum of the observations since the previous flush for a histogram, timer or summary
 * series; a count that went down means the series restarted, and then all it holds is new.
 */
export function observationDelta(
  current: { readonly count: number; readonly sum: number },
  previous: { readonly count: number; readonly sum: number } | undefined,
): { readonly count: number; readonly sum: number; readonly fresh: boolean } {
  if (previous === undefined || current.count < previous.count)
    return { count: current.count, sum: current.sum, fresh: true };
  return { count: current.count - previous.count, sum: current.sum - previous.sum, fresh: false };
}

/**
 * True when `current` can be `previous` counted further: the same bucket bounds and no bucket's
 * own (non-cumulative) count went down. Otherwise the series was re-created (or re-bucketed).
 */
export function bucketsContinue(previous: readonly Bucket[], current: readonly Bucket[]): boolean {
  if (previous.length !== current.length) return false;
  for (let i = 0; i < current.length; i++) {
    if (previous[i]!.upperBound !== current[i]!.upperBound) return false;
    if (ownCount(current, i) < ownCount(previous, i)) return false;
  }
  return true;
}

/** The observations of bucket `i` alone (buckets are cumulative). */
export function ownCount(buckets: readonly Bucket[], i: number): number {
  return buckets[i]!.count - (i === 0 ? 0 : buckets[i - 1]!.count);
}

/**
 * Per-bucket deltas of two cumulative bucket lists, still cumulative. When the previous list does
 * not continue into the current one (a new series, a reset, other bounds), the current buckets are
 * returned unchanged.
 */
export function bucketDeltas(
  current: readonly Bucket[],
  previous: readonly Bucket[] | undefined,
): readonly Bucket[] {
  if (previous === undefined || !bucketsContinue(previous, current)) return current;
  return current.map((bucket, i) => ({
    upperBound: bucket.upperBound,
    count: bucket.count - previous[i]!.count,
  }));
}

/**
 * The exponential buckets recorded since `previous` (core's exact subtraction, at the smaller
 * scale), or `undefined` when `current` cannot follow `previous`: a count went down or the scale
 * went up, which means the series was re-created and all of `current` is new.
 */
export function exponentialDelta(
  current: ExponentialBuckets,
  previous: ExponentialBuckets | undefined,
): ExponentialBuckets | undefined {
  if (previous === undefined || current.scale > previous.scale) return undefined;
  const delta = subtractExponentialBuckets(current, previous);
  return delta.zeroCount >= 0 &&
    delta.positive.counts.every(nonNegative) &&
    delta.negative.counts.every(nonNegative)
    ? delta
    : undefined;
}

const nonNegative = (count: number) => count >= 0;
