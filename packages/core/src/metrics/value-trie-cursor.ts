import { SingleValue, type TrieNode, tailValue, type ValueTrie } from './value-trie.js';
import { type TrieVisitor, walkValueTrie } from './value-trie-walk.js';

type Level<S> = Map<unknown, TrieNode<S> | S>;

/**
 * The walk of {@link walkValueTrie} (same order, same values, same `changedFrom`), in steps: each
 * call to {@link TrieCursor.walk} visits at most a given number of series and returns, so a
 * collection of a million series can let the event loop in between steps. The position is kept as
 * one live Map iterator per level: series added meanwhile after the position are visited, removed
 * ones not yet reached are not (a caller that must not see a series twice restarts when series are
 * removed: a removed tag set added again would come up a second time).
 */
export class TrieCursor<S extends object> {
  private readonly depth: number;
  private readonly values: unknown[];
  /** The iterator of each Map level on the current path (undefined for single-value levels). */
  private readonly iterators: Array<Iterator<[unknown, TrieNode<S> | S]> | undefined>;
  private changedFrom = 0;
  private started = false;
  /** True once every series was visited. */
  finished = false;

  constructor(private readonly trie: ValueTrie<S>) {
    this.depth = trie.keys.length;
    this.values = new Array(this.depth);
    this.iterators = new Array(this.depth).fill(undefined);
  }

  /** Visits up to `budget` more series; returns how many it visited. */
  walk(budget: number, visit: TrieVisitor<S>): number {
    if (this.finished) return 0;
    let visited = 0;
    if (!this.started) {
      this.started = true;
      const root = this.trie.root;
      if (root === undefined) {
        this.finished = true;
        return 0;
      }
      // Deep key lists (beyond what the recursive walk takes) are walked in one go.
      if (this.depth > 256) {
        walkValueTrie(this.trie, (values, series, changedFrom) => {
          visited++;
          visit(values, series, changedFrom);
        });
        this.finished = true;
        return visited;
      }
      if (this.descend(root, 0, visit)) visited++;
    }
    while (visited < budget) {
      if (!this.advance(visit)) {
        this.finished = true;
        break;
      }
      visited++;
    }
    return visited;
  }

  /** Follows `node` down to its first series and visits it; false if there is none below it. */
  private descend(start: TrieNode<S> | S, startLevel: number, visit: TrieVisitor<S>): boolean {
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
        const iterator = (node as Level<S>).entries();
        const first = iterator.next();
        if (first.done === true) return false;
        this.iterators[level] = iterator;
        values[level] = first.value[0];
        node = first.value[1];
        level++;
        continue;
      }
      // A fused leaf: the series hangs above the last level(s) and holds their values itself.
      const remaining = depth - level;
      for (let i = 0; i < remaining; i++) values[level + i] = tailValue(node, remaining, i);
      break;
    }
    visit(values, node as S, this.changedFrom);
    this.changedFrom = depth;
    return true;
  }

  /** Visits the next series after the current one; false when there is none. */
  private advance(visit: TrieVisitor<S>): boolean {
    const iterators = this.iterators;
    let level = this.depth - 1;
    while (level >= 0) {
      const iterator = iterators[level];
      if (iterator === undefined) {
        level--;
        continue;
      }
      const next = iterator.next();
      if (next.done === true) {
        iterators[level] = undefined;
        level--;
        continue;
      }
      this.values[level] = next.value[0];
      if (level < this.changedFrom) this.changedFrom = level;
      // Deeper iterators were all exhausted to get here; descend sets up the new path's.
      if (this.descend(next.value[1], level + 1, visit)) return true;
      level = this.depth - 1;
    }
    return false;
  }
}
