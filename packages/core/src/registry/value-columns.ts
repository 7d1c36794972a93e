import type { ExemplarCounterSeries } from '../metrics/exemplar-series.js';
import type { MetricFamily, Series } from '../metrics/family.js';
import type { Exemplar, ValueMetricSnapshot, ValuePoint } from '../snapshot.js';
import type { CanonicalTags, Tag } from '../tags.js';

/**
 * The series of one counter or gauge of a snapshot as columns, captured at collection instead of one
 * point object and one tags array per series: a scrape of 100,000 series then keeps a few typed
 * arrays alive while it is serialized, not 300,000 small objects that the garbage collector must
 * copy and promote. Tags are stored as the index walk produces them: consecutive series share the
 * very same `Tag` objects for the levels they have in common, so each series lists only the tags
 * from its first differing position on, and a serializer renders each shared label prefix once.
 */
export interface ValueColumns {
  /** Number of series. */
  readonly size: number;
  /** Per series: how many tags it has. */
  readonly tagCounts: Uint32Array;
  /**
   * Per series: how many of its leading tags are the same `Tag` objects, at the same positions, as
   * the previous series' (0 for the first series). Its tags are those plus its entries of `newTags`.
   */
  readonly sharedTags: Uint32Array;
  /** For each series in order, its tags from position `sharedTags[i]` to `tagCounts[i]`. */
  readonly newTags: readonly Tag[];
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

/** A growable Uint32Array (collection does not know the number of series before the walk). */
function grown(array: Uint32Array, length: number): Uint32Array {
  if (length < array.length) return array;
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function grownFloats(array: Float64Array, length: number): Float64Array {
  if (length < array.length) return array;
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Reads every series of a counter or gauge family into columns (synchronously: one consistent instant). */
export function captureValueColumns(
  family: MetricFamily<Series & { readonly current: number }>,
  global: CanonicalTags,
): ValueColumns {
  let capacity = Math.max(16, family.size + 1);
  let tagCounts: Uint32Array = new Uint32Array(capacity);
  let sharedTags: Uint32Array = new Uint32Array(capacity);
  let values: Float64Array = new Float64Array(capacity);
  let startTimes: Float64Array = new Float64Array(capacity);
  const newTags: Tag[] = [];
  let exemplars: Array<Exemplar | undefined> | undefined;
  let previous: CanonicalTags = [];
  let size = 0;
  family.forEachSeries(global, (tags, series) => {
    if (size === capacity) {
      capacity *= 2;
      tagCounts = grown(tagCounts, size);
      sharedTags = grown(sharedTags, size);
      values = grownFloats(values, size);
      startTimes = grownFloats(startTimes, size);
    }
    let shared = 0;
    const common = Math.min(tags.length, previous.length);
    while (shared < common && tags[shared] === previous[shared]) shared++;
    for (let i = shared; i < tags.length; i++) newTags.push(tags[i]!);
    tagCounts[size] = tags.length;
    sharedTags[size] = shared;
    values[size] = series.current;
    startTimes[size] = series.startTime;
    const exemplar = (series as unknown as Partial<ExemplarCounterSeries>).exemplar;
    if (exemplar !== undefined) (exemplars ??= [])[size] = exemplar;
    previous = tags;
    size++;
  });
  if (exemplars !== undefined) exemplars.length = size;
  return { size, tagCounts, sharedTags, newTags, values, startTimes, exemplars };
}

/** The points the columns stand for, built on first use (exporters other than Prometheus read these). */
export function valuePointsOf(columns: ValueColumns): ValuePoint[] {
  const points: ValuePoint[] = new Array(columns.size);
  let tags: Tag[] = [];
  let next = 0;
  for (let i = 0; i < columns.size; i++) {
    const count = columns.tagCounts[i]!;
    const current: Tag[] = tags.slice(0, columns.sharedTags[i]);
    while (current.length < count) current.push(columns.newTags[next++]!);
    tags = current;
    const exemplar = columns.exemplars?.[i];
    const point = { tags: current, value: columns.values[i]!, startTime: columns.startTimes[i]! };
    points[i] = exemplar === undefined ? point : { ...point, exemplar };
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
  let points: readonly ValuePoint[] | undefined;
  const metric = { ...fields } as ValueMetricSnapshot;
  Object.defineProperty(metric, 'points', {
    enumerable: true,
    get: () => {
      points ??= Object.freeze(valuePointsOf(columns));
      return points;
    },
  });
  Object.defineProperty(metric, COLUMNS, { value: columns });
  return Object.freeze(metric);
}
