import { keepShape } from '../keep-shape.js';
import { SplitLevel } from './split-level.js';
import { SingleValue, type TrieNode, tailValue, type ValueTrie } from './value-trie.js';
import { walkValueTrie } from './value-trie-walk.js';

type Level<S> = Map<unknown, TrieNode<S> | S>;
type Split<S> = SplitLevel<TrieNode<S> | S>;

/**
 * Receives each series a {@link TrieCursor} visits: its values (one per key; a reused array), the
 * series, and the first level that may differ from the previous series'.
 *
 * An object with a method, not a function: collection makes a new cursor and visitor per snapshot,
 * and optimized code that calls a closure depends on that closure, which dies with its snapshot
 * (V8 then throws the code away; see `keepShape`). A method lives as long as its class.
 */
export interface TrieCursorVisitor<S> {
  visitSeries(values: readonly unknown[], series: S, changedFrom: number): void;
}

/**
 * Above this many entries a Map level is followed with a live iterator (one small allocation per
 * entry) instead of `forEach` resumed by skipping: each resumed `forEach` passes over the whole Map
 * again, which for a Map of a million series read in slices of 10,000 would be 100 passes.
 */
const ITERATE_ABOVE = 131_072;

/** The walk state, passed down rather than captured, so the recursion allocates nothing per series. */
interface Step<S> {
  readonly visitor: TrieCursorVisitor<S>;
  /** Series this step may still visit. */
  left: number;
  /** Set when the budget ran out before a series: the walk unwinds and resumes there next time. */
  paused: boolean;
}

/**
 * The walk of {@link walkValueTrie} (same order, same values), in steps: each call to
 * {@link TrieCursor.walk} visits at most a given number of series and returns, so a collection of a
 * million series can let the event loop in between steps. A step ends *before* a series; the next
 * step walks down to it again by its values, skipping what comes before it on each level (`forEach`
 * and a skip allocate nothing, where a Map iterator makes an object per entry; Maps larger than
 * {@link ITERATE_ABOVE} keep an iterator). `changedFrom` is the recursive walk's, except for the first
 * series of a step, which counts every level as changed.
 *
 * Series added meanwhile after the position are visited, as by a live iterator; removed ones are
 * not. A caller that must not see a series twice starts over when series are removed: a tag set
 * removed and added again would come up a second time.
 */
export class TrieCursor<S extends object> {
  private readonly depth: number;
  /** The values of the current series' path; on resume, the path to walk down to again. */
  private readonly values: unknown[];
  /** Iterators of the Maps above {@link ITERATE_ABOVE} on the current path (undefined elsewhere). */
  private readonly iterators: Array<Iterator<[unknown, TrieNode<S> | S]> | undefined>;
  private changedFrom = 0;
  /** True while walking down to the series the previous step ended before. */
  private resuming = false;
  private started = false;
  /** True once every series was visited. */
  finished = false;

  /** @param iterateAbove - Map size above which a level keeps an iterator (tests make it small). */
  constructor(
    private readonly trie: ValueTrie<S>,
    private readonly iterateAbove = ITERATE_ABOVE,
  ) {
    this.depth = trie.keys.length;
    this.values = new Array(this.depth);
    this.iterators = new Array(this.depth).fill(undefined);
    keepShape(this);
  }

  /** Visits up to `budget` more series; returns how many it visited. */
  walk(budget: number, visitor: TrieCursorVisitor<S>): number {
    if (this.finished || budget <= 0) return 0;
    const root = this.trie.root;
    if (root === undefined) {
      this.finished = true;
      return 0;
    }
    // Deep key lists (beyond what the recursion takes) are walked in one go.
    if (this.depth > 256) {
      let visited = 0;
      walkValueTrie(this.trie, (values, series, changedFrom) => {
        visited++;
        visitor.visitSeries(values, series, changedFrom);
      });
      this.finished = true;
      return visited;
    }
    const step: Step<S> = { visitor, left: budget, paused: false };
    this.resuming = this.started;
    this.started = true;
    this.changedFrom = 0;
    this.walkNode(root, 0, step);
    if (!step.paused) this.finished = true;
    return budget - step.left;
  }

  private walkNode(start: TrieNode<S> | S, startLevel: number, step: Step<S>): void {
    const { values, depth } = this;
    let node = start;
    let level = startLevel;
    while (level < depth) {
      if (level < this.changedFrom) this.changedFrom = level;
      if (node instanceof SingleValue) {
        values[level] = node.value;
        node = node.child as TrieNode<S> | S;
        level++;
        continue;
      }
      if (node instanceof Map) {
        if (node.size > this.iterateAbove) this.iterateMap(node as Level<S>, level, step);
        else this.walkMap(node as Level<S>, level, step);
        return;
      }
      if (node instanceof SplitLevel) {
        if (node.size > this.iterateAbove) this.iterateMap(node as Split<S>, level, step);
        else this.walkSplit(node as Split<S>, level, step);
        return;
      }
      // A fused leaf: the series hangs above the last level(s) and holds their values itself.
      const remaining = depth - level;
      for (let i = 0; i < remaining; i++) values[level + i] = tailValue(node, remaining, i);
      break;
    }
    if (step.left === 0) {
      step.paused = true;
      return;
    }
    step.left--;
    this.resuming = false;
    step.visitor.visitSeries(values, node as S, this.changedFrom);
    this.changedFrom = depth;
  }

  /**
   * The children of a Map level with `forEach`; when resuming, the entries before the one on the
   * saved path are skipped. In a function of its own: a closure inside `walkNode` would allocate a
   * context on every call, that is per series.
   */
  private walkMap(map: Level<S>, level: number, step: Step<S>): void {
    let skipping = this.resuming;
    const target = this.values[level];
    map.forEach((child, value) => {
      if (step.paused) return;
      if (skipping) {
        if (value !== target) return;
        skipping = false;
      }
      this.values[level] = value;
      if (level < this.changedFrom) this.changedFrom = level;
      this.walkNode(child, level + 1, step);
    });
  }

  /**
   * The two Maps of a split level in turn with {@link walkMap}. When resuming at a value of `active`,
   * `full` is skipped whole.
   */
  private walkSplit(split: Split<S>, level: number, step: Step<S>): void {
    if (!this.resuming || split.full.has(this.values[level])) this.walkMap(split.full, level, step);
    if (!step.paused) this.walkMap(split.active, level, step);
  }

  /** A large level through an iterator kept across steps (see {@link ITERATE_ABOVE}). */
  private iterateMap(map: Level<S> | Split<S>, level: number, step: Step<S>): void {
    let iterator = this.iterators[level];
    let pending: TrieNode<S> | S | undefined;
    if (this.resuming && iterator !== undefined) {
      // The entry the previous step stopped in is walked down to again first.
      pending = map.get(this.values[level]);
    } else {
      iterator = map.entries();
      this.iterators[level] = iterator;
      // A Map that grew past the threshold since the previous step: find the entry it stopped in.
      while (this.resuming) {
        const next = iterator.next();
        if (next.done === true) {
          this.iterators[level] = undefined;
          return;
        }
        if (next.value[0] === this.values[level]) {
          pending = next.value[1];
          break;
        }
      }
    }
    while (!step.paused) {
      if (pending === undefined) {
        const next = iterator.next();
        if (next.done === true) {
          this.iterators[level] = undefined;
          return;
        }
        this.values[level] = next.value[0];
        pending = next.value[1];
      }
      if (level < this.changedFrom) this.changedFrom = level;
      this.walkNode(pending, level + 1, step);
      pending = undefined;
    }
  }
}
