/**
 * More distinct tails than this per trie are not shared: a layout whose tails are unique (two unique
 * tags in a row) keeps its series in single-value levels instead, so the table stays small.
 */
const MAX_SHARED_TAILS = 256;

/** One shared tail and how many leaves hold it. */
interface SharedTail {
  readonly values: readonly unknown[];
  users: number;
}

/**
 * The tails of two or more values that fused leaves of one trie hold (see `FusedLeaf`), one frozen
 * array per distinct tail. With a unique tag first (`{ id, method, status }`) every series ends in
 * one of a few `[method, status]` pairs: a series then holds a shared array in its one field
 * instead of hanging under a 40-byte single-value level of its own. Counted, so that a tail no
 * leaf holds any more is forgotten.
 */
export class SharedTails {
  private readonly byKey = new Map<string, SharedTail>();

  /** The shared array of `values[from…]` (two or more values), or undefined if it is not shared. */
  acquire(values: readonly unknown[], from: number): readonly unknown[] | undefined {
    const key = keyOf(values, from);
    let shared = this.byKey.get(key);
    if (shared === undefined) {
      if (this.byKey.size >= MAX_SHARED_TAILS) return undefined;
      shared = { values: Object.freeze(values.slice(from)), users: 0 };
      this.byKey.set(key, shared);
    } else if (!sameFrom(shared.values, values, from)) {
      // Two tails with the same key (a value holding the separator): the second is not shared.
      return undefined;
    }
    shared.users++;
    return shared.values;
  }

  /** A leaf let go of `tail` (one `acquire` gave it). */
  release(tail: readonly unknown[]): void {
    const key = keyOf(tail, 0);
    const shared = this.byKey.get(key);
    if (shared === undefined || shared.values !== tail) return;
    shared.users--;
    if (shared.users === 0) this.byKey.delete(key);
  }

  /** Number of distinct tails held (for tests). */
  get size(): number {
    return this.byKey.size;
  }
}

function keyOf(values: readonly unknown[], from: number): string {
  let key = String(values[from]);
  for (let i = from + 1; i < values.length; i++) key += `\u0000${String(values[i])}`;
  return key;
}

function sameFrom(tail: readonly unknown[], values: readonly unknown[], from: number): boolean {
  if (tail.length !== values.length - from) return false;
  for (let i = 0; i < tail.length; i++) if (tail[i] !== values[from + i]) return false;
  return true;
}
