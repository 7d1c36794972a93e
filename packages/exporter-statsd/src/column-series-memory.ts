import {
  type CanonicalTags,
  type ColumnKeySet,
  forEachColumnSeries,
  TAG_VALUE_CHUNK_BITS,
  type Tag,
  type TagColumns,
  type ValueColumns,
} from '@meterkit/core/exporter-kit';
import type { SeriesLine } from './statsd-line-formatter.js';

const CHUNK_MASK = (1 << TAG_VALUE_CHUNK_BITS) - 1;

/**
 * What the exporter remembers between flushes about the series of one counter or gauge whose
 * snapshot carries value columns (every metric of meterkit's own registry), by series position
 * instead of by a key string per series.
 *
 * A registry lists a family's series in the same order from one snapshot to the next until a series
 * is added or removed. So a flush first compares the snapshot's tag columns with a copy of the
 * previous flush's (tag value strings are the registry's own, compared by reference): when they
 * match (the usual case) series `i` is the previous series `i`, and nothing per series is looked
 * up, built or allocated. Only when the set of series changed is each series found again by its
 * tags, and the lines of new series formatted. This replaces, for these metrics, the exporter kit's
 * `SeriesMemory`, whose string key per series and per flush (and the point and tags objects it
 * reads) cost most of a flush of 100,000 series.
 *
 * Per series it keeps the line halves (formatted once, kept as UTF-8 bytes), the value sent
 * last and the series' start time: a series re-created since (another start time) starts from zero,
 * and a series absent from a flush is forgotten, as with `SeriesMemory`.
 */
export class ColumnSeriesMemory {
  /** Per series: what was sent last; NaN when nothing was (new, re-created, or not finite then). */
  last = new Float64Array(0);
  /**
   * The fixed parts of every series' line as UTF-8, one after the other: series `i`'s `stat` is
   * `lineText[lineStart[i] .. statEnd[i])`, its `tagSuffix` `[statEnd[i] .. lineEnd[i])`. Bytes, not
   * strings: a flush copies them into the packet buffer, and the garbage collector has no object
   * per series to trace.
   */
  lineText: Buffer = Buffer.alloc(0);
  lineStart = new Uint32Array(0);
  statEnd = new Uint32Array(0);
  lineEnd = new Uint32Array(0);
  private startTimes = new Float64Array(0);
  /** The previous flush's tag columns, copied (core may reuse its own arrays). */
  private walk: TagColumns = { size: 0, keySets: [], changedFrom: new Uint32Array(0), newValues: [] };

  constructor(
    /** The StatsD name of the metric the lines were formatted under. */
    readonly stat: string,
    private readonly describe: (tags: CanonicalTags) => SeriesLine,
  ) {}

  /** How many series are remembered. */
  get size(): number {
    return this.walk.size;
  }

  /** Series `i`'s line halves as text (for the rare entries written as strings). */
  line(i: number): SeriesLine {
    return {
      stat: this.lineText.toString('utf8', this.lineStart[i], this.statEnd[i]),
      tagSuffix: this.lineText.toString('utf8', this.statEnd[i], this.lineEnd[i]),
    };
  }

  /** Lines the memory up with `columns`: afterwards entry `i` is series `i` of the columns. */
  align(columns: ValueColumns): void {
    if (!sameWalk(this.walk, columns)) {
      this.rebuild(columns);
      return;
    }
    const { startTimes, last } = this;
    for (let i = 0; i < columns.size; i++) {
      const startTime = columns.startTimes[i]!;
      if (startTimes[i] !== startTime) {
        startTimes[i] = startTime;
        last[i] = Number.NaN;
      }
    }
  }

  /** The set of series changed: finds each series' memory by its tags, formats new ones. */
  private rebuild(columns: ValueColumns): void {
    const previous = new Map<string, number>();
    forEachColumnSeries(this.walk, (i, { keys }, levelValues) => {
      previous.set(identity(keys, levelValues), i);
    });
    const size = columns.size;
    const last = new Float64Array(size).fill(Number.NaN);
    const startTimes = columns.startTimes.slice(0, size);
    // Each series' previous index (-1: new), and the lines of the new ones, in order.
    const carried = new Int32Array(size);
    const fresh: SeriesLine[] = [];
    let bytes = 0;
    forEachColumnSeries(columns, (i, keySet, levelValues) => {
      const before = previous.get(identity(keySet.keys, levelValues));
      if (before !== undefined) {
        carried[i] = before;
        bytes += this.lineEnd[before]! - this.lineStart[before]!;
        if (this.startTimes[before] === startTimes[i]) last[i] = this.last[before]!;
        return;
      }
      carried[i] = -1;
      const line = this.describe(tagsOf(keySet, levelValues));
      fresh.push(line);
      bytes += Buffer.byteLength(line.stat) + Buffer.byteLength(line.tagSuffix);
    });
    const text = Buffer.allocUnsafe(bytes);
    const lineStart = new Uint32Array(size);
    const statEnd = new Uint32Array(size);
    const lineEnd = new Uint32Array(size);
    let at = 0;
    let next = 0;
    for (let i = 0; i < size; i++) {
      lineStart[i] = at;
      const before = carried[i]!;
      if (before >= 0) {
        statEnd[i] = at + this.statEnd[before]! - this.lineStart[before]!;
        at += this.lineText.copy(text, at, this.lineStart[before], this.lineEnd[before]);
      } else {
        const line = fresh[next++]!;
        at += text.write(line.stat, at);
        statEnd[i] = at;
        at += text.write(line.tagSuffix, at);
      }
      lineEnd[i] = at;
    }
    this.last = last;
    this.startTimes = startTimes;
    this.lineText = text;
    this.lineStart = lineStart;
    this.statEnd = statEnd;
    this.lineEnd = lineEnd;
    this.walk = copyWalk(columns);
  }
}

/** True when `now` lists the same series in the same order as `before` (values by reference). */
function sameWalk(before: TagColumns, now: TagColumns): boolean {
  if (before.size !== now.size || before.keySets.length !== now.keySets.length) return false;
  for (let k = 0; k < now.keySets.length; k++) {
    if (!sameKeySet(before.keySets[k]!, now.keySets[k]!)) return false;
  }
  let values = 0;
  for (let k = 0; k < now.keySets.length; k++) {
    const depth = now.keySets[k]!.keys.length;
    const end = now.keySets[k + 1]?.start ?? now.size;
    for (let i = now.keySets[k]!.start; i < end; i++) {
      const changed = now.changedFrom[i]!;
      if (changed !== before.changedFrom[i]) return false;
      values += depth - changed;
    }
  }
  for (let n = 0; n < values; n++) {
    const chunk = n >> TAG_VALUE_CHUNK_BITS;
    if (now.newValues[chunk]![n & CHUNK_MASK] !== before.newValues[chunk]![n & CHUNK_MASK]) return false;
  }
  return true;
}

function sameKeySet(a: ColumnKeySet, b: ColumnKeySet): boolean {
  if (a.start !== b.start || a.keys.length !== b.keys.length || a.plan.length !== b.plan.length) return false;
  for (let j = 0; j < a.keys.length; j++) if (a.keys[j] !== b.keys[j]) return false;
  for (let j = 0; j < a.plan.length; j++) {
    const x = a.plan[j]!;
    const y = b.plan[j]!;
    if (typeof x === 'number' || typeof y === 'number' ? x !== y : x.key !== y.key || x.value !== y.value)
      return false;
  }
  return true;
}

function copyWalk(columns: TagColumns): TagColumns {
  return {
    size: columns.size,
    keySets: columns.keySets.map(({ keys, plan, start }) => ({ keys: [...keys], plan: [...plan], start })),
    changedFrom: columns.changedFrom.slice(0, columns.size),
    newValues: columns.newValues.map((chunk) => chunk.slice()),
  };
}

/** A series' tags as one unambiguous string (lengths in front), for the rare re-alignment only. */
function identity(keys: readonly string[], levelValues: readonly string[]): string {
  let key = '';
  for (let level = 0; level < keys.length; level++) {
    const value = levelValues[level]!;
    key += `${keys[level]!.length}:${keys[level]}=${value.length}:${value}`;
  }
  return key;
}

function tagsOf({ keys, plan }: ColumnKeySet, levelValues: readonly string[]): CanonicalTags {
  const tags: Tag[] = new Array(plan.length);
  for (let p = 0; p < plan.length; p++) {
    const slot = plan[p]!;
    tags[p] = typeof slot === 'number' ? { key: keys[slot]!, value: levelValues[slot]! } : slot;
  }
  return tags;
}
