import { SplitLevel } from './split-level.js';
import { SingleValue, type TrieNode, tailValue, type ValueTrie } from './value-trie.js';

/**
 * Beyond this many keys the walk falls back to `ValueTrie.forEach` (an explicit stack): a caller
 * may pass tens of thousands of tags, deeper than the call stack allows this walk to recurse.
 */
const MAX_RECURSIVE_DEPTH = 256;

/** The walk's state, passed down instead of captured, so the recursion allocates nothing per node. */
interface Walk<S> {
  readonly values: unknown[];
  readonly depth: number;
  readonly visit: TrieVisitor<S>;
  /** The lowest level written since the previous series was visited. */
  changedFrom: number;
}

/**
 * Receives each series with its values (one per key; the array is reused: copy what you keep) and
 * the first level whose value may differ from the previous series' (0 for the first series):
 * levels above it are the same as for the previous series.
 */
export type TrieVisitor<S> = (values: readonly unknown[], series: S, changedFrom: number) => void;

function walk<S>(start: TrieNode<S> | S, startLevel: number, state: Walk<S>): void {
  let node = start;
  let level = startLevel;
  // A chain of single-value levels is followed in a loop; only a Map (or split) level recurses, once per child.
  while (level < state.depth) {
    if (level < state.changedFrom) state.changedFrom = level;
    if (node instanceof SingleValue) {
      state.values[level] = node.value;
      node = node.child as TrieNode<S> | S;
      level++;
      continue;
    }
    if (node instanceof Map) {
      walkMap(node as Map<unknown, TrieNode<S> | S>, level, state);
      return;
    }
    if (node instanceof SplitLevel) {
      const split = node as SplitLevel<TrieNode<S> | S>;
      walkMap(split.full, level, state);
      walkMap(split.active, level, state);
      return;
    }
    // A fused leaf (the family's canonical trie): the series hangs above the last level(s) and
    // holds their values itself.
    const remaining = state.depth - level;
    for (let i = 0; i < remaining; i++) state.values[level + i] = tailValue(node, remaining, i);
    break;
  }
  state.visit(state.values, node as S, state.changedFrom);
  state.changedFrom = state.depth;
}

/**
 * The children of a Map level. Map.forEach, not for…of (iterating entries allocates a [value,
 * child] pair per series), and in a function of its own: a closure inside `walk` would make every
 * call of `walk` allocate a context, about 80 bytes per series.
 */
function walkMap<S>(map: Map<unknown, TrieNode<S> | S>, level: number, state: Walk<S>): void {
  map.forEach((child, value) => {
    state.values[level] = value;
    if (level < state.changedFrom) state.changedFrom = level;
    walk(child, level + 1, state);
  });
}

/**
 * Visits every series of `trie` depth-first in insertion order with its values, as
 * `ValueTrie.forEach` does (the values array is reused: copy what you keep), without allocating
 * per node: the collection of a scrape walks every series, and `forEach`'s stack entries and
 * copied Map entries were most of its cost. Relies only on `trie.root`, `trie.keys`, the three
 * node kinds of {@link TrieNode} (a `SingleValue`, a Map from value to child, or a `SplitLevel` of
 * two such Maps) and a fused trie's leaves, which may hang above the last level holding the values
 * below them ({@link tailValue}).
 */
export function walkValueTrie<S extends object>(trie: ValueTrie<S>, visit: TrieVisitor<S>): void {
  if (trie.root === undefined) return;
  const depth = trie.keys.length;
  if (depth > MAX_RECURSIVE_DEPTH) {
    trie.forEach((values, series) => {
      visit(values, series, 0);
    });
    return;
  }
  walk<S>(trie.root, 0, { values: new Array(depth), depth, visit, changedFrom: 0 });
}
