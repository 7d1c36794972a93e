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
 * `full`, whose table is full, and new values go into `active`. When `active` holds as many values
 * as `full`, its values are moved into `full`, which then doubles to exactly full again. Only
 * `active` can be half empty, and it holds at most half the values. So an entry costs 37 bytes at
 * worst, 28 to 33 most of the time.
 *
 * A lookup tries `full` first: it holds half the values or more, three quarters on average, so a hit
 * costs about 1.3 Map lookups and a miss (a new series) two. Iteration is `full` then `active`,
 * which is insertion order, as in one Map; moving `active` into `full` appends, so order holds.
 */
export class SplitLevel<V> {
  /** The older values; its table was full when they moved in (removals aside). */
  readonly full: Map<unknown, V>;
  /** Where new values go, until it holds as many as `full`. */
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
    if (!active.has(key) && active.size >= this.full.size) {
      // `full` doubles once, to a table exactly full again; a new `active` starts small.
      for (const [movedKey, movedChild] of active) this.full.set(movedKey, movedChild);
      this.active = new Map();
    }
    this.active.set(key, child);
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
   * Every entry in insertion order. Values added meanwhile are visited, as by a Map's iterator,
   * also when `active` moved into `full` during the iteration (the moved ones are appended to `full`).
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
