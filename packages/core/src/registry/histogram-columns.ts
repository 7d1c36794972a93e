import type { HistogramFamily, HistogramSeries } from '../metrics/histogram.js';
import type { HistogramMetricSnapshot, HistogramPoint } from '../snapshot.js';
import type { CanonicalTags } from '../tags.js';
import { ColumnsCapture } from './columns-capture.js';
import { columnSeriesTags, grown, lazyColumnsMetric, type TagColumns } from './tag-columns.js';

/**
 * The series of one classic histogram (or timer) of a snapshot as columns: per series its
 * cumulative bucket counts, sum, count, min, max and start time in typed arrays, where points cost
 * one object per series and one per bucket (12 per default-bucket series) that the garbage collector
 * must copy and promote while a scrape is serialized. Tags as {@link TagColumns}.
 */
export interface HistogramColumns extends TagColumns {
  /** The upper bounds of the buckets, without the last, `+Inf`. */
  readonly bounds: readonly number[];
  /** Series `i`'s cumulative count of bucket `b` is at `i * (bounds.length + 1) + b`; the last is `+Inf`. */
  readonly buckets: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Smallest and largest observation (meaningless while the count is 0). */
  readonly mins: Float64Array;
  readonly maxes: Float64Array;
  /** Per series start time (wall-clock ms). */
  readonly startTimes: Float64Array;
}

/** Where a snapshot metric keeps its columns: not an enumerable field, so snapshots keep their shape. */
const COLUMNS = Symbol('meterkit.histogramColumns');

/** The columns of a classic histogram or timer snapshot made by meterkit's own registry; undefined otherwise. */
export function histogramColumns(metric: { readonly type: string }): HistogramColumns | undefined {
  return (metric as { [COLUMNS]?: HistogramColumns })[COLUMNS];
}

/**
 * Whether a family's series can be captured as columns: classic buckets only. Exponential buckets,
 * exemplars and a push that drains the observation reservoirs take points.
 */
export function capturesHistogramColumns(family: HistogramFamily, drain: boolean): boolean {
  const { descriptor } = family;
  return (
    descriptor.exponential === undefined &&
    descriptor.exemplars !== true &&
    !(drain && (descriptor.observationReservoir ?? 0) > 0)
  );
}

/** Reads a classic histogram family's series into {@link HistogramColumns}, in steps ({@link ColumnsCapture}). */
export class HistogramColumnsCapture extends ColumnsCapture<HistogramSeries> {
  private width = 1;
  private buckets = new Float64Array(0);
  private sums = new Float64Array(0);
  private counts = new Float64Array(0);
  private mins = new Float64Array(0);
  private maxes = new Float64Array(0);
  private startTimes = new Float64Array(0);

  protected startValues(capacity: number): void {
    this.width = (this.family as HistogramFamily).descriptor.bounds.length + 1;
    this.buckets = new Float64Array(capacity * this.width);
    this.sums = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
    this.mins = new Float64Array(capacity);
    this.maxes = new Float64Array(capacity);
    this.startTimes = new Float64Array(capacity);
  }

  protected add(series: HistogramSeries, index: number): void {
    if (index === this.sums.length) this.grow();
    const counts = series.counts;
    const buckets = this.buckets;
    const base = index * this.width;
    let running = 0;
    for (let b = 0; b < counts.length; b++) {
      running += counts[b]!;
      buckets[base + b] = running;
    }
    this.sums[index] = series.sum;
    this.counts[index] = series.count;
    this.mins[index] = series.min;
    this.maxes[index] = series.max;
    this.startTimes[index] = series.startTime;
  }

  private grow(): void {
    const more = (n: number) => new Float64Array(n);
    this.buckets = grown(this.buckets, more);
    this.sums = grown(this.sums, more);
    this.counts = grown(this.counts, more);
    this.mins = grown(this.mins, more);
    this.maxes = grown(this.maxes, more);
    this.startTimes = grown(this.startTimes, more);
  }

  /** The columns of every series read (call when {@link step} returned true). */
  result(): HistogramColumns {
    const { buckets, sums, counts, mins, maxes, startTimes } = this;
    const bounds = (this.family as HistogramFamily).descriptor.bounds;
    const { size, keySets, changedFrom, newValues } = this.tagColumns();
    // Every field spelled out, for a shape that outlives the snapshot (see ValueColumnsCapture.result).
    return { size, keySets, changedFrom, newValues, bounds, buckets, sums, counts, mins, maxes, startTimes };
  }
}

/** Reads every series of a classic histogram family into columns at once. */
export function captureHistogramColumns(family: HistogramFamily, global: CanonicalTags): HistogramColumns {
  return new HistogramColumnsCapture(family, global).all().result();
}

/** The points the columns stand for, built on first use (exporters other than Prometheus read these). */
export function histogramPointsOf(columns: HistogramColumns): HistogramPoint[] {
  const points: HistogramPoint[] = new Array(columns.size);
  let i = 0;
  for (const view of histogramPointViews(columns)) {
    points[i++] = { ...view, buckets: view.buckets.map((bucket) => ({ ...bucket })) };
  }
  return points;
}

/**
 * A frozen histogram snapshot whose `points` are built from `columns` on first read, and whose
 * columns {@link histogramColumns} returns.
 */
export function lazyHistogramMetric(
  fields: Omit<HistogramMetricSnapshot, 'points'>,
  columns: HistogramColumns,
): HistogramMetricSnapshot {
  return lazyColumnsMetric<HistogramMetricSnapshot, HistogramColumns>(
    fields,
    COLUMNS,
    columns,
    histogramPointsOf,
  );
}

/**
 * The series of `columns` as histogram points without building one per series: yields the same
 * point object every time, updated for each series in turn (its `buckets` objects too; its `tags`
 * array is new per series and its Tag objects are shared by consecutive series for the index levels
 * they share, as in {@link histogramPointsOf}). For exporters that encode each point as they go:
 * copy what you keep past the next step.
 */
export function* histogramPointViews(columns: HistogramColumns): Generator<HistogramPoint, void, undefined> {
  const width = columns.bounds.length + 1;
  const buckets = Array.from({ length: width }, (_, b) => ({
    upperBound: b < columns.bounds.length ? columns.bounds[b]! : Number.POSITIVE_INFINITY,
    count: 0,
  }));
  const view: { -readonly [K in keyof HistogramPoint]: HistogramPoint[K] } = {
    tags: [],
    startTime: 0,
    count: 0,
    sum: 0,
    min: undefined,
    max: undefined,
    buckets,
  };
  for (const { index, tags } of columnSeriesTags(columns)) {
    for (let b = 0; b < width; b++) buckets[b]!.count = columns.buckets[index * width + b]!;
    const count = columns.counts[index]!;
    view.tags = tags;
    view.startTime = columns.startTimes[index]!;
    view.count = count;
    view.sum = columns.sums[index]!;
    view.min = count === 0 ? undefined : columns.mins[index]!;
    view.max = count === 0 ? undefined : columns.maxes[index]!;
    yield view;
  }
}

/**
 * The series of a histogram snapshot one at a time: {@link histogramPointViews} of its columns when
 * it has them (the yielded point is reused), else its points.
 */
export function histogramPointsToEncode(metric: HistogramMetricSnapshot): Iterable<HistogramPoint> {
  const columns = histogramColumns(metric);
  return columns === undefined ? metric.points : histogramPointViews(columns);
}

/** The first series of a histogram snapshot, without building the others' points. */
export function firstHistogramPoint(metric: HistogramMetricSnapshot): HistogramPoint | undefined {
  const columns = histogramColumns(metric);
  if (columns === undefined) return metric.points[0];
  if (columns.size === 0) return undefined;
  const first = histogramPointViews(columns).next();
  if (first.done === true) return undefined;
  const point = first.value;
  return { ...point, buckets: point.buckets.map((bucket) => ({ ...bucket })) };
}
