import { tagsKey } from '../series-key.js';
import type { CanonicalTags } from '../tags.js';

/**
 * What an exporter remembers about one series between flushes. A plain object the exporter reads
 * and writes directly: `last` is "what I sent last" (a counter's total, a histogram point, anything),
 * `lastTime` when it was sent, `data` whatever was worth computing once per series (a formatted name).
 */
export interface RememberedSeries<Last, Data = undefined> {
  /** The metric name the series was first seen under. */
  readonly name: string;
  /** The series' canonical tags when first seen (the same tag set in every later snapshot). */
  readonly tags: CanonicalTags;
  /** Computed once, when the series was first seen (see {@link SeriesMemoryOptions.describe}). */
  readonly data: Data;
  /** What was sent for the series last; `undefined` when new, or re-created since (see {@link SeriesMemory.see}). */
  last: Last | undefined;
  /** Wall-clock ms of the flush that sent `last`: where the next delta interval starts. */
  lastTime: number | undefined;
  /** The series' own start time when last seen; another one later means it was re-created. */
  startTime: number | undefined;
}

/** How a {@link SeriesMemory} builds the per-series `data`. */
export interface SeriesMemoryOptions<Data> {
  /** Called once per series, on first sight: e.g. the backend name and tag text of the series. */
  describe?: (name: string, tags: CanonicalTags) => Data;
}

interface Slot<Last, Data> extends RememberedSeries<Last, Data> {
  seen: number;
  /** Its key in the map of its metric name. */
  readonly key: string;
}

/**
 * "What did I last send" for every live series: the memory every exporter that turns cumulative
 * snapshots into deltas (StatsD, the logger's delta temporality, OTLP delta) needs, with one set of
 * reset rules:
 * - a series absent from a flush is forgotten at {@link endFlush} (removed, cleared or expired): if it
 *   comes back it starts from zero;
 * - a series seen with another `startTime` was re-created between flushes: {@link see} clears its
 *   `last` and `lastTime`, so it starts from zero even when its new total exceeds the old one;
 * - a total that went down without a new start time is a counter reset: the delta helpers
 *   ({@link counterDelta}, {@link monotonicDelta}) then count the whole new total.
 *
 * Series are found by metric name, then by `tagsKey()` of their canonical tags (core builds new tag
 * arrays for every snapshot, so the array itself cannot be the identity). A tree of maps that
 * builds no string key was measured against this (`bench/series-memory.bench.mjs`): it wins only
 * with one or two tags and loses up to several times with a high-cardinality tag among others (a
 * node and a Map per tag per series), so the string key stays.
 *
 * Per flush: {@link beginFlush}, {@link see} for each series of the snapshot, {@link endFlush}.
 */
export class SeriesMemory<Last, Data = undefined> {
  private readonly byName = new Map<string, Map<string, Slot<Last, Data>>>();
  private readonly live = new Set<Slot<Last, Data>>();
  private flush = 0;
  private readonly describe: ((name: string, tags: CanonicalTags) => Data) | undefined;

  constructor(options: SeriesMemoryOptions<Data> = {}) {
    this.describe = options.describe;
  }

  /** Starts a flush: series not passed to {@link see} before {@link endFlush} will be forgotten. */
  beginFlush(): void {
    this.flush++;
  }

  /**
   * The memory of one series, created on first sight. When `startTime` differs from the one seen
   * before, the series was removed (or expired) and re-created: `last` and `lastTime` are cleared.
   */
  see(name: string, tags: CanonicalTags, startTime?: number): RememberedSeries<Last, Data> {
    let byTags = this.byName.get(name);
    if (byTags === undefined) {
      byTags = new Map();
      this.byName.set(name, byTags);
    }
    const key = tagsKey(tags);
    let slot = byTags.get(key);
    if (slot === undefined) {
      slot = {
        name,
        tags,
        data: this.describe === undefined ? (undefined as Data) : this.describe(name, tags),
        last: undefined,
        lastTime: undefined,
        startTime,
        seen: this.flush,
        key,
      };
      byTags.set(key, slot);
      this.live.add(slot);
    } else if (startTime !== slot.startTime) {
      slot.last = undefined;
      slot.lastTime = undefined;
      slot.startTime = startTime;
    }
    slot.seen = this.flush;
    return slot;
  }

  /**
   * Ends the flush: forgets every series it did not see and returns them (once each), for
   * exporters that report a series as gone (the logger's `removed` lines).
   */
  endFlush(): RememberedSeries<Last, Data>[] {
    const gone: RememberedSeries<Last, Data>[] = [];
    for (const slot of this.live) {
      if (slot.seen === this.flush) continue;
      this.live.delete(slot);
      gone.push(slot);
      const byTags = this.byName.get(slot.name)!;
      byTags.delete(slot.key);
      if (byTags.size === 0) this.byName.delete(slot.name);
    }
    return gone;
  }

  /** How many series are remembered. */
  get size(): number {
    return this.live.size;
  }
}
