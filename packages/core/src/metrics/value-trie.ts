/**
 * A trie over the tag values of one fixed key list (a "layout"); the leaves are series.
 *
 * Only values are stored: the keys are the layout's, checked once per call by identity. A level
 * with a single value is a {@link SingleValue} (one small object) instead of a Map, so a family
 * whose unique tag sits in the middle of the keys does not pay a Map per series.
 */
export type TrieNode<S> = SingleValue<S> | Map<unknown, TrieNode<S> | S>;

/** A level holding exactly one value; it becomes a Map when a second value arrives. */
export class SingleValue<S> {
  constructor(
    readonly value: unknown,
    public child: TrieNode<S> | S,
  ) {}
}

/** The child under `value`, or undefined. */
export function step<S>(node: TrieNode<S> | undefined, value: unknown): TrieNode<S> | S | undefined {
  if (node === undefined) return undefined;
  if (node instanceof SingleValue) return node.value === value ? node.child : undefined;
  return node.get(value);
}

/** Series indexed by the values of `keys`, in that order. */
export class ValueTrie<S extends object> {
  root: TrieNode<S> | undefined;
  /** Number of series held. */
  size = 0;

  constructor(readonly keys: readonly string[]) {}

  /** The series at `values` (one per key, in key order), or undefined. */
  find(values: readonly unknown[]): S | undefined {
    let node: TrieNode<S> | S | undefined = this.root;
    for (let i = 0; i < values.length; i++) {
      node = step(node as TrieNode<S> | undefined, values[i]);
      if (node === undefined) return undefined;
    }
    return node as S;
  }

  /** Stores `series` at `values`, replacing nothing that is there already. */
  insert(values: readonly unknown[], series: S): void {
    // Iterative on purpose: a caller may pass tens of thousands of tags, deeper than the call stack.
    if (values.length === 0) return;
    let parent: { set(child: TrieNode<S> | S): void } = {
      set: (child) => (this.root = child as TrieNode<S>),
    };
    let node: TrieNode<S> | S | undefined = this.root;
    for (let level = 0; level < values.length; level++) {
      const value = values[level];
      const last = level === values.length - 1;
      const current = node as TrieNode<S> | undefined;
      if (current === undefined) {
        const created = new SingleValue<S>(value, last ? series : (undefined as unknown as S));
        parent.set(created);
        if (last) break;
        parent = { set: (child) => (created.child = child) };
        node = undefined;
        continue;
      }
      if (current instanceof SingleValue && current.value === value) {
        if (last) break; // already present
        parent = { set: (child) => (current.child = child) };
        node = current.child;
        continue;
      }
      const map: Map<unknown, TrieNode<S> | S> =
        current instanceof SingleValue ? new Map([[current.value, current.child]]) : current;
      if (current instanceof SingleValue) parent.set(map);
      const existing = map.get(value);
      if (last) {
        if (existing === undefined) map.set(value, series);
        break;
      }
      parent = { set: (child) => map.set(value, child) };
      node = existing;
    }
    this.size++;
  }

  /**
   * Removes the series at `values`; true if there was one. Levels left empty are unlinked and a Map
   * left with one value shrinks back to a {@link SingleValue}, so nothing of a removed series stays.
   */
  delete(values: readonly unknown[]): boolean {
    if (values.length === 0) return false;
    const path: Array<TrieNode<S>> = [];
    let node: TrieNode<S> | S | undefined = this.root;
    for (let i = 0; i < values.length; i++) {
      if (node === undefined) return false;
      path.push(node as TrieNode<S>);
      node = step(node as TrieNode<S>, values[i]);
    }
    if (node === undefined) return false;
    // From the leaf up: each level either keeps its identity (then nothing above changes) or is
    // replaced (removed when empty, shrunk when one value is left) in its parent.
    let replacement: TrieNode<S> | undefined;
    let changed = true;
    for (let level = path.length - 1; level >= 0 && changed; level--) {
      const current = path[level]!;
      const next = unlinkChild(current, values[level], replacement);
      changed = next !== current;
      replacement = next;
    }
    if (changed) this.root = replacement;
    this.size--;
    return true;
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
      if (level === depth) {
        visit(values, node as S);
        continue;
      }
      const trieNode = node as TrieNode<S>;
      if (trieNode instanceof SingleValue) {
        stack.push({ node: trieNode.child, level: level + 1, value: trieNode.value });
        continue;
      }
      // Pushed in reverse so that series come out in insertion order.
      const children = [...trieNode];
      for (let i = children.length - 1; i >= 0; i--) {
        const [childValue, child] = children[i]!;
        stack.push({ node: child, level: level + 1, value: childValue });
      }
    }
  }
}

/** `node` with the child under `value` replaced by `child` (or removed when undefined). */
function unlinkChild<S>(
  node: TrieNode<S>,
  value: unknown,
  child: TrieNode<S> | undefined,
): TrieNode<S> | undefined {
  if (node instanceof SingleValue) {
    if (child === undefined) return undefined;
    node.child = child;
    return node;
  }
  if (child === undefined) node.delete(value);
  else node.set(value, child);
  if (node.size === 0) return undefined;
  if (node.size === 1) {
    const [onlyValue, onlyChild] = node.entries().next().value!;
    return new SingleValue<S>(onlyValue, onlyChild);
  }
  return node;
}
