import { DenseStore } from './dense-store.js';

/** The default relative accuracy of summary quantiles: every reported quantile is within 1% of the truth. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;

/**
 * A DDSketch-style quantile sketch (Masson, Rim, Lee: "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019). Values are counted in buckets whose bounds grow
 * by `gamma = (1 + a) / (1 - a)`, so the value returned for any quantile is within relative error `a`
 * of the exact one (rank `floor(q * (n - 1))`). Merging two sketches is adding their buckets: exact.
 */
export class RelativeErrorSketch {
  readonly gamma: number;
  private readonly logGamma: number;
  private readonly positive = new DenseStore();
  private readonly negative = new DenseStore();
  /** Values too close to zero to index (|v| < 1e-9) are counted as zero. */
  private zeroCount = 0;

  constructor(readonly relativeAccuracy = DEFAULT_RELATIVE_ACCURACY) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new RangeError(`relativeAccuracy must be within (0, 1), got ${relativeAccuracy}`);
    }
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
  }

  get count(): number {
    return this.positive.total + this.negative.total + this.zeroCount;
  }

  add(value: number): void {
    if (value > MIN_INDEXABLE) this.positive.add(this.indexOf(value));
    else if (value < -MIN_INDEXABLE) this.negative.add(this.indexOf(-value));
    else this.zeroCount++;
  }

  /** The value at quantile `q` (0 <= q <= 1), NaN when empty. */
  quantile(q: number): number {
    const count = this.count;
    if (count === 0) return Number.NaN;
    const rank = Math.floor(q * (count - 1));
    const negatives = this.negative.total;
    if (rank < negatives) return -this.valueOf(this.negative.indexAtRankDescending(rank));
    if (rank < negatives + this.zeroCount) return 0;
    return this.valueOf(this.positive.indexAtRank(rank - negatives - this.zeroCount));
  }

  /** Adds every count of `other` (which must use the same accuracy) into this sketch. */
  merge(other: RelativeErrorSketch): void {
    if (other.gamma !== this.gamma) throw new RangeError('Cannot merge sketches of different accuracy');
    this.positive.mergeFrom(other.positive);
    this.negative.mergeFrom(other.negative);
    this.zeroCount += other.zeroCount;
  }

  /** Plain, serializable data (for IPC between cluster workers, or storage); see {@link fromData}. */
  toData(): SketchData {
    return {
      relativeAccuracy: this.relativeAccuracy,
      positive: this.positive.toData(),
      negative: this.negative.toData(),
      zeroCount: this.zeroCount,
    };
  }

  /** Rebuilds a sketch from {@link toData}'s output; merging rebuilt sketches is exact. */
  static fromData(data: SketchData): RelativeErrorSketch {
    const sketch = new RelativeErrorSketch(data.relativeAccuracy);
    for (const [store, part] of [
      [sketch.positive, data.positive],
      [sketch.negative, data.negative],
    ] as const) {
      part.counts.forEach((count, i) => {
        if (count !== 0) store.add(part.offset + i, count);
      });
    }
    sketch.zeroCount = data.zeroCount;
    return sketch;
  }

  clear(): void {
    this.positive.clear();
    this.negative.clear();
    this.zeroCount = 0;
  }

  private indexOf(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) / this.logGamma);
  }

  /** The point of bucket `(gamma^(i-1), gamma^i]` whose relative distance to both bounds is `a`. */
  private valueOf(index: number): number {
    return (2 * this.gamma ** index) / (this.gamma + 1);
  }
}

const MIN_INDEXABLE = 1e-9;

/** A sketch as plain data: what {@link RelativeErrorSketch.toData} returns. */
export interface SketchData {
  readonly relativeAccuracy: number;
  readonly positive: { readonly offset: number; readonly counts: readonly number[] };
  readonly negative: { readonly offset: number; readonly counts: readonly number[] };
  readonly zeroCount: number;
}
