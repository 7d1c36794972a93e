import { SharedTails } from './shared-tails.js';
import { SPLIT_FROM, SplitLevel } from './split-level.js';

/**
 * A trie over the tag values of one fixed key list (a "layout"); the leaves are series.
 *
 * Only values are stored: the keys are the layout's, checked once per call by identity. A level
 * with a single value is a {@link SingleValue} (one small object) instead of a Map, so a family
 * whose unique tag sits in the middle of the keys does not pay a Map per series.
 *
 * A *fused* trie (the family's canonical index) goes further: when the last level has a single
 * value, the series hangs one level up and holds that value in {@link FusedLeaf.trieTail}, so a
 * unique tag followed by one more key costs a field instead of a 40-byte node per series. Such a
 * leaf is pushed down (under a new SingleValue) when a second series shares its prefix, and takes
 * its level back in when its siblings are removed. A series whose path below a level is new holds
 * all its remaining values there when they are two or more and shared with other series (one frozen
 * array per distinct tail, see {@link SharedTails}). Node layout, for code that walks it: a child
 * is a Map, a SplitLevel or a SingleValue (a level), or else a series; a series met at level `l`
 * of a trie of depth `d` holds the remaining `d - l` values ({@link tailValue} reads them).
 *
 * A Map level that reaches {@link SPLIT_FROM} values becomes a {@link SplitLevel} (a full Map
 * and a growing one), so that a level of many series does not pay for a half-empty Map table.
 */
export type TrieNode<S> = SingleValue<S> | Map<unknown, TrieNode<S> | S> | SplitLevel<TrieNode<S> | S>;

/** A level with more than one value. */
type Level<S> = Map<unknown, TrieNode<S> | S> | SplitLevel<TrieNode<S> | S>;

/** A level holding exactly one value; it becomes a Map when a second value arrives. */
export class SingleValue<S> {
  constructor(
    readonly value: unknown,
    public child: TrieNode<S> | S,
  ) {}
}

/** What a series stores for a fused trie: the values of its path below where it hangs. */
export interface FusedLeaf {
  /** Undefined for no value, the value itself for one, a shared frozen array for more. */
  trieTail: unknown;
}

/** True if `node` is a series rather than a level. */
export function isLeaf<S>(node: TrieNode<S> | S): node is S {
  return !(node instanceof Map) && !(node instanceof SingleValue) && !(node instanceof SplitLevel);
}

/** Value `i` of the `remaining` values a fused leaf holds. */
export function tailValue(leaf: unknown, remaining: number, i: number): unknown {
  const tail = (leaf as FusedLeaf).trieTail;
  return remaining === 1 ? tail : (tail as readonly unknown[])[i];
}

/** True if a leaf met at level `from` holds exactly `values[from…]`. */
function tailMatches(leaf: unknown, values: readonly unknown[], from: number): boolean {
  const remaining = values.length - from;
  for (let i = 0; i < remaining; i++) {
    if (tailValue(leaf, remaining, i) !== values[from + i]) return false;
  }
  return true;
}

/** Sets the one value (or none, `undefined`) a fused leaf holds. */
function setTail(leaf: unknown, value: unknown): void {
  (leaf as FusedLeaf).trieTail = value;
}

/** The child under `value`, or undefined (levels only: a fused leaf is the caller's to compare). */
export function step<S>(node: TrieNode<S> | undefined, value: unknown): TrieNode<S> | S | undefined {
  if (node === undefined) return undefined;
  if (node instanceof SingleValue) return node.value === value ? node.child : undefined;
  return node.get(value);
}

/**
 * Sets `child` under `value` in a level; returns the level to hang in its parent: a Map that has
 * just filled its table at {@link SplitLevel} size is wrapped in one (`splitFrom`, a power of two).
 */
function setChild<S>(level: Level<S>, value: unknown, child: TrieNode<S> | S, splitFrom: number): Level<S> {
  const before = level.size;
  level.set(value, child);
  if (level instanceof Map && level.size === splitFrom && before < splitFrom) return new SplitLevel(level);
  return level;
}

/** Series indexed by the values of `keys`, in that order. */
export class ValueTrie<S extends object> {
  root: TrieNode<S> | S | undefined;
  /** Number of series held. */
  size = 0;
  /** The tails of two or more values the fused leaves hold; made on first use. */
  private tails: SharedTails | undefined;

  /**
   * @param fused  store single-path tails in the series ({@link FusedLeaf}); one trie per series at most
   * @param splitFrom  values at which a Map level becomes a {@link SplitLevel} (a power of two; tests make it small)
   */
  constructor(
    readonly keys: readonly string[],
    readonly fused = false,
    private readonly splitFrom = SPLIT_FROM,
  ) {}

  /** The series at `values` (one per key, in key order), or undefined. */
  find(values: readonly unknown[]): S | undefined {
    let node: TrieNode<S> | S | undefined = this.root;
    for (let i = 0; i < values.length; i++) {
      if (node === undefined) return undefined;
      if (node instanceof Map || node instanceof SplitLevel) node = node.get(values[i]);
      else if (node instanceof SingleValue) node = node.value === values[i] ? node.child : undefined;
      else return tailMatches(node, values, i) ? node : undefined;
    }
    return node as S | undefined;
  }

  /** Stores `series` at `values`, replacing nothing that is there already. */
  insert(values: readonly unknown[], series: S): void {
    // Iterative on purpose: a caller may pass tens of thousands of tags, deeper than the call stack.
    const depth = values.length;
    if (depth === 0) return;
    this.size++;
    let link: (child: TrieNode<S> | S) => void = (child) => (this.root = child);
    let node: TrieNode<S> | S | undefined = this.root;
    for (let level = 0; level < depth; level++) {
      const value = values[level];
      if (node === undefined) {
        link(this.hang(series, values, level));
        return;
      }
      if (isLeaf(node)) {
        // A fused leaf holding the rest of its path: the same path, or it moves one level down.
        if (tailMatches(node, values, level)) return;
        node = this.pushDown(node, depth - level);
        link(node);
      }
      let map: Level<S>;
      if (node instanceof SingleValue) {
        if (node.value === value) {
          if (level === depth - 1) return; // already present
          const single: SingleValue<S> = node;
          link = (child) => (single.child = child);
          node = single.child;
          continue;
        }
        map = new Map([[node.value, node.child]]);
        link(map);
      } else {
        map = node as Level<S>;
      }
      const existing = map.get(value);
      // What hangs `map` in its parent: a Map that grows into a SplitLevel is replaced there.
      const linkLevel = link;
      const put = (child: TrieNode<S> | S): void => {
        const grown = setChild(map, value, child, this.splitFrom);
        if (grown !== map) linkLevel(grown);
      };
      if (level === depth - 1) {
        if (existing === undefined) {
          if (this.fused) setTail(series, undefined);
          put(series);
        }
        return;
      }
      link = put;
      node = existing;
    }
  }

  /**
   * Removes the series at `values`; true if there was one. Levels left empty are unlinked and a Map
   * left with one value shrinks back to a {@link SingleValue} (or into a fused leaf), so nothing of a
   * removed series stays.
   */
  delete(values: readonly unknown[]): boolean {
    const depth = values.length;
    if (depth === 0) return false;
    const path: Array<TrieNode<S>> = [];
    let node: TrieNode<S> | S | undefined = this.root;
    for (let level = 0; level < depth; level++) {
      if (node === undefined) return false;
      if (isLeaf(node)) {
        if (!tailMatches(node, values, level)) return false;
        break;
      }
      path.push(node);
      node = step(node, values[level]);
    }
    if (node === undefined) return false;
    // The leaf hangs below the levels on `path`.
    if (this.fused) this.clearTail(node as S, depth - path.length);
    // From the leaf up: each level either keeps its identity (then nothing above changes) or is
    // replaced (removed when empty, shrunk when one value is left) in its parent.
    let replacement: TrieNode<S> | S | undefined;
    let changed = true;
    for (let level = path.length - 1; level >= 0 && changed; level--) {
      const current = path[level]!;
      const below = this.fused ? depth - level - 1 : -1;
      const next = unlinkChild(current, values[level], replacement, below, this.splitFrom);
      changed = next !== current;
      replacement = next;
    }
    if (changed) this.root = replacement;
    this.size--;
    return true;
  }

  /**
   * The subtree for `series` alone at `values[from…]` (nothing of it is in the trie yet): in a fused
   * trie the series itself holding a shared tail, or single-value levels down to the series holding
   * the last value (a one-value object per level costs less than an array of its own).
   */
  private hang(series: S, values: readonly unknown[], from: number): TrieNode<S> | S {
    const depth = values.length;
    if (!this.fused) {
      let chain: TrieNode<S> | S = series;
      for (let l = depth - 1; l >= from; l--) chain = new SingleValue<S>(values[l], chain);
      return chain;
    }
    if (depth - from >= 2) {
      this.tails ??= new SharedTails();
      const shared = this.tails.acquire(values, from);
      if (shared !== undefined) {
        setTail(series, shared);
        return series;
      }
    }
    setTail(series, depth - from === 1 ? values[from] : values[depth - 1]);
    let chain: TrieNode<S> | S = series;
    for (let l = depth - 2; l >= from; l--) chain = new SingleValue<S>(values[l], chain);
    return chain;
  }

  /** A fused leaf holding `remaining` values moved under a new level of its first one. */
  private pushDown(leaf: S, remaining: number): SingleValue<S> {
    const tail = (leaf as FusedLeaf).trieTail;
    if (remaining === 1) {
      setTail(leaf, undefined);
      return new SingleValue<S>(tail, leaf);
    }
    const values = tail as readonly unknown[];
    this.tails?.release(values);
    return new SingleValue<S>(values[0], this.hang(leaf, values, 1));
  }

  /** A fused leaf holding `remaining` values leaves the trie: it holds nothing of the index any more. */
  private clearTail(leaf: S, remaining: number): void {
    if (remaining >= 2) this.tails?.release((leaf as FusedLeaf).trieTail as readonly unknown[]);
    setTail(leaf, undefined);
  }

  /** Visits every series depth-first with its values (the array is reused: copy what you keep). */
  forEach(visit: (values: readonly unknown[], series: S) => void): void {
    if (this.root === undefined) return;
    const depth = this.keys.length;
    const values: unknown[] = new Array(depth);
    // An explicit stack instead of recursion, for the same reason as in insert().
    const stack: Array<{ node: TrieNode<S> | S; level: number; value: unknown }> = [
      { node: this.root, level: 0, value: undefined },
    ];
    while (stack.length > 0) {
      const { node, level, value } = stack.pop()!;
      if (level > 0) values[level - 1] = value;
      if (level === depth || isLeaf(node)) {
        const remaining = depth - level;
        for (let i = 0; i < remaining; i++) values[level + i] = tailValue(node, remaining, i);
        visit(values, node as S);
        continue;
      }
      if (node instanceof SingleValue) {
        stack.push({ node: node.child, level: level + 1, value: node.value });
        continue;
      }
      // Pushed in reverse so that series come out in insertion order.
      const children = [...(node as Level<S>)];
      for (let i = children.length - 1; i >= 0; i--) {
        const [childValue, child] = children[i]!;
        stack.push({ node: child, level: level + 1, value: childValue });
      }
    }
  }
}

/** A leaf at the bottom level taking in the level of `value` above it (it then holds that value). */
function absorb<S>(value: unknown, leaf: S): S {
  (leaf as FusedLeaf).trieTail = value;
  return leaf;
}

/**
 * `node` with the child under `value` replaced by `child` (or removed when undefined). In a fused
 * trie (`below`: the values a leaf child holds; -1 when not fused), a last level left with one
 * series merges into it. A {@link SplitLevel} left with under half of `splitFrom` values becomes one Map.
 */
function unlinkChild<S>(
  node: TrieNode<S>,
  value: unknown,
  child: TrieNode<S> | S | undefined,
  below: number,
  splitFrom: number,
): TrieNode<S> | S | undefined {
  if (node instanceof SingleValue) {
    if (child === undefined) return undefined;
    if (below === 0 && isLeaf(child)) return absorb(node.value, child);
    node.child = child;
    return node;
  }
  // Only replaces or removes: a level does not grow here, so it stays what it is.
  if (child === undefined) node.delete(value);
  else node.set(value, child);
  if (node.size === 0) return undefined;
  if (node.size === 1) {
    const [onlyValue, onlyChild] = node.entries().next().value!;
    if (below === 0 && isLeaf(onlyChild)) return absorb(onlyValue, onlyChild);
    return new SingleValue<S>(onlyValue, onlyChild);
  }
  // A split level that removals made small is one Map again (it splits again if it grows).
  if (node instanceof SplitLevel && node.size < splitFrom / 2) return node.merged();
  return node;
}
