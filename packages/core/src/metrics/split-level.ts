/**
 * Values at which a trie level that is a Map becomes a {@link SplitLevel}. A power of two: V8 has
 * just grown the Map's table to exactly this many entries, so the Map is full when it is split.
 */
export const SPLIT_FROM = 1024;

/**
 * A large trie level kept in two Maps, a full one and an active one, instead of one Map that is
 * half empty after it doubles.
 *
 * V8 stores a Map in a table with room for a power of two of entries: 3 pointers per entry plus
 * half a pointer of bucket, 28 bytes on 64-bit Node when full. It doubles when full, so just past a
 * power of two each entry costs 56 bytes: as much as the counter series it points to, and more than
 * a counter series' whole budget leaves for it (100 bytes, issue 23). Here the older values sit in
 * `full` and new values go into `active`. Now and then the values of `active` move into `full`, as
 * many as fill its table (when it has room) or as fill half a table twice the size (when it is
 * full), so `full` is always at 75% of its table or more. Only `active`, which holds at most a third
 * of the values, can be half empty. An entry costs 40 bytes at worst, 28 to 37 most of the time.
 *
 * A lookup tries `full` first: it holds two thirds of the values or more, 84% on average, so a hit
 * costs about 1.2 Map lookups and a miss (a new series) two. Iteration is `full` then `active`,
 * which is insertion order, as in one Map; the values that move are appended, so order holds.
 */
export class SplitLevel<V> {
  /** The older values; its table was full when they moved in (removals aside). */
  readonly full: Map<unknown, V>;
  /** Where new values go, until they move into `full` (see {@link moveAt}). */
  active = new Map<unknown, V>();

  /** @param full  a Map level that has just reached a power-of-two size (its table is full) */
  constructor(full: Map<unknown, V>) {
    this.full = full;
  }

  /** Number of values. */
  get size(): number {
    return this.full.size + this.active.size;
  }

  /** The child under `key`, or undefined. */
  get(key: unknown): V | undefined {
    const child = this.full.get(key);
    return child !== undefined ? child : this.active.get(key);
  }

  /** Sets the child under `key`: replaced where it is, or added to `active`. */
  set(key: unknown, child: V): void {
    if (this.full.has(key)) {
      this.full.set(key, child);
      return;
    }
    const active = this.active;
    if (!active.has(key) && active.size >= this.moveAt()) {
      for (const [movedKey, movedChild] of active) this.full.set(movedKey, movedChild);
      this.active = new Map();
    }
    this.active.set(key, child);
  }

  /**
   * The size of `active` at which its values move into `full`: the room left in the table of
   * `full`, or, when it has none, half of its size (`full` then doubles to a table 75% used).
   */
  private moveAt(): number {
    const size = this.full.size;
    const room = tableCapacity(size) - size;
    return room > 0 ? room : size / 2;
  }

  /** Removes the child under `key`; true if there was one. */
  delete(key: unknown): boolean {
    return this.full.delete(key) || this.active.delete(key);
  }

  /** One Map of every value, in insertion order (for a level that removals made small). */
  merged(): Map<unknown, V> {
    for (const [key, child] of this.active) this.full.set(key, child);
    this.active = new Map();
    return this.full;
  }

  /**
   * Every entry in insertion order, each once. Values added meanwhile are visited, as by a Map's
   * iterator, also when `active` moves into `full` during the iteration (the moved ones are appended
   * to `full`); when it moves twice, the values of the one in between are visited by the next walk.
   */
  *entries(): IterableIterator<[unknown, V]> {
    yield* this.full.entries();
    let active = this.active;
    yield* active.entries();
    // `active` moved into `full` while its entries were being read: what came after is in the new one.
    while (active !== this.active) {
      active = this.active;
      yield* active.entries();
    }
  }

  [Symbol.iterator](): IterableIterator<[unknown, V]> {
    return this.entries();
  }
}

/** The entries V8's table for a Map of `size` entries has room for, if it grew by insertions alone. */
function tableCapacity(size: number): number {
  let capacity = 4;
  while (capacity < size) capacity *= 2;
  return capacity;
}
