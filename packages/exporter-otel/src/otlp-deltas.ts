import type { CanonicalTags, ExponentialBuckets } from '@meterkit/core';
import {
  counterDelta,
  exponentialDelta,
  intervalStart,
  observationDelta,
  SeriesMemory,
} from '@meterkit/core/exporter-kit';

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

/** Current cumulative histogram state of one series (per-bucket, not cumulative, counts: OTLP's). */
export interface HistogramTotals {
  readonly count: number;
  readonly sum: number;
  readonly bounds: readonly number[];
  readonly bucketCounts: readonly number[];
}

/** What was last exported for a series: a counter's total or a histogram's totals. */
type Sent = number | HistogramTotals | ExponentialTotals;

/**
 * Turns meterkit's cumulative values into OTLP delta points, on the exporter kit's
 * `SeriesMemory` (the reset rules every delta exporter shares: a series absent from a collection
 * is forgotten, a new start time means re-created, a total that went down means a reset). Each
 * delta starts where the previous point of its series ended, so consecutive points tile time
 * without gaps or overlaps, as the SDK's `TemporalMetricProcessor` does.
 */
export class OtlpDeltas {
  private readonly memory = new SeriesMemory<Sent>();

  /** Starts a collection; call {@link endCollection} when every series was seen. */
  beginCollection(): void {
    this.memory.beginFlush();
  }

  /** Ends a collection: series it did not see are forgotten. */
  endCollection(): void {
    this.memory.endFlush();
  }

  /** A counter's change since the previous collection. */
  counter(name: string, tags: CanonicalTags, value: number, seriesStart: number, now: number): ValueDelta {
    const series = this.memory.see(name, tags, seriesStart);
    if (typeof series.last !== 'number') series.last = undefined;
    const { value: change, startTime } = counterDelta(series, value, seriesStart, now);
    return { value: change, startTime };
  }

  /** A histogram's (or a summary's count and sum) change since the previous collection. */
  histogram(
    name: string,
    tags: CanonicalTags,
    totals: HistogramTotals,
    seriesStart: number,
    now: number,
  ): HistogramDelta {
    const series = this.memory.see(name, tags, seriesStart);
    const before = series.last;
    const since = series.lastTime;
    series.last = totals;
    series.lastTime = now;
    const previous = isHistogram(before) && since !== undefined ? before : undefined;
    const observed = observationDelta(totals, previous);
    if (previous !== undefined && !observed.fresh && bucketCountsContinue(previous, totals)) {
      return {
        count: observed.count,
        sum: observed.sum,
        bucketCounts: totals.bucketCounts.map((count, i) => count - previous.bucketCounts[i]!),
        startTime: since!,
        fresh: false,
      };
    }
    return {
      count: totals.count,
      sum: totals.sum,
      bucketCounts: [...totals.bucketCounts],
      startTime: intervalStart(since, seriesStart, true),
      fresh: true,
    };
  }

  /** An exponential histogram's change since the previous collection. */
  exponential(
    name: string,
    tags: CanonicalTags,
    totals: ExponentialTotals,
    seriesStart: number,
    now: number,
  ): ExponentialDelta {
    const series = this.memory.see(name, tags, seriesStart);
    const before = series.last;
    const since = series.lastTime;
    series.last = totals;
    series.lastTime = now;
    const previous = isExponential(before) && since !== undefined ? before : undefined;
    if (previous !== undefined && totals.count >= previous.count) {
      const buckets = exponentialDelta(totals.buckets, previous.buckets);
      if (buckets !== undefined)
        return {
          count: totals.count - previous.count,
          sum: totals.sum - previous.sum,
          buckets,
          startTime: since!,
          fresh: false,
        };
    }
    return { ...totals, startTime: intervalStart(since, seriesStart, true), fresh: true };
  }
}

function isHistogram(sent: Sent | undefined): sent is HistogramTotals {
  return typeof sent === 'object' && 'bucketCounts' in sent;
}

function isExponential(sent: Sent | undefined): sent is ExponentialTotals {
  return typeof sent === 'object' && 'buckets' in sent;
}

/** True when `now` can be `before` counted further: the same bounds, no bucket's count went down. */
function bucketCountsContinue(before: HistogramTotals, now: HistogramTotals): boolean {
  if (now.bounds.length !== before.bounds.length) return false;
  for (let i = 0; i < now.bounds.length; i++) if (now.bounds[i] !== before.bounds[i]) return false;
  for (let i = 0; i < now.bucketCounts.length; i++)
    if (now.bucketCounts[i]! < before.bucketCounts[i]!) return false;
  return true;
}
