import type { SketchData } from '../snapshot.js';
import { DenseStore } from './dense-store.js';
import { checkQuantile } from './quantile-check.js';

/** The default relative accuracy of summary quantiles: every reported quantile is within 1% of the truth. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;

/**
 * A DDSketch-style quantile sketch (Masson, Rim, Lee: "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019). Values are counted in buckets whose bounds grow
 * by `gamma = (1 + a) / (1 - a)`, so the value returned for any quantile is within relative error `a`
 * of the exact one (rank `floor(q * (n - 1))`). Merging two sketches is adding their buckets: exact.
 *
 * ±Infinity has no log-scaled bucket (its index would be infinite, and the store would grow towards
 * it until the process dies): it is counted apart, below every negative and above every positive
 * value, so a quantile whose rank falls on it is ±Infinity, as the exact quantile would be.
 */
export class RelativeErrorSketch {
  readonly gamma: number;
  private readonly logGamma: number;
  private readonly positive = new DenseStore();
  private readonly negative = new DenseStore();
  /** Values too close to zero to index (|v| < 1e-9) are counted as zero. */
  private zeroCount = 0;
  private negativeInfinityCount = 0;
  private positiveInfinityCount = 0;

  constructor(readonly relativeAccuracy = DEFAULT_RELATIVE_ACCURACY) {
    if (typeof relativeAccuracy !== 'number' || !(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new RangeError(`relativeAccuracy must be within (0, 1), got ${relativeAccuracy}`);
    }
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
  }

  get count(): number {
    return (
      this.negativeInfinityCount +
      this.negative.total +
      this.zeroCount +
      this.positive.total +
      this.positiveInfinityCount
    );
  }

  /** Counts `value`; NaN (which has no rank) and non-numbers are a RangeError and count nothing. */
  add(value: number): void {
    if (value > MIN_INDEXABLE) {
      if (value === Number.POSITIVE_INFINITY) this.positiveInfinityCount++;
      else this.positive.add(this.indexOf(value));
    } else if (value < -MIN_INDEXABLE) {
      if (value === Number.NEGATIVE_INFINITY) this.negativeInfinityCount++;
      else this.negative.add(this.indexOf(-value));
    } else if (typeof value === 'number' && !Number.isNaN(value)) {
      this.zeroCount++;
    } else {
      throw new RangeError(`A quantile sketch counts numbers other than NaN, got ${String(value)}`);
    }
  }

  /** The value at quantile `q` (0 <= q <= 1, else a RangeError), NaN when empty. */
  quantile(q: number): number {
    checkQuantile(q);
    const count = this.count;
    if (count === 0) return Number.NaN;
    let rank = Math.floor(q * (count - 1));
    if (rank < this.negativeInfinityCount) return Number.NEGATIVE_INFINITY;
    rank -= this.negativeInfinityCount;
    const negatives = this.negative.total;
    if (rank < negatives) return -this.valueOf(this.negative.indexAtRankDescending(rank));
    rank -= negatives;
    if (rank < this.zeroCount) return 0;
    rank -= this.zeroCount;
    if (rank < this.positive.total) return this.valueOf(this.positive.indexAtRank(rank));
    return Number.POSITIVE_INFINITY;
  }

  /** Adds every count of `other` (which must use the same accuracy) into this sketch. */
  merge(other: RelativeErrorSketch): void {
    if (other.gamma !== this.gamma) throw new RangeError('Cannot merge sketches of different accuracy');
    this.positive.mergeFrom(other.positive);
    this.negative.mergeFrom(other.negative);
    this.zeroCount += other.zeroCount;
    this.negativeInfinityCount += other.negativeInfinityCount;
    this.positiveInfinityCount += other.positiveInfinityCount;
  }

  /** Plain, serializable data (for IPC between cluster workers, or storage); see {@link fromData}. */
  toData(): SketchData {
    return {
      relativeAccuracy: this.relativeAccuracy,
      positive: this.positive.toData(),
      negative: this.negative.toData(),
      zeroCount: this.zeroCount,
      ...(this.negativeInfinityCount > 0 && { negativeInfinityCount: this.negativeInfinityCount }),
      ...(this.positiveInfinityCount > 0 && { positiveInfinityCount: this.positiveInfinityCount }),
    };
  }

  /**
   * Rebuilds a sketch from {@link toData}'s output; merging rebuilt sketches is exact. The data may
   * come from another process (cluster workers): malformed data is a RangeError, never a huge array.
   */
  static fromData(data: SketchData): RelativeErrorSketch {
    const sketch = new RelativeErrorSketch(data.relativeAccuracy);
    for (const [store, part] of [
      [sketch.positive, data.positive],
      [sketch.negative, data.negative],
    ] as const) {
      if (!Array.isArray(part?.counts) || !Number.isSafeInteger(part.offset))
        throw new RangeError('Sketch data needs { offset: integer, counts: number[] } on both sides');
      part.counts.forEach((count, i) => {
        if (count !== 0) store.add(part.offset + i, count);
      });
    }
    sketch.zeroCount = countField(data.zeroCount, 'zeroCount');
    sketch.negativeInfinityCount = countField(data.negativeInfinityCount ?? 0, 'negativeInfinityCount');
    sketch.positiveInfinityCount = countField(data.positiveInfinityCount ?? 0, 'positiveInfinityCount');
    return sketch;
  }

  clear(): void {
    this.positive.clear();
    this.negative.clear();
    this.zeroCount = 0;
    this.negativeInfinityCount = 0;
    this.positiveInfinityCount = 0;
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

function countField(value: unknown, field: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < Number.POSITIVE_INFINITY))
    throw new RangeError(`Sketch data ${field} must be a finite, non-negative count, got ${String(value)}`);
  return value;
}
