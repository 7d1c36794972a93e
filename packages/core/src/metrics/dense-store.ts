/**
 * Counts per integer bucket index in a contiguous array that grows in either direction: the store
 * behind {@link RelativeErrorSketch}. Indexes are log-scaled, so even values from 1 ns to 1 year fit in
 * about 2,500 slots at 1% accuracy.
 */
export class DenseStore {
  private bins: number[] = [];
  /** Bucket index of `bins[0]`. */
  private offset = 0;
  total = 0;

  add(index: number, count = 1): void {
    if (this.bins.length === 0) {
      this.offset = index;
      this.bins.push(0);
    } else if (index < this.offset) {
      const grow = this.offset - index;
      this.bins = new Array<number>(grow).fill(0).concat(this.bins);
      this.offset = index;
    } else if (index >= this.offset + this.bins.length) {
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
}
