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

interface Node<Last, Data> {
  readonly children: Map<string, Node<Last, Data>>;
  readonly parent: Node<Last, Data> | undefined;
  readonly edge: string;
  series: Slot<Last, Data> | undefined;
}

interface Slot<Last, Data> extends RememberedSeries<Last, Data> {
  seen: number;
  readonly node: Node<Last, Data>;
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
 * Series are found by their name and canonical tags through a tree of maps (name, then each tag's
 * key and value), so a flush builds no string key per series: `bench/series-memory.bench.mjs`
 * compares it with a `Map` keyed by `seriesKey()`.
 *
 * Per flush: {@link beginFlush}, {@link see} for each series of the snapshot, {@link endFlush}.
 */
export class SeriesMemory<Last, Data = undefined> {
  private readonly root: Node<Last, Data> = newNode(undefined, '');
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
    let node = child(this.root, name);
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      node = child(child(node, tag.key), tag.value);
    }
    let slot = node.series;
    if (slot === undefined) {
      slot = {
        name,
        tags,
        data: this.describe === undefined ? (undefined as Data) : this.describe(name, tags),
        last: undefined,
        lastTime: undefined,
        startTime,
        seen: this.flush,
        node,
      };
      node.series = slot;
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
      slot.node.series = undefined;
      prune(slot.node);
    }
    return gone;
  }

  /** How many series are remembered. */
  get size(): number {
    return this.live.size;
  }
}

function newNode<Last, Data>(parent: Node<Last, Data> | undefined, edge: string): Node<Last, Data> {
  return { children: new Map(), parent, edge, series: undefined };
}

function child<Last, Data>(node: Node<Last, Data>, edge: string): Node<Last, Data> {
  let next = node.children.get(edge);
  if (next === undefined) {
    next = newNode(node, edge);
    node.children.set(edge, next);
  }
  return next;
}

/** Removes empty nodes up the tree, so memory follows the live series set. */
function prune<Last, Data>(node: Node<Last, Data>): void {
  let current: Node<Last, Data> | undefined = node;
  while (
    current?.parent !== undefined &&
    current.series === undefined &&
    current.children.size === 0
  ) {
    current.parent.children.delete(current.edge);
    current = current.parent;
  }
}
