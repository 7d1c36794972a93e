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
    this.root = insertAt(this.root, values, 0, series) as TrieNode<S>;
    this.size++;
  }

  /** Visits every series depth-first with its values (the array is reused: copy what you keep). */
  forEach(visit: (values: readonly unknown[], series: S) => void): void {
    if (this.root === undefined) return;
    const values: unknown[] = new Array(this.keys.length);
    const depth = this.keys.length;
    const walk = (node: TrieNode<S> | S, level: number): void => {
      if (level === depth) {
        visit(values, node as S);
        return;
      }
      const trieNode = node as TrieNode<S>;
      if (trieNode instanceof SingleValue) {
        values[level] = trieNode.value;
        walk(trieNode.child, level + 1);
        return;
      }
      for (const [value, child] of trieNode) {
        values[level] = value;
        walk(child, level + 1);
      }
    };
    walk(this.root, 0);
  }
}

function insertAt<S>(
  node: TrieNode<S> | S | undefined,
  values: readonly unknown[],
  level: number,
  series: S,
): TrieNode<S> | S {
  if (level === values.length) return node ?? series;
  const value = values[level];
  if (node === undefined) return new SingleValue<S>(value, insertAt(undefined, values, level + 1, series));
  const trieNode = node as TrieNode<S>;
  if (trieNode instanceof SingleValue) {
    if (trieNode.value === value) {
      trieNode.child = insertAt(trieNode.child, values, level + 1, series);
      return trieNode;
    }
    const map = new Map<unknown, TrieNode<S> | S>([[trieNode.value, trieNode.child]]);
    map.set(value, insertAt(undefined, values, level + 1, series));
    return map;
  }
  trieNode.set(value, insertAt(trieNode.get(value), values, level + 1, series));
  return trieNode;
}
