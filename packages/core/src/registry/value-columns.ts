import type { ExemplarCounterSeries } from '../metrics/exemplar-series.js';
import type { MetricFamily, Series } from '../metrics/family.js';
import type { Exemplar, ValueMetricSnapshot, ValuePoint } from '../snapshot.js';
import type { CanonicalTags } from '../tags.js';
import { ColumnsCapture } from './columns-capture.js';
import { columnSeriesTags, grown, lazyColumnsMetric, type TagColumns } from './tag-columns.js';

export {
  type ColumnKeySet,
  forEachColumnSeries,
  TAG_VALUE_CHUNK_BITS,
  type TagColumns,
} from './tag-columns.js';

/**
 * The series of one counter or gauge of a snapshot as columns, captured at collection instead of one
 * point object and one tags array per series: a scrape of 100,000 series then keeps a few typed
 * arrays alive while it is serialized, not 300,000 small objects that the garbage collector must
 * copy and promote. Tags as {@link TagColumns}.
 */
export interface ValueColumns extends TagColumns {
  readonly values: Float64Array;
  /** Per series start time (wall-clock ms). */
  readonly startTimes: Float64Array;
  /** Per series latest exemplar, or undefined when no series of the metric has one. */
  readonly exemplars: ReadonlyArray<Exemplar | undefined> | undefined;
}

/** Where a snapshot metric keeps its columns: not an enumerable field, so snapshots keep their shape. */
const COLUMNS = Symbol('meterkit.valueColumns');

/** The columns of a counter or gauge snapshot made by meterkit's own registry; undefined otherwise. */
export function valueColumns(metric: { readonly type: string }): ValueColumns | undefined {
  return (metric as { [COLUMNS]?: ValueColumns })[COLUMNS];
}

type ValueSeries = Series & { readonly current: number };

/** Reads a counter or gauge family's series into {@link ValueColumns}, in steps ({@link ColumnsCapture}). */
export class ValueColumnsCapture extends ColumnsCapture<ValueSeries> {
  private values = new Float64Array(0);
  private startTimes = new Float64Array(0);
  private exemplars: Array<Exemplar | undefined> | undefined;

  protected startValues(capacity: number): void {
    this.values = new Float64Array(capacity);
    this.startTimes = new Float64Array(capacity);
    this.exemplars = undefined;
  }

  protected add(series: ValueSeries, index: number): void {
    if (index === this.values.length) {
      this.values = grown(this.values, (n) => new Float64Array(n));
      this.startTimes = grown(this.startTimes, (n) => new Float64Array(n));
    }
    this.values[index] = series.current;
    this.startTimes[index] = series.startTime;
    const exemplar = (series as unknown as Partial<ExemplarCounterSeries>).exemplar;
    if (exemplar !== undefined) (this.exemplars ??= [])[index] = exemplar;
  }

  /** The columns of every series read (call when {@link step} returned true). */
  result(): ValueColumns {
    const columns = this.tagColumns();
    if (this.exemplars !== undefined) this.exemplars.length = columns.size;
    // Every field spelled out: an object literal's shape lives as long as the code that makes it,
    // where a spread's is reached through transitions that die with the snapshot (see keepShape).
    return {
      size: columns.size,
      keySets: columns.keySets,
      changedFrom: columns.changedFrom,
      newValues: columns.newValues,
      values: this.values,
      startTimes: this.startTimes,
      exemplars: this.exemplars,
    };
  }
}

/** Reads every series of a counter or gauge family into columns at once. */
export function captureValueColumns(family: MetricFamily<ValueSeries>, global: CanonicalTags): ValueColumns {
  return new ValueColumnsCapture(family, global).all().result();
}

/** The points the columns stand for, built on first use (exporters other than Prometheus read these). */
export function valuePointsOf(columns: ValueColumns): ValuePoint[] {
  const points: ValuePoint[] = new Array(columns.size);
  for (const { index, tags } of columnSeriesTags(columns)) {
    const point = { tags, value: columns.values[index]!, startTime: columns.startTimes[index]! };
    const exemplar = columns.exemplars?.[index];
    points[index] = exemplar === undefined ? point : { ...point, exemplar };
  }
  return points;
}

/**
 * A frozen counter or gauge snapshot whose `points` are built from `columns` on first read, and
 * whose columns {@link valueColumns} returns.
 */
export function lazyValueMetric(
  fields: Omit<ValueMetricSnapshot, 'points'>,
  columns: ValueColumns,
): ValueMetricSnapshot {
  return lazyColumnsMetric<ValueMetricSnapshot, ValueColumns>(fields, COLUMNS, columns, valuePointsOf);
}
