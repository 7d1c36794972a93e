import type {
  Bucket,
  CanonicalTags,
  Exemplar,
  HistogramMetricSnapshot,
  HistogramPoint,
  MetricSnapshot,
  QuantileValue,
  Snapshot,
  SnapshotMetricType,
  SummaryMetricSnapshot,
  SummaryPoint,
  ValueMetricSnapshot,
  ValuePoint,
} from '@meterkit/core';
import {
  bucketDeltas,
  type ExponentialBuckets,
  histogramQuantile,
  monotonicDelta,
  observationDelta,
  type RememberedSeries,
  SeriesMemory,
  seriesKey,
} from '@meterkit/core/exporter-kit';
import { exponentialQuantiles } from './exponential-quantiles.js';
import type { LogTemporality } from './logger-options.js';
import { seriesExemplars } from './series-exemplars.js';

/** One series as it will be logged, in the configured temporality. Format-neutral. */
export interface SeriesReport {
  /** Series identity: name plus canonical tags. */
  readonly key: string;
  readonly name: string;
  readonly type: SnapshotMetricType;
  /** `''` when the metric has no unit. */
  readonly unit: string;
  readonly tags: CanonicalTags;
  /** Counter (a delta in delta temporality), gauge or info value. */
  readonly value?: number;
  /** Histogram, timer and summary observation count and sum (deltas in delta temporality). */
  readonly count?: number;
  readonly sum?: number;
  /** Histogram extremes; cumulative only (there is no per-flush min/max), absent while empty. */
  readonly min?: number;
  readonly max?: number;
  /**
   * Estimated from buckets (histograms, clamped to the observed min/max when known) or over the
   * sliding window (summaries); quantiles without observations are left out.
   */
  readonly quantiles?: readonly QuantileValue[];
  /** Cumulative `le` buckets of a histogram, over the same span as `count`. */
  readonly buckets?: readonly Bucket[];
  /** Counters and histograms with exemplars on: the latest ones (in delta temporality, the new ones). */
  readonly exemplars?: readonly Exemplar[];
  /**
   * Change since the previous flush: the value difference for counters and gauges, new
   * observations for histograms and summaries; `undefined` when the series is new.
   */
  readonly change: number | undefined;
  /** New, or different from the previous flush. */
  readonly changed: boolean;
  /**
   * The series was in the previous flush and is gone (removed, cleared or expired): reported once,
   * with no value.
   */
  readonly removed?: true;
}

/** Everything one flush logs. */
export interface FlushReport {
  /** Wall-clock milliseconds of the snapshot. */
  readonly timestamp: number;
  readonly temporality: LogTemporality;
  /** Series in the snapshot, logged or not. */
  readonly totalSeries: number;
  /** Series that changed since the previous flush (new ones included). */
  readonly changedSeries: number;
  /** The series to log: all of them, or only the changed ones with `onlyChanged`. */
  readonly series: readonly SeriesReport[];
}

/** How reports are built. */
export interface FlushReportOptions {
  readonly temporality: LogTemporality;
  readonly onlyChanged: boolean;
  /** Quantiles estimated from histogram buckets. */
  readonly quantiles: readonly number[];
  /** Quantiles of exponential histograms (default: `quantiles`). */
  readonly exponentialQuantiles?: readonly number[];
}

/** What was last logged for one series: enough to compute deltas and to tell whether it changed. */
interface LoggedState {
  /** Counter, gauge or info value. */
  readonly value?: number;
  /** Histogram, timer or summary observation count and sum. */
  readonly count?: number;
  readonly sum?: number;
  /** Cumulative histogram buckets. */
  readonly buckets?: readonly Bucket[];
  /** Exponential buckets of an exponential histogram. */
  readonly exponential?: ExponentialBuckets;
  /** Who the series was at that flush: what its "removed" line shows once it is gone. */
  readonly identity: SeriesIdentity;
}

/** Who a series is, as reported (also what a "removed" line needs once the series is gone). */
type SeriesIdentity = Pick<SeriesReport, 'key' | 'name' | 'type' | 'unit' | 'tags'>;

/**
 * Turns cumulative snapshots into {@link FlushReport}s, keeping the previous flush's state in the
 * exporter kit's `SeriesMemory` (which forgets re-created and gone series) so that deltas, the
 * change column and `onlyChanged` work. One builder per exporter: it is stateful.
 */
export class FlushReportBuilder {
  /** Per series, its state at the previous flush; its `seriesKey` is built once, on first sight. */
  private readonly memory = new SeriesMemory<LoggedState, string>({ describe: seriesKey });
  /** The previous flush's snapshot time: in delta temporality, older exemplars are not logged again. */
  private previousFlush: number | undefined;

  constructor(private readonly options: FlushReportOptions) {}

  /** Builds the report of one snapshot and makes it the "previous flush" for the next call. */
  build(snapshot: Snapshot): FlushReport {
    const all: SeriesReport[] = [];
    this.memory.beginFlush();
    for (const metric of snapshot.metrics) this.addMetric(metric, all);
    const removed: SeriesReport[] = [];
    for (const { last } of this.memory.endFlush()) {
      if (last !== undefined)
        removed.push({ ...last.identity, change: undefined, changed: true, removed: true });
    }
    this.previousFlush = snapshot.timestamp;
    const changed = all.filter((series) => series.changed);
    return {
      timestamp: snapshot.timestamp,
      temporality: this.options.temporality,
      totalSeries: all.length,
      changedSeries: changed.length,
      series: [...(this.options.onlyChanged ? changed : all), ...removed],
    };
  }

  private addMetric(metric: MetricSnapshot, out: SeriesReport[]): void {
    switch (metric.type) {
      case 'counter':
      case 'gauge':
      case 'info':
        for (const point of metric.points) out.push(this.valueSeries(metric, point));
        return;
      case 'histogram':
      case 'timer':
        for (const point of metric.points) out.push(this.histogramSeries(metric, point));
        return;
      case 'summary':
        for (const point of metric.points) out.push(this.summarySeries(metric, point));
        return;
    }
  }

  private valueSeries(metric: ValueMetricSnapshot, point: ValuePoint): SeriesReport {
    const series = this.series(metric, point);
    const previous = series.last?.value;
    const id = identity(metric, point.tags, series.data);
    series.last = { value: point.value, identity: id };
    const isNew = previous === undefined;
    const changed = isNew || !Object.is(point.value, previous);
    let value = point.value;
    let change: number | undefined;
    if (metric.type === 'counter') {
      const delta = monotonicDelta(point.value, previous);
      if (this.options.temporality === 'delta') value = delta;
      change = isNew ? undefined : delta;
    } else {
      change = isNew ? undefined : point.value - previous;
    }
    return this.withExemplars({ ...id, value, change, changed }, point);
  }

  /** `series` with the exemplars of `point`, when it has any. */
  private withExemplars(series: SeriesReport, point: ValuePoint | HistogramPoint): SeriesReport {
    const since = this.options.temporality === 'delta' ? this.previousFlush : undefined;
    const exemplars = seriesExemplars(point, since);
    return exemplars === undefined ? series : { ...series, exemplars };
  }

  private histogramSeries(metric: HistogramMetricSnapshot, point: HistogramPoint): SeriesReport {
    const series = this.series(metric, point);
    const previous = series.last;
    const { exponential } = point;
    const id = identity(metric, point.tags, series.data);
    const { count, sum, buckets: all } = point;
    series.last = { count, sum, buckets: all, exponential, identity: id };
    const span = this.span(point, previous?.count, previous?.sum);
    const delta = this.options.temporality === 'delta';
    const buckets = delta ? bucketDeltas(point.buckets, previous?.buckets) : point.buckets;
    const extremes = delta || point.min === undefined ? {} : { min: point.min, max: point.max };
    if (exponential !== undefined) {
      const wanted = this.options.exponentialQuantiles ?? this.options.quantiles;
      const since = delta ? previous?.exponential : undefined;
      const quantiles = exponentialQuantiles(wanted, exponential, since, extremes.min, extremes.max);
      return this.withExemplars({ ...id, ...span, ...extremes, quantiles, buckets }, point);
    }
    const quantiles: QuantileValue[] = [];
    for (const quantile of this.options.quantiles) {
      const value = clamp(histogramQuantile(quantile, buckets), extremes.min, extremes.max);
      if (!Number.isNaN(value)) quantiles.push({ quantile, value });
    }
    return this.withExemplars({ ...id, ...span, ...extremes, quantiles, buckets }, point);
  }

  private summarySeries(metric: SummaryMetricSnapshot, point: SummaryPoint): SeriesReport {
    const series = this.series(metric, point);
    const previous = series.last;
    const id = identity(metric, point.tags, series.data);
    series.last = { count: point.count, sum: point.sum, identity: id };
    const quantiles = point.quantiles.filter((q) => !Number.isNaN(q.value));
    return { ...id, ...this.span(point, previous?.count, previous?.sum), quantiles };
  }

  /** The memory of one series: its state at the previous flush, forgotten if it was re-created since. */
  private series(
    metric: MetricSnapshot,
    point: { readonly tags: CanonicalTags; readonly startTime?: number },
  ): RememberedSeries<LoggedState, string> {
    return this.memory.see(metric.name, point.tags, point.startTime);
  }

  /** Count, sum, change and changed of an observation series, in the configured temporality. */
  private span(
    point: { readonly count: number; readonly sum: number },
    previousCount: number | undefined,
    previousSum: number | undefined,
  ): Pick<SeriesReport, 'count' | 'sum' | 'change' | 'changed'> {
    const isNew = previousCount === undefined;
    // A smaller count means the series restarted; then everything it holds is new.
    const { count: newCount, sum: newSum } = observationDelta(
      point,
      isNew ? undefined : { count: previousCount, sum: previousSum ?? 0 },
    );
    const delta = this.options.temporality === 'delta';
    return {
      count: delta ? newCount : point.count,
      sum: delta ? newSum : point.sum,
      change: isNew ? undefined : newCount,
      changed: isNew || point.count !== previousCount || !Object.is(point.sum, previousSum),
    };
  }
}

/**
 * Every true quantile lies within the observed [min, max], while bucket interpolation can land
 * outside it (one observation of 0.3 in the bucket (0.25, 0.5] estimates p50 as 0.375). When the
 * extremes are known (cumulative temporality), the estimate is clamped to them.
 */
function clamp(value: number, min: number | undefined, max: number | undefined): number {
  if (min === undefined || max === undefined || Number.isNaN(value)) return value;
  return Math.min(Math.max(value, min), max);
}

function identity(
  metric: MetricSnapshot,
  tags: CanonicalTags,
  key: string,
): Pick<SeriesReport, 'key' | 'name' | 'type' | 'unit' | 'tags'> {
  return { key, name: metric.name, type: metric.type, unit: metric.unit, tags };
}
