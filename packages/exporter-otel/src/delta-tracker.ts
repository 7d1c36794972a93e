import type { ExponentialBuckets } from '@meterkit/core';
import { subtractExponentialBuckets } from '@meterkit/core/exporter-kit';

/** What was last reported for one counter series. */
interface ValueState {
  readonly kind: 'value';
  readonly value: number;
  readonly endTime: number;
  /** The series' own start time: a different one later means the series was re-created. */
  readonly seriesStart: number;
}

/** What was last reported for one histogram series (per-bucket, not cumulative, counts). */
interface HistogramState {
  readonly kind: 'histogram';
  readonly count: number;
  readonly sum: number;
  readonly bounds: readonly number[];
  readonly bucketCounts: readonly number[];
  readonly endTime: number;
  readonly seriesStart: number;
}

/** What was last reported for one exponential histogram series. */
interface ExponentialState {
  readonly kind: 'exponential';
  readonly count: number;
  readonly sum: number;
  readonly buckets: ExponentialBuckets;
  readonly endTime: number;
  readonly seriesStart: number;
}

type SeriesState = ValueState | HistogramState | ExponentialState;

/** Current cumulative state of one exponential histogram series. */
export interface ExponentialTotals {
  readonly count: number;
  readonly sum: number;
  readonly buckets: ExponentialBuckets;
}

/** An exponential histogram's change since the previous export. */
export interface ExponentialDelta extends ExponentialTotals {
  readonly startTime: number;
  /** As {@link HistogramDelta.fresh}. */
  readonly fresh: boolean;
}

/** A counter's change since the previous export. */
export interface ValueDelta {
  readonly value: number;
  /** Start of the interval this delta covers (ms). */
  readonly startTime: number;
}

/** A histogram's change since the previous export. */
export interface HistogramDelta {
  readonly count: number;
  readonly sum: number;
  readonly bucketCounts: number[];
  readonly startTime: number;
  /**
   * True when the whole cumulative state is new (first export of the series, or after a reset), so
   * the all-time min and max are also the interval's.
   */
  readonly fresh: boolean;
}

/** Current cumulative histogram state of one series. */
export interface HistogramTotals {
  readonly count: number;
  readonly sum: number;
  readonly bounds: readonly number[];
  readonly bucketCounts: readonly number[];
}

/**
 * Turns meterkit's cumulative values into OTLP delta points. Snapshots are cumulative (core keeps
 * no per-exporter state), so this keeps what was last reported per series, like the SDK's
 * `TemporalMetricProcessor`. Each delta starts where the previous point of its series ended, so
 * consecutive points tile time without gaps or overlaps. A value that went backwards means the
 * series was reset (unregistered and created again): its whole value is reported as new.
 * Series absent from a collection are forgotten, so a series that comes back starts afresh.
 */
export class DeltaTracker {
  private previous = new Map<string, SeriesState>();
  private current = new Map<string, SeriesState>();

  /** Starts a collection; call {@link endCollection} when every series was seen. */
  beginCollection(): void {
    this.current = new Map();
  }

  /** Ends a collection: what was seen becomes the baseline of the next one. */
  endCollection(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /**
   * What the series reported last, unless it was re-created since (removed or expired, then
   * recorded again: a new start time), when its whole value is new even if it exceeds the old one.
   */
  private baseline(key: string, seriesStart: number): SeriesState | undefined {
    const before = this.previous.get(key);
    return before !== undefined && before.seriesStart !== seriesStart ? undefined : before;
  }

  /** A counter's change since the previous collection. */
  counter(key: string, value: number, seriesStart: number, now: number): ValueDelta {
    const before = this.baseline(key, seriesStart);
    this.current.set(key, { kind: 'value', value, endTime: now, seriesStart });
    if (before?.kind === 'value' && value >= before.value) {
      return { value: value - before.value, startTime: before.endTime };
    }
    return { value, startTime: before ? Math.max(seriesStart, before.endTime) : seriesStart };
  }

  /** An exponential histogram's change since the previous collection. */
  exponential(key: string, totals: ExponentialTotals, seriesStart: number, now: number): ExponentialDelta {
    const before = this.baseline(key, seriesStart);
    this.current.set(key, { kind: 'exponential', ...totals, endTime: now, seriesStart });
    return exponentialChange(before, totals, seriesStart);
  }

  /** A histogram's change since the previous collection. */
  histogram(key: string, totals: HistogramTotals, seriesStart: number, now: number): HistogramDelta {
    const before = this.baseline(key, seriesStart);
    this.current.set(key, { kind: 'histogram', ...totals, endTime: now, seriesStart });
    if (before?.kind === 'histogram' && continues(before, totals)) {
      return {
        count: totals.count - before.count,
        sum: totals.sum - before.sum,
        bucketCounts: totals.bucketCounts.map((count, i) => count - before.bucketCounts[i]!),
        startTime: before.endTime,
        fresh: false,
      };
    }
    return {
      count: totals.count,
      sum: totals.sum,
      bucketCounts: [...totals.bucketCounts],
      startTime: before ? Math.max(seriesStart, before.endTime) : seriesStart,
      fresh: true,
    };
  }
}

/**
 * The exponential buckets recorded since the previous collection (core's exact subtraction at the
 * smaller scale); a count or bucket that went down, or a scale that went up, means a reset.
 */
export function exponentialChange(
  before: SeriesState | undefined,
  totals: ExponentialTotals,
  seriesStart: number,
): ExponentialDelta {
  if (
    before?.kind === 'exponential' &&
    totals.count >= before.count &&
    totals.buckets.scale <= before.buckets.scale
  ) {
    const buckets = subtractExponentialBuckets(totals.buckets, before.buckets);
    if (
      buckets.zeroCount >= 0 &&
      buckets.positive.counts.every(nonNegative) &&
      buckets.negative.counts.every(nonNegative)
    ) {
      return {
        count: totals.count - before.count,
        sum: totals.sum - before.sum,
        buckets,
        startTime: before.endTime,
        fresh: false,
      };
    }
  }
  return { ...totals, startTime: before ? Math.max(seriesStart, before.endTime) : seriesStart, fresh: true };
}

const nonNegative = (count: number) => count >= 0;

/** True when `now` can be the same series as `before`, later: same buckets, no count went down. */
function continues(before: HistogramState, now: HistogramTotals): boolean {
  if (now.count < before.count || now.bounds.length !== before.bounds.length) return false;
  for (let i = 0; i < now.bounds.length; i++) {
    if (now.bounds[i] !== before.bounds[i]) return false;
  }
  for (let i = 0; i < now.bucketCounts.length; i++) {
    if (now.bucketCounts[i]! < before.bucketCounts[i]!) return false;
  }
  return true;
}
