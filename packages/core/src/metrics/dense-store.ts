/**
 * Most bins one store holds. At the default 1% accuracy 4,096 bins span magnitudes in a ratio of
 * about 1e35 (1 ns to 1e26 s), far beyond any real distribution; the cap only bounds the memory an
 * extreme value can cost (32 KB per store) whatever the accuracy, where an unbounded array would
 * grow with the spread of the values (DDSketch's `CollapsingLowestDenseStore`, default 2,048 bins).
 */
export const MAX_BINS = 4096;

/**
 * Counts per integer bucket index in a contiguous array that grows in either direction: the store
 * behind {@link RelativeErrorSketch}. Indexes are log-scaled, so values from 1 ns to 1 year fit in
 * about 2,500 slots at 1% accuracy. Past {@link MAX_BINS} the lowest bins are folded into the lowest
 * kept one: only quantiles of the very smallest magnitudes lose accuracy, and memory stays bounded.
 */
export class DenseStore {
  private bins: number[] = [];
  /** Bucket index of `bins[0]`. */
  private offset = 0;
  total = 0;

  /**
   * Adds `count` at bucket `index`. The index must be a safe integer and the count a finite,
   * non-negative number: anything else (a sketch fed Infinity, or corrupt data from another process)
   * would grow the array towards an infinite length, so it is a RangeError and nothing changes.
   */
  add(index: number, count = 1): void {
    if (!Number.isSafeInteger(index) || !(count >= 0 && count < Number.POSITIVE_INFINITY)) {
      throw new RangeError(
        `DenseStore.add needs a safe integer index and a finite count, got ${index}, ${count}`,
      );
    }
    if (this.bins.length === 0) {
      this.offset = index;
      this.bins.push(0);
    } else if (index < this.offset) {
      const highest = this.offset + this.bins.length - 1;
      if (highest - index >= MAX_BINS) index = highest - MAX_BINS + 1;
      const grow = this.offset - index;
      if (grow > 0) {
        this.bins = new Array<number>(grow).fill(0).concat(this.bins);
        this.offset = index;
      }
    } else if (index >= this.offset + this.bins.length) {
      if (index - this.offset >= MAX_BINS) this.foldLowestBelow(index - MAX_BINS + 1);
      const grow = index - this.offset - this.bins.length + 1;
      for (let i = 0; i < grow; i++) this.bins.push(0);
    }
    this.bins[index - this.offset]! += count;
    this.total += count;
  }

  /** The bucket index holding the element of (0-based) rank `rank`, walking up from the lowest. */
  indexAtRank(rank: number): number {
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i]!;
      if (seen > rank) return i + this.offset;
    }
    return this.offset + this.bins.length - 1;
  }

  /** The same, walking down from the highest (for the negative side, whose order is reversed). */
  indexAtRankDescending(rank: number): number {
    let seen = 0;
    for (let i = this.bins.length - 1; i >= 0; i--) {
      seen += this.bins[i]!;
      if (seen > rank) return i + this.offset;
    }
    return this.offset;
  }

  mergeFrom(other: DenseStore): void {
    for (let i = 0; i < other.bins.length; i++) {
      const count = other.bins[i]!;
      if (count !== 0) this.add(i + other.offset, count);
    }
  }

  /** Plain data: `counts[i]` is the count of bucket index `offset + i`. */
  toData(): { offset: number; counts: number[] } {
    return { offset: this.offset, counts: [...this.bins] };
  }

  clear(): void {
    this.bins = [];
    this.offset = 0;
    this.total = 0;
  }

  /** Moves the counts of every bin below `lowest` into bin `lowest`, which becomes the first one. */
  private foldLowestBelow(lowest: number): void {
    const drop = lowest - this.offset;
    if (drop >= this.bins.length) {
      // Everything held is below the new window: one bin at `lowest` holds it all.
      this.bins = [this.total];
    } else {
      let folded = 0;
      for (let i = 0; i <= drop; i++) folded += this.bins[i]!;
      this.bins = this.bins.slice(drop);
      this.bins[0] = folded;
    }
    this.offset = lowest;
  }
}
