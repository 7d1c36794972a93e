import type { ExemplarCounterSeries } from '../metrics/exemplar-series.js';
import { type MetricFamily, mergePlan, type Series } from '../metrics/family.js';
import type { Exemplar, ValueMetricSnapshot, ValuePoint } from '../snapshot.js';
import type { CanonicalTags, Tag } from '../tags.js';

/**
 * The series of one key set: from series index `start` on, up to the next key set's start. Their
 * tags are `plan` read in order: a `Tag` slot is a global tag, a number `n` is the series' value
 * at level `n` under key `keys[n]` (a series' own key wins over a global one, as in core's merge).
 */
export interface ColumnKeySet {
  readonly keys: readonly string[];
  readonly plan: ReadonlyArray<Tag | number>;
  readonly start: number;
}

/**
 * The series of one counter or gauge of a snapshot as columns, captured at collection instead of one
 * point object and one tags array per series: a scrape of 100,000 series then keeps a few typed
 * arrays alive while it is serialized, not 300,000 small objects that the garbage collector must
 * copy and promote. Tag values are stored as the index walk produces them: a series lists only the
 * values from the first level that changed since the previous series, so a serializer can render
 * each shared label prefix once.
 */
export interface ValueColumns {
  /** Number of series. */
  readonly size: number;
  /** In walk order; the untagged series, when shown, is a key set of its own with no keys. */
  readonly keySets: readonly ColumnKeySet[];
  /** Per series: the first level of its key set whose value is listed in `newValues` (levels above are the previous series'). */
  readonly changedFrom: Uint32Array;
  /** For each series in order, its values from level `changedFrom[i]` to the last level. */
  readonly newValues: readonly string[];
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

/** Collection does not know the number of series before the walk: arrays grow by doubling. */
function grown<T extends Uint32Array | Float64Array>(array: T, make: (length: number) => T): T {
  const bigger = make(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Reads every series of a counter or gauge family into columns (synchronously: one consistent instant). */
export function captureValueColumns(
  family: MetricFamily<Series & { readonly current: number }>,
  global: CanonicalTags,
): ValueColumns {
  const capacity = Math.max(16, family.size + 1);
  let changedFrom = new Uint32Array(capacity);
  let values = new Float64Array(capacity);
  let startTimes = new Float64Array(capacity);
  const newValues: string[] = [];
  const keySets: ColumnKeySet[] = [];
  let exemplars: Array<Exemplar | undefined> | undefined;
  let size = 0;
  const add = (series: Series & { readonly current: number }, changed: number) => {
    if (size === changedFrom.length) {
      changedFrom = grown(changedFrom, (n) => new Uint32Array(n));
      values = grown(values, (n) => new Float64Array(n));
      startTimes = grown(startTimes, (n) => new Float64Array(n));
    }
    changedFrom[size] = changed;
    values[size] = series.current;
    startTimes[size] = series.startTime;
    const exemplar = (series as unknown as Partial<ExemplarCounterSeries>).exemplar;
    if (exemplar !== undefined) (exemplars ??= [])[size] = exemplar;
    size++;
  };
  let depth = 0;
  family.walkSeries({
    root: (series) => {
      keySets.push({ keys: [], plan: [...global], start: size });
      add(series, 0);
    },
    keySet: (keys) => {
      depth = keys.length;
      keySets.push({ keys, plan: mergePlan(global, keys), start: size });
    },
    series: (levelValues, changed, series) => {
      // A new key set starts from its first level.
      const from = keySets[keySets.length - 1]!.start === size ? 0 : changed;
      for (let level = from; level < depth; level++) newValues.push(levelValues[level] as string);
      add(series, from);
    },
  });
  if (exemplars !== undefined) exemplars.length = size;
  return { size, keySets, changedFrom, newValues, values, startTimes, exemplars };
}

/**
 * Walks the columns' tags: `visit(i, keySet, levelValues, changedFrom)` for every series, with the
 * values of all its levels (a reused array) and the first level that changed since the previous one.
 */
export function forEachColumnSeries(
  columns: ValueColumns,
  visit: (index: number, keySet: ColumnKeySet, levelValues: readonly string[], changedFrom: number) => void,
): void {
  const levelValues: string[] = [];
  let next = 0;
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    const depth = keySet.keys.length;
    for (let i = keySet.start; i < end; i++) {
      const changed = columns.changedFrom[i]!;
      for (let level = changed; level < depth; level++) levelValues[level] = columns.newValues[next++]!;
      visit(i, keySet, levelValues, changed);
    }
  }
}

/** The points the columns stand for, built on first use (exporters other than Prometheus read these). */
export function valuePointsOf(columns: ValueColumns): ValuePoint[] {
  const points: ValuePoint[] = new Array(columns.size);
  const levelTags: Tag[] = [];
  forEachColumnSeries(columns, (i, { keys, plan }, levelValues, changed) => {
    for (let level = changed; level < keys.length; level++) {
      if (levelTags[level]?.value !== levelValues[level] || levelTags[level]?.key !== keys[level]) {
        levelTags[level] = { key: keys[level]!, value: levelValues[level]! };
      }
    }
    const tags: Tag[] = new Array(plan.length);
    for (let p = 0; p < plan.length; p++) {
      const slot = plan[p]!;
      tags[p] = typeof slot === 'number' ? levelTags[slot]! : slot;
    }
    const point = { tags, value: columns.values[i]!, startTime: columns.startTimes[i]! };
    const exemplar = columns.exemplars?.[i];
    points[i] = exemplar === undefined ? point : { ...point, exemplar };
  });
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
