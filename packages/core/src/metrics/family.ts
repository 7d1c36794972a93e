import type { Clock } from '../clock.js';
import { InvalidTagError } from '../errors.js';
import type { MetricSnapshot } from '../snapshot.js';
import { type CanonicalTags, canonicalTags, EMPTY_TAGS, isTag, type Tag, tagPairs } from '../tags.js';
import { findByPairs, findByRecord, insertPath, type TrieLevel } from './series-trie.js';

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
  /** Tag rewriting from Config filters (drop, rename, redact), applied once per new tag set. */
  readonly mapTags?: ((tags: CanonicalTags) => readonly Tag[]) | undefined;
}

/** The tag of the series that collects what exceeded a family's cardinality limit. */
export const OVERFLOW_TAG: Tag = Object.freeze({ key: 'meterkit_overflow', value: 'true' });

/** A series: one tag set of a family. Concrete metric classes extend this. */
export abstract class Series {
  constructor(
    readonly family: MetricFamily<Series>,
    readonly tags: CanonicalTags,
  ) {}
  /** True while nothing was recorded: such a series is exported only if it was asked for. */
  abstract isPristine(): boolean;
}

/**
 * All series of one metric name: get-or-create by tags, in canonical (sorted) identity, with a
 * per-call-site lookup cache so that `withTags(record)` on the hot path never sorts or allocates.
 */
export abstract class MetricFamily<S extends Series> {
  readonly series: S[] = [];
  readonly root: S;
  readonly startTime: number;
  /** Root of the trie: the canonical path of every series plus every caller order seen from the root. */
  private readonly rootLevel: TrieLevel<S> = new Map();
  /** Lookup caches for series that are themselves used as a base for `withTags`. */
  private readonly childLevels = new Map<S, TrieLevel<S>>();
  /** Set when a caller asked for the untagged series, so it is exported even at zero. */
  rootRequested = false;

  constructor(readonly descriptor: FamilyDescriptor) {
    this.startTime = descriptor.clock.now();
    this.root = this.newSeries(EMPTY_TAGS);
  }

  get name(): string {
    return this.descriptor.name;
  }

  get type(): FamilyType {
    return this.descriptor.type;
  }

  /** Builds the series object for a tag set; called once per distinct tag set. */
  protected abstract newSeries(tags: CanonicalTags): S;

  /** The fast path of `withTags` with one argument: a cache hit or undefined. */
  lookup(base: S, input: unknown): S | undefined {
    const level = base === this.root ? this.rootLevel : this.childLevels.get(base);
    if (level === undefined || typeof input !== 'object' || input === null) return undefined;
    if (Array.isArray(input)) return findByPairs(level, input);
    return findByRecord(level, input as Record<string, unknown>);
  }

  /** The slow path of `withTags`: canonical resolution, creation, and caching of the caller's order. */
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
    const series = this.seriesFor(this.filtered(canonicalTags(base.tags, args)));
    // Folded tag sets are not cached: an unbounded stream of new values must not grow the cache.
    if (args.length === 1 && series !== this.overflow) this.cacheCallerOrder(base, args[0], series);
    return series;
  }

  /** Canonical tags after the Config filters' rewriting (identity when there is none). */
  filtered(tags: CanonicalTags): CanonicalTags {
    const mapTags = this.descriptor.mapTags;
    return mapTags === undefined ? tags : canonicalTags(EMPTY_TAGS, [mapTags(tags)]);
  }

  /** Get-or-create by canonical tags. */
  seriesFor(tags: CanonicalTags): S {
    if (tags.length === 0) return this.root;
    const found = findByPairs(this.rootLevel, tags);
    if (found !== undefined) return found;
    if (this.series.length >= this.descriptor.cardinalityLimit) return this.foldIntoOverflow(tags);
    const series = this.newSeries(tags);
    this.series.push(series);
    insertPath(
      this.rootLevel,
      tags.map((tag) => [tag.key, tag.value] as const),
      series,
    );
    return series;
  }

  /**
   * Series to export: every tagged series, plus the untagged one if it was recorded to, or if it was
   * asked for and is the only one (so `counter('x')` shows 0 at once, as in prom-client, without a
   * spurious zero series beside the tagged children of a family used only through `withTags`).
   */
  exportedSeries(): S[] {
    if (!this.root.isPristine() || (this.rootRequested && this.series.length === 0))
      return [this.root, ...this.series];
    return this.series;
  }

  /** The series that absorbs tag sets past the cardinality limit: `meterkit_overflow="true"`. */
  private overflow: S | undefined;

  private foldIntoOverflow(tags: CanonicalTags): S {
    if (this.overflow === undefined) {
      this.overflow = this.newSeries(Object.freeze([OVERFLOW_TAG]));
      this.series.push(this.overflow);
      insertPath(this.rootLevel, [[OVERFLOW_TAG.key, OVERFLOW_TAG.value]], this.overflow);
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
    let level = base === this.root ? this.rootLevel : this.childLevels.get(base);
    if (level === undefined) {
      level = new Map();
      this.childLevels.set(base, level);
    }
    insertPath(level, pairs, series);
  }
}
