import { SplitLevel } from './split-level.js';
import { type FusedLeaf, SingleValue, step, type TrieNode, tailValue, ValueTrie } from './value-trie.js';

/** Beyond this many distinct key orders from one base, lookups take the slow path (bounded memory). */
const MAX_LAYOUTS = 16;

/**
 * The key orders callers have used for `withTags` from one base series, each with a
 * {@link ValueTrie} of the values in that order. A hit compares the caller's keys with a layout's
 * by identity (property names are interned) and follows one trie step per value.
 */
export class CallerLayouts<S extends object> {
  private readonly layouts: Array<ValueTrie<S>> = [];
  /** The canonical tries among `layouts`: the family's index itself, never written to from here. */
  private readonly shared = new Set<ValueTrie<S>>();

  /** Lets a canonical trie serve callers whose keys are already sorted (no second copy). */
  share(trie: ValueTrie<S>): void {
    if (this.layouts.length < MAX_LAYOUTS) {
      this.layouts.push(trie);
      this.shared.add(trie);
    }
  }

  /**
   * Forgets every cached caller order (the shared canonical tries stay: they are the index itself).
   * Called when series are dropped, so no cache keeps a removed series reachable.
   */
  forgetPrivate(): void {
    for (let i = this.layouts.length - 1; i >= 0; i--) {
      if (!this.shared.has(this.layouts[i]!)) this.layouts.splice(i, 1);
    }
  }

  /** Records that the caller's `pairs`, in this order, lead to `series`. */
  remember(pairs: ReadonlyArray<readonly [string, unknown]>, series: S): void {
    const keys = pairs.map(([key]) => key);
    if (new Set(keys).size !== keys.length) return;
    const values = pairs.map(([, value]) => value);
    const sameKeys = (l: ValueTrie<S>) =>
      l.keys.length === keys.length && l.keys.every((k, i) => k === keys[i]);
    // A caller's values are not always the canonical ones (`''` is an absent tag): such a path goes
    // into a layout of its own, since a canonical trie lists exactly the series that exist.
    if (this.layouts.some((l) => this.shared.has(l) && sameKeys(l) && l.find(values) === series)) return;
    let layout = this.layouts.find((l) => !this.shared.has(l) && sameKeys(l));
    if (layout === undefined) {
      if (this.layouts.length >= MAX_LAYOUTS) return;
      layout = new ValueTrie<S>(keys);
      this.layouts.push(layout);
    }
    if (layout.find(values) === undefined) layout.insert(values, series);
  }

  findByRecord(record: Readonly<Record<string, unknown>>): S | undefined {
    const layouts = this.layouts;
    for (let l = 0; l < layouts.length; l++) {
      const layout = layouts[l]!;
      const keys = layout.keys;
      let node: TrieNode<S> | S | undefined = layout.root;
      let i = 0;
      let sameKeys = true;
      /** Level at which a fused leaf of the canonical trie was met (its tail holds the rest), or -1. */
      let leafLevel = -1;
      for (const key in record) {
        if (keys[i] !== key) {
          sameKeys = false;
          break;
        }
        // `step`, written out: V8 did not inline the call, which cost a third of a lookup.
        const value = record[key];
        if (node instanceof Map) node = node.get(value);
        else if (node instanceof SingleValue) node = node.value === value ? node.child : undefined;
        else if (node instanceof SplitLevel) node = node.get(value);
        else if (node !== undefined) {
          // A fused leaf of the canonical trie: the rest of the values are its tail (`tailValue`, written out).
          if (leafLevel < 0) leafLevel = i;
          const tail = (node as FusedLeaf).trieTail;
          if ((keys.length - leafLevel === 1 ? tail : (tail as unknown[])[i - leafLevel]) !== value)
            node = undefined;
        }
        i++;
        if (node === undefined) break;
      }
      if (sameKeys && node !== undefined && i === keys.length) return node as S;
    }
    return undefined;
  }

  findByTags(tags: ReadonlyArray<{ readonly key: string; readonly value: unknown }>): S | undefined {
    const layouts = this.layouts;
    for (let l = 0; l < layouts.length; l++) {
      const layout = layouts[l]!;
      const keys = layout.keys;
      if (keys.length !== tags.length) continue;
      let node: TrieNode<S> | S | undefined = layout.root;
      let i = 0;
      let leafLevel = -1;
      for (; i < tags.length; i++) {
        const tag = tags[i]!;
        if (keys[i] !== tag.key) break;
        if (node instanceof Map || node instanceof SingleValue || node instanceof SplitLevel)
          node = step(node, tag.value);
        else if (node !== undefined) {
          // A fused leaf of the canonical trie: the rest of the values are its tail.
          if (leafLevel < 0) leafLevel = i;
          if (tailValue(node, tags.length - leafLevel, i - leafLevel) !== tag.value) node = undefined;
        }
        if (node === undefined) break;
      }
      if (i === tags.length && node !== undefined) return node as S;
    }
    return undefined;
  }
}
