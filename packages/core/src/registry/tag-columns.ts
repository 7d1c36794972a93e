import { keepShape } from '../keep-shape.js';
import { mergePlan } from '../metrics/family.js';
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

/** `newValues` holds its values in arrays of this many (2^10): see {@link TagColumns.newValues}. */
export const TAG_VALUE_CHUNK_BITS = 10;
const CHUNK = 1 << TAG_VALUE_CHUNK_BITS;

/**
 * The tags of a family's series in walk order, as the index walk produces them: a series lists
 * only its values from the first level that changed since the previous series, so a consumer can
 * render each shared label prefix once.
 */
export interface TagColumns {
  /** Number of series. */
  readonly size: number;
  /** In walk order; the untagged series, when shown, is a key set of its own with no keys. */
  readonly keySets: readonly ColumnKeySet[];
  /** Per series: the first level of its key set whose value is listed in `newValues` (levels above are the previous series'). */
  readonly changedFrom: Uint32Array;
  /**
   * For each series in order, its values from level `changedFrom[i]` to the last level; value `n`
   * is `newValues[n >> TAG_VALUE_CHUNK_BITS][n & (2^TAG_VALUE_CHUNK_BITS - 1)]`. In small arrays,
   * not one: growing one array of 200,000 strings by push() measured 40 times slower here (every
   * growth copies it into fresh memory outside the young generation).
   */
  readonly newValues: readonly (readonly string[])[];
}

/** Collection does not know the number of series before the walk: arrays grow by doubling. */
export function grown<T extends Uint32Array | Float64Array>(array: T, make: (length: number) => T): T {
  const bigger = make(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Builds {@link TagColumns} during a family walk: `keySet` at each key set, `series` for each series. */
export class TagColumnsBuilder {
  size = 0;
  changedFrom: Uint32Array;
  readonly keySets: ColumnKeySet[] = [];
  private readonly chunks: string[][] = [];
  private chunk: string[] = [];
  private filled = CHUNK;
  private depth = 0;

  constructor(
    capacity: number,
    private readonly global: CanonicalTags,
  ) {
    this.changedFrom = new Uint32Array(capacity);
    // One builder per collection of a family: keep its shape (see keepShape).
    keepShape(this);
  }

  /** The untagged series' key set (the global tags alone). */
  root(): void {
    this.depth = 0;
    this.keySets.push({ keys: [], plan: [...this.global], start: this.size });
  }

  keySet(keys: readonly string[]): void {
    this.depth = keys.length;
    this.keySets.push({ keys, plan: mergePlan(this.global, keys), start: this.size });
  }

  /** Adds a series with its level values (from `changed` on, new); returns its index. */
  series(levelValues: readonly unknown[], changed: number): number {
    const index = this.size;
    if (index === this.changedFrom.length)
      this.changedFrom = grown(this.changedFrom, (n) => new Uint32Array(n));
    // A new key set starts from its first level.
    const from = this.keySets[this.keySets.length - 1]!.start === index ? 0 : changed;
    this.changedFrom[index] = from;
    for (let level = from; level < this.depth; level++) {
      if (this.filled === CHUNK) {
        this.chunk = new Array(CHUNK);
        this.chunks.push(this.chunk);
        this.filled = 0;
      }
      this.chunk[this.filled++] = levelValues[level] as string;
    }
    this.size = index + 1;
    return index;
  }

  build(): TagColumns {
    return { size: this.size, keySets: this.keySets, changedFrom: this.changedFrom, newValues: this.chunks };
  }
}

/**
 * Walks the columns' tags: `visit(i, keySet, levelValues, changedFrom)` for every series, with the
 * values of all its levels (a reused array) and the first level that changed since the previous one.
 */
export function forEachColumnSeries(
  columns: TagColumns,
  visit: (index: number, keySet: ColumnKeySet, levelValues: readonly string[], changedFrom: number) => void,
): void {
  const levelValues: string[] = [];
  const { newValues } = columns;
  let next = 0;
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    const depth = keySet.keys.length;
    for (let i = keySet.start; i < end; i++) {
      const changed = columns.changedFrom[i]!;
      for (let level = changed; level < depth; level++, next++) {
        levelValues[level] = newValues[next >> TAG_VALUE_CHUNK_BITS]![next & (CHUNK - 1)]!;
      }
      visit(i, keySet, levelValues, changed);
    }
  }
}

/** One series of {@link columnSeriesTags}: its index and its tags. */
export interface ColumnSeriesTags {
  index: number;
  tags: Tag[];
}

/**
 * The series of `columns` one at a time with their tags as Tag arrays, for code that builds points
 * or encodes them: a new array per series, whose Tag objects are shared with the previous series
 * for every level whose value did not change (encoders reuse what they wrote for a shared Tag). The
 * yielded object is the same each time, updated.
 */
export function* columnSeriesTags(columns: TagColumns): Generator<ColumnSeriesTags, void, undefined> {
  const current: ColumnSeriesTags = { index: 0, tags: [] };
  const levelTags: Tag[] = [];
  const levelValues: string[] = [];
  const { newValues } = columns;
  let next = 0;
  for (let k = 0; k < columns.keySets.length; k++) {
    const { keys, plan, start } = columns.keySets[k]!;
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    for (let i = start; i < end; i++) {
      for (let level = columns.changedFrom[i]!; level < keys.length; level++, next++) {
        levelValues[level] = newValues[next >> TAG_VALUE_CHUNK_BITS]![next & (CHUNK - 1)]!;
        if (levelTags[level]?.value !== levelValues[level] || levelTags[level]?.key !== keys[level]) {
          levelTags[level] = { key: keys[level]!, value: levelValues[level]! };
        }
      }
      const tags: Tag[] = new Array(plan.length);
      for (let p = 0; p < plan.length; p++) {
        const slot = plan[p]!;
        tags[p] = typeof slot === 'number' ? levelTags[slot]! : slot;
      }
      current.index = i;
      current.tags = tags;
      yield current;
    }
  }
}

/**
 * A frozen snapshot metric whose `points` are built by `build(columns)` on first read (enumerable,
 * so the snapshot keeps its shape), with `columns` under `key` for exporters that read them.
 */
export function lazyColumnsMetric<M extends { readonly points: readonly unknown[] }, C>(
  fields: Omit<M, 'points'>,
  key: symbol,
  columns: C,
  build: (columns: C) => M['points'],
): M {
  let points: M['points'] | undefined;
  const metric = { ...fields } as M;
  Object.defineProperty(metric, 'points', {
    enumerable: true,
    get: () => {
      points ??= Object.freeze(build(columns));
      return points;
    },
  });
  Object.defineProperty(metric, key, { value: columns });
  return Object.freeze(metric);
}
