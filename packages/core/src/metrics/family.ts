import type { Clock } from '../clock.js';
import { InvalidTagError } from '../errors.js';
import type { InstrumentationScope, MetricSnapshot } from '../snapshot.js';
import { type CanonicalTags, canonicalTags, EMPTY_TAGS, isTag, type Tag, tagPairs } from '../tags.js';
import { CallerLayouts } from './caller-layouts.js';
import { SeriesCursor, type StepwiseWalk } from './series-cursor.js';
import { ValueTrie } from './value-trie.js';
import { type TrieVisitor, walkValueTrie } from './value-trie-walk.js';

/** The kind of a family as it appears in snapshots. */
export type FamilyType = MetricSnapshot['type'];

/** What every family needs to know about itself. */
export interface FamilyDescriptor {
  readonly name: string;
  readonly type: FamilyType;
  readonly description: string;
  readonly unit: string;
  readonly labelNames: readonly string[] | undefined;
  readonly clock: Clock;
  /** Most tagged series this family keeps; further tag sets fold into one overflow series. */
  readonly cardinalityLimit: number;
  /** Told about every tag set folded into the overflow series (the registry warns and counts). */
  readonly onOverflow: (family: MetricFamily<Series>, tags: CanonicalTags) => void;
  /**
   * When > 0, histogram, timer and summary series also keep up to this many of the observations
   * since the last push, for exporters that send raw samples (StatsD). 0 (the default) costs nothing.
   */
  readonly observationReservoir?: number;
  /** Tag keys this kind of metric writes itself (`le` for histograms, `quantile` for summaries). */
  readonly reservedTagKeys?: readonly string[];
  /** Tag rewriting from Config filters (drop, rename, redact), applied once per new tag set. */
  readonly mapTags?: ((tags: CanonicalTags) => readonly Tag[]) | undefined;
  /** Carried into snapshots (see `MetricSnapshot.scope`). */
  readonly scope?: InstrumentationScope | undefined;
  /** Gauges only: carried into snapshots (see `ValueMetricSnapshot.upDownCounter`). */
  readonly upDownCounter?: boolean | undefined;
  /** A series not recorded for this long is dropped at collection (`expireAfter`); none when undefined. */
  readonly expireAfterMs?: number | undefined;
  /** Counters, histograms and timers keep exemplars (`MetricOptions.exemplars`); default off. */
  readonly exemplars?: boolean | undefined;
  /** Told about an exemplar dropped for tags over the OpenMetrics limit (the registry warns once). */
  readonly onExemplarDropped?: ((name: string, length: number) => void) | undefined;
}

/**
 * How to merge sorted global tags with a key set's tags: per output position, either a global Tag or
 * the index of a key-set level. A series' own key wins over a global one.
 */
export function mergePlan(global: CanonicalTags, keys: readonly string[]): Array<Tag | number> {
  const plan: Array<Tag | number> = [];
  let g = 0;
  let k = 0;
  while (g < global.length || k < keys.length) {
    const globalTag = global[g];
    const key = keys[k];
    if (key === undefined || (globalTag !== undefined && globalTag.key < key)) {
      plan.push(globalTag!);
      g++;
    } else {
      if (globalTag !== undefined && globalTag.key === key) g++;
      plan.push(k);
      k++;
    }
  }
  return plan;
}

/** Canonical tags from a trie's keys and one path of values. */
function tagsFrom(keys: readonly string[], values: readonly unknown[]): CanonicalTags {
  return keys.map((key, i) => ({ key, value: values[i] as string }));
}

/** Receives what {@link MetricFamily.walkSeries} walks. */
export interface SeriesWalkVisitor<S> {
  /** The untagged series, when it is shown; its tags are the global tags alone. */
  root(series: S): void;
  /** Starts the series of one key set (sorted keys); every series until the next call has these keys. */
  keySet(keys: readonly string[]): void;
  /** One series of the current key set: its values (reused array), the first level that may have changed, the series. */
  series(values: readonly unknown[], changedFrom: number, series: S): void;
}

/** The tag of the series that collects what exceeded a family's cardinality limit. */
export const OVERFLOW_TAG: Tag = Object.freeze({ key: 'meterkit_overflow', value: 'true' });

/**
 * `ms - from` as a Smi when it is a small integer. The interpreter returns a boxed number for the
 * difference of two timestamps (beyond Smi range), and a field that once received a boxed number
 * holds every value of every object of that shape boxed: 16 bytes more per series and offset.
 */
export function msOffset(ms: number, from: number): number {
  const offset = ms - from;
  return (offset | 0) === offset ? offset | 0 : offset;
}

/**
 * What the idle check (`expireAfter`) keeps per series. Only series of families that expire carry
 * it (a counter family picks a series class with these fields), so no other series pays for it.
 */
export interface IdleTracked {
  /** When the idle check last saw something recorded, as ms after the family's start (a Smi). */
  activeOffset: number;
  /**
   * True if something was recorded since the previous call. Called by collection only, so recording
   * pays nothing for expiry: each kind compares a count it keeps anyway.
   */
  recordedSinceLastCheck(): boolean;
}

/**
 * A series: one tag set of a family. Concrete metric classes extend this. It holds no tags of its
 * own (they are the path to it in the family's index): a counter series is the family, its start,
 * one slot for the index and its value.
 */
export abstract class Series {
  /**
   * `startTime` as ms after the family's start: a small integer that V8 keeps in the field itself,
   * where an absolute timestamp would be a 16-byte boxed number per series.
   */
  protected startOffset: number;
  /**
   * While attached, the family's index holds this series' path below its last branching level here
   * (see `FusedLeaf` in value-trie.ts): one field instead of one trie node per level after a unique
   * tag. While dropped (remove, clear, expiry) it is `null`, never a tail (tag values are strings,
   * a tail of none is undefined), and the family keeps the series' tags, so that a held handle
   * recording again re-attaches it as a new series. The hot paths compare this field with `null`:
   * a constant, as cheap as the field of its own they compared with undefined before (a shared
   * symbol imported from this module cost them 1.5 ns, a `typeof` check 0.25 ns).
   */
  trieTail: unknown = undefined;

  constructor(readonly family: MetricFamily<Series>) {
    this.startOffset = msOffset(family.descriptor.clock.now(), family.startTime);
  }

  /** Wall-clock ms since which this series counts: its creation, or its re-creation after a drop. */
  get startTime(): number {
    return this.family.startTime + this.startOffset;
  }
  set startTime(ms: number) {
    this.startOffset = msOffset(ms, this.family.startTime);
  }

  /** The canonical tags of a dropped series (its handle re-attaches on its next record); undefined while attached. */
  get detachedTags(): CanonicalTags | undefined {
    return this.trieTail === null ? this.family.tagsOf(this) : undefined;
  }

  /** True while nothing was recorded: such a series is exported only if it was asked for. */
  abstract isPristine(): boolean;
  /** Back to zero, as if just created (the caller sets the new start time). */
  abstract reset(): void;
}

/**
 * All series of one metric name. Identity is canonical: one {@link ValueTrie} per sorted key set
 * holds every series. `withTags` first tries the caller's own key order ({@link CallerLayouts}), which
 * costs a key comparison and one lookup per tag, and allocates nothing; a miss resolves canonically.
 */
export abstract class MetricFamily<S extends Series> {
  readonly root: S;
  readonly startTime: number;
  /** Sorted key set (joined) → the series with exactly those keys. */
  private readonly canonical = new Map<string, ValueTrie<S>>();
  /** The caller-order lookups from the untagged series; from other series in `childLayouts`. */
  private readonly rootLayouts = new CallerLayouts<S>();
  private readonly childLayouts = new Map<S, CallerLayouts<S>>();
  /** Tags of series used as a base for `withTags`, found on first use. */
  private readonly baseTags = new WeakMap<S, CanonicalTags>();
  /** Tags of dropped series whose handles may still record (see {@link Series.trieTail}). */
  private readonly detachedTags = new WeakMap<S, CanonicalTags>();
  private overflow: S | undefined;
  /** Number of tagged series, the overflow series included. */
  size = 0;
  /** Set when a caller asked for the untagged series, so it is exported even at zero. */
  rootRequested = false;
  /** Series dropped so far (remove, clear, expiry): a walk in steps starts over when it moves. */
  detachments = 0;
  /**
   * Series handed out by a factory call with view or option tags (`provider.withTags(…).counter(…)`):
   * like the untagged series, they are exported at zero only while the family has nothing else, so
   * a handle used only as a base for `withTags` does not add a spurious zero series.
   */
  private readonly baseHandles = new Set<S>();
  /** For {@link seriesCursor}: made once, so that walk code never holds a per-collection closure. */
  private readonly isPristineBaseHandle = (series: Series): boolean =>
    this.baseHandles.has(series as S) && series.isPristine();

  constructor(readonly descriptor: FamilyDescriptor) {
    this.startTime = descriptor.clock.now();
    this.root = this.newSeries();
    this.baseTags.set(this.root, EMPTY_TAGS);
  }

  get name(): string {
    return this.descriptor.name;
  }

  get type(): FamilyType {
    return this.descriptor.type;
  }

  /** Builds the series object for a new tag set. */
  protected abstract newSeries(): S;

  /** The fast path of `withTags` with one argument: a cache hit or undefined. */
  lookup(base: S, input: unknown): S | undefined {
    const layouts = base === this.root ? this.rootLayouts : this.childLayouts.get(base);
    if (layouts === undefined || typeof input !== 'object' || input === null) return undefined;
    return Array.isArray(input)
      ? layouts.findByTags(input)
      : layouts.findByRecord(input as Record<string, unknown>);
  }

  /** The slow path of `withTags`: validation, canonical resolution, creation, and caching of the caller's order. */
  resolve(base: S, args: ArrayLike<unknown>): S {
    const labelNames = this.descriptor.labelNames;
    if (labelNames !== undefined) {
      for (const [key] of tagPairs(args)) {
        if (!labelNames.includes(key as string)) {
          throw new InvalidTagError(
            key,
            `metric "${this.name}" declares labelNames [${labelNames.join(', ')}]`,
          );
        }
      }
    }
    const series = this.seriesFor(this.filtered(canonicalTags(this.tagsOf(base), args)));
    // Folded tag sets are not cached: an unbounded stream of new values must not grow the cache.
    if (args.length === 1 && series !== this.overflow) this.cacheCallerOrder(base, args[0], series);
    return series;
  }

  /**
   * Canonical tags after the Config filters' rewriting (identity when there is none), checked
   * against the keys this kind of metric writes itself: a histogram tagged `le` would be exposed
   * with two `le` labels, which Prometheus rejects for the whole scrape.
   */
  filtered(tags: CanonicalTags): CanonicalTags {
    const mapTags = this.descriptor.mapTags;
    const result = mapTags === undefined ? tags : canonicalTags(EMPTY_TAGS, [mapTags(tags)]);
    const reserved = this.descriptor.reservedTagKeys;
    if (reserved !== undefined) {
      for (const tag of result) {
        if (reserved.includes(tag.key)) {
          throw new InvalidTagError(
            tag.key,
            `"${tag.key}" is reserved on ${this.type} "${this.name}", which writes it itself`,
          );
        }
      }
    }
    return result;
  }

  /** Get-or-create by canonical tags. */
  seriesFor(tags: CanonicalTags): S {
    if (tags.length === 0) return this.root;
    const keys = tags.map((tag) => tag.key);
    const values = tags.map((tag) => tag.value);
    const keySet = keys.join('\u0000');
    let trie = this.canonical.get(keySet);
    const found = trie?.find(values);
    if (found !== undefined) return found;
    if (this.size >= this.descriptor.cardinalityLimit) return this.foldIntoOverflow(tags);
    if (trie === undefined) {
      trie = new ValueTrie<S>(keys, true);
      this.canonical.set(keySet, trie);
      // The canonical trie doubles as the lookup for callers who write their keys sorted, unless
      // filters rewrite tags (then a caller's raw values are not the stored ones).
      if (this.descriptor.mapTags === undefined) this.rootLayouts.share(trie);
    }
    const series = this.newSeries();
    trie.insert(values, series);
    this.size++;
    return series;
  }

  /** The attached series with exactly these canonical tags, or undefined. */
  findSeries(tags: CanonicalTags): S | undefined {
    if (tags.length === 0) return this.root;
    return this.canonical.get(tags.map((tag) => tag.key).join('\u0000'))?.find(tags.map((tag) => tag.value));
  }

  /**
   * Called by a dropped series' handle when it records again: the series to record into. It is the
   * handle itself, re-attached from zero with a new start time, unless its tags were re-created
   * meanwhile (then that series) or the cardinality limit is reached (then the overflow series).
   */
  reattach(series: S): S {
    const tags = series.trieTail === null ? this.detachedTags.get(series) : undefined;
    if (tags === undefined) return series;
    const current = this.findSeries(tags);
    if (current !== undefined) return current;
    if (this.size >= this.descriptor.cardinalityLimit) return this.foldIntoOverflow(tags);
    const keySet = tags.map((tag) => tag.key).join('\u0000');
    let trie = this.canonical.get(keySet);
    if (trie === undefined) {
      trie = new ValueTrie<S>(
        tags.map((tag) => tag.key),
        true,
      );
      this.canonical.set(keySet, trie);
      if (this.descriptor.mapTags === undefined) this.rootLayouts.share(trie);
    }
    trie.insert(
      tags.map((tag) => tag.value),
      series,
    );
    // Inserting into the fused index overwrote the null with the series' tail.
    this.size++;
    this.detachedTags.delete(series);
    series.startTime = this.descriptor.clock.now();
    this.markActive(series);
    return series;
  }

  /**
   * Drops the series with `args` (relative to `base`'s tags); true if it existed. The untagged series
   * cannot leave the family: it restarts from zero with a new start time and is hidden until recorded.
   */
  remove(base: S, args: ArrayLike<unknown>): boolean {
    const tags = this.filtered(canonicalTags(this.tagsOf(base), args));
    if (tags.length === 0) {
      const existed = !this.root.isPristine() || this.rootRequested;
      this.restartRoot();
      return existed;
    }
    const series = this.findSeries(tags);
    if (series === undefined) return false;
    this.detach(series, tags);
    this.forgetCachedLookups();
    return true;
  }

  /** Drops every series (see {@link remove}). */
  clear(): void {
    const all: Array<[CanonicalTags, S]> = [];
    this.forEachTagged((keys, values, series) => all.push([tagsFrom(keys, values), series]));
    for (const [tags, series] of all) this.detach(series, tags);
    this.restartRoot();
    this.forgetCachedLookups();
  }

  /**
   * The idle check, at collection: drops every series with nothing recorded for `expireAfter`.
   * "Recorded" is judged by comparing what each series keeps anyway with the previous check.
   */
  expireIdle(): void {
    const ttl = this.descriptor.expireAfterMs;
    if (ttl === undefined) return;
    // Offsets from the family's start, as the series keep them.
    const now = msOffset(this.descriptor.clock.now(), this.startTime);
    const root = this.root as S & IdleTracked;
    if (root.recordedSinceLastCheck()) root.activeOffset = now;
    else if ((!root.isPristine() || this.rootRequested) && now - root.activeOffset >= ttl) this.restartRoot();
    const idle: Array<[CanonicalTags, S]> = [];
    this.forEachTagged((keys, values, series) => {
      const tracked = series as S & IdleTracked;
      if (tracked.recordedSinceLastCheck()) tracked.activeOffset = now;
      else if (now - tracked.activeOffset >= ttl) idle.push([tagsFrom(keys, values), series]);
    });
    for (const [tags, series] of idle) this.detach(series, tags);
    if (idle.length > 0) this.forgetCachedLookups();
  }

  /** Every tagged series, pristine base handles included (the array of values is reused). */
  private forEachTagged(
    visit: (keys: readonly string[], values: readonly unknown[], series: S) => void,
  ): void {
    for (const trie of this.canonical.values()) {
      trie.forEach((values, series) => {
        visit(trie.keys, values, series);
      });
    }
  }

  /**
   * With `expireAfter`, starts a series' idle time now (re-attachment, restart; a new series starts
   * it at its creation). Series of other families have no such field and must not get one.
   */
  private markActive(series: S): void {
    if (this.descriptor.expireAfterMs === undefined) return;
    (series as S & IdleTracked).activeOffset = msOffset(this.descriptor.clock.now(), this.startTime);
  }

  private detach(series: S, tags: CanonicalTags): void {
    if (series.trieTail === null) return;
    const trie = this.canonical.get(tags.map((tag) => tag.key).join('\u0000'));
    if (trie === undefined || !trie.delete(tags.map((tag) => tag.value))) return;
    this.size--;
    this.detachments++;
    if (series === this.overflow) this.overflow = undefined;
    this.baseHandles.delete(series);
    this.childLayouts.delete(series);
    series.reset();
    // After the index let go of the series (its tail is free now).
    series.trieTail = null;
    this.detachedTags.set(series, tags);
  }

  private restartRoot(): void {
    this.root.reset();
    this.root.startTime = this.descriptor.clock.now();
    this.markActive(this.root);
    this.rootRequested = false;
  }

  /** Cached caller orders may lead to dropped series: they are rebuilt on the next `withTags`. */
  private forgetCachedLookups(): void {
    this.rootLayouts.forgetPrivate();
    this.childLayouts.clear();
  }

  /** Marks a series returned by a factory call (see `baseHandles`). */
  markBaseHandle(series: S): void {
    if (series !== this.root) this.baseHandles.add(series);
  }

  /** The canonical tags of a series (walks the index once per series asked about). */
  tagsOf(series: S): CanonicalTags {
    const detached = series.trieTail === null ? this.detachedTags.get(series) : undefined;
    if (detached !== undefined) return detached;
    const known = this.baseTags.get(series);
    if (known !== undefined) return known;
    for (const [tags, candidate] of this.entries()) {
      if (candidate === series) {
        this.baseTags.set(series, tags);
        return tags;
      }
    }
    throw new Error(`A series of "${this.name}" is not in its family`);
  }

  /**
   * Every tagged series with its canonical tags, plus the untagged one if it was recorded to, or if
   * it was asked for and is the only one (so `counter('x')` shows 0 at once, as in prom-client,
   * without a spurious zero series beside the tagged children of a family used through `withTags`).
   */
  entries(): Array<[CanonicalTags, S]> {
    const entries: Array<[CanonicalTags, S]> = [];
    this.forEachSeries(EMPTY_TAGS, (tags, series) => entries.push([tags, series]));
    return entries;
  }

  /**
   * Visits what {@link entries} lists, with `global` tags merged in (a series' own key wins). Tag
   * objects are shared along the index's paths and the merge order is planned once per key set, so
   * a collection allocates one array per series plus the tags unique to it.
   */
  forEachSeries(global: CanonicalTags, visit: (tags: CanonicalTags, series: S) => void): void {
    let plan: Array<Tag | number> = [];
    let keys: readonly string[] = [];
    let levelTags: Tag[] = [];
    this.walkSeries({
      root: (series) => visit(global, series),
      keySet: (keySet) => {
        keys = keySet;
        plan = mergePlan(global, keys);
        levelTags = new Array(keys.length);
      },
      series: (values, changedFrom, series) => {
        // Reuse the Tag of a level whose value did not change since the previous series.
        for (let i = changedFrom; i < keys.length; i++) {
          if (levelTags[i]?.value !== values[i]) levelTags[i] = { key: keys[i]!, value: values[i] as string };
        }
        const tags: Tag[] = new Array(plan.length);
        for (let i = 0; i < plan.length; i++) {
          const slot = plan[i]!;
          tags[i] = typeof slot === 'number' ? levelTags[slot]! : slot;
        }
        visit(tags, series);
      },
    });
  }

  /**
   * What {@link forEachSeries} visits, without building tags: the untagged series when it is shown,
   * then each key set (sorted keys) followed by its series, each with its values and the first level
   * that may differ from the previous series of the key set (see {@link TrieVisitor}). For
   * collection code that stores or renders tags its own way (`registry/value-columns.ts`).
   */
  walkSeries(visitor: SeriesWalkVisitor<S>): void {
    if (!this.root.isPristine() || (this.rootRequested && this.size === 0)) visitor.root(this.root);
    const hidePristineHandles = this.baseHandles.size > 0 && this.size > this.baseHandles.size;
    for (const trie of this.canonical.values()) {
      visitor.keySet(trie.keys);
      // A hidden series' levels still count as changed for the next visible one.
      let hiddenFrom = trie.keys.length;
      walkValueTrie(trie, (values, series, changedFrom) => {
        if (hidePristineHandles && this.baseHandles.has(series) && series.isPristine()) {
          hiddenFrom = Math.min(hiddenFrom, changedFrom);
          return;
        }
        visitor.series(values, Math.min(changedFrom, hiddenFrom), series);
        hiddenFrom = trie.keys.length;
      });
    }
  }

  /**
   * {@link walkSeries} in steps ({@link SeriesCursor}): collection reads a family of a million series
   * a slice at a time, letting the event loop in between. Series dropped meanwhile move
   * {@link detachments}; the caller then starts over (see {@link TrieCursor}).
   */
  seriesCursor(visitor: SeriesWalkVisitor<S>): StepwiseWalk {
    const showRoot = !this.root.isPristine() || (this.rootRequested && this.size === 0);
    const hidePristineHandles = this.baseHandles.size > 0 && this.size > this.baseHandles.size;
    return new SeriesCursor<S>(
      visitor,
      showRoot ? this.root : undefined,
      [...this.canonical.values()],
      hidePristineHandles ? this.isPristineBaseHandle : undefined,
    );
  }

  private foldIntoOverflow(tags: CanonicalTags): S {
    if (this.overflow === undefined) {
      const trie = new ValueTrie<S>([OVERFLOW_TAG.key], true);
      this.overflow = this.newSeries();
      trie.insert([OVERFLOW_TAG.value], this.overflow);
      this.canonical.set(OVERFLOW_TAG.key, trie);
      this.size++;
    }
    this.descriptor.onOverflow(this, tags);
    return this.overflow;
  }

  private cacheCallerOrder(base: S, input: unknown, series: S): void {
    if (typeof input !== 'object' || input === null || isTag(input)) return;
    const pairs: Array<readonly [string, unknown]> = Array.isArray(input)
      ? input.map((tag: Tag) => [tag.key, tag.value] as const)
      : Object.keys(input).map((key) => [key, (input as Record<string, unknown>)[key]] as const);
    if (pairs.length === 0) return;
    let layouts = base === this.root ? this.rootLayouts : this.childLayouts.get(base);
    if (layouts === undefined) {
      layouts = new CallerLayouts<S>();
      this.childLayouts.set(base, layouts);
    }
    layouts.remember(pairs, series);
  }
}
