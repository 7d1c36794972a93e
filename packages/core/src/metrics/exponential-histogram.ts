import type { ExponentialBucketSpan, ExponentialBuckets, ExponentialLimits } from '../snapshot.js';
import { ExponentialMapping } from './exponential-index.js';

/** OpenTelemetry's defaults (`ExponentialHistogramAggregation`): 160 buckets, scale 20. */
export const DEFAULT_EXPONENTIAL_LIMITS: ExponentialLimits = Object.freeze({
  maxBuckets: 160,
  maxScale: 20,
});

const EMPTY_SPAN: ExponentialBucketSpan = Object.freeze({ offset: 0, counts: Object.freeze([]) });

/**
 * The occupied bucket indexes of one sign, `low..high`, in a ring of `maxBuckets` slots: growing
 * downwards costs no copying, and a histogram allocates its ring at the first observation of that sign.
 */
class BucketRing {
  counts: number[] = [];
  /** The index kept in slot 0; `low..high` always contains it, so a slot is one add or subtract away. */
  base = 0;
  low = 0;
  high = -1;

  constructor(readonly capacity: number) {}

  /** Adds `weight` to bucket `index`; false (nothing changed) when the ring cannot span it. */
  add(index: number, weight: number): boolean {
    if (index >= this.low && index <= this.high) {
      this.counts[this.slot(index)]! += weight;
      return true;
    }
    if (this.high < this.low) {
      if (this.counts.length === 0) this.counts = new Array<number>(this.capacity).fill(0);
      this.base = this.low = this.high = index;
      this.counts[0] = weight;
      return true;
    }
    const low = Math.min(index, this.low);
    const high = Math.max(index, this.high);
    if (high - low >= this.capacity) return false;
    this.low = low;
    this.high = high;
    this.counts[this.slot(index)]! += weight;
    return true;
  }

  private slot(index: number): number {
    const slot = index - this.base;
    if (slot < 0) return slot + this.capacity;
    return slot;
  }

  /** Merges each 2^delta neighbouring buckets into one: the same data at `scale - delta`. */
  downscale(delta: number): void {
    if (delta === 0 || this.high < this.low) return;
    const merged = new Array<number>(this.capacity).fill(0);
    const low = this.low >> delta;
    for (let index = this.low; index <= this.high; index++) {
      merged[(index >> delta) - low]! += this.counts[this.slot(index)]!;
    }
    this.counts = merged;
    this.base = this.low = low;
    this.high = this.high >> delta;
  }

  /** The occupied buckets as plain data (empty: offset 0, no counts). */
  toSpan(): ExponentialBucketSpan {
    if (this.high < this.low) return EMPTY_SPAN;
    const counts: number[] = new Array(this.high - this.low + 1);
    for (let index = this.low; index <= this.high; index++) {
      counts[index - this.low] = this.counts[this.slot(index)]!;
    }
    return { offset: this.low, counts };
  }
}

/**
 * OpenTelemetry's base-2 exponential histogram aggregation for one series: a zero bucket (threshold
 * 0: only exact zeros), positive and negative buckets at one shared scale, starting at `maxScale` and
 * halving the resolution (scale - 1, two buckets merged into one) whenever one sign would need more
 * than `maxBuckets` buckets. The scale is therefore always the finest at which every value seen fits.
 *
 * Only finite values have a bucket: NaN and ±Infinity are ignored here (the owning histogram counts
 * ±Infinity in its count, sum and classic buckets, see the README).
 */
export class ExponentialHistogram {
  scale: number;
  /** The index function of the current scale, swapped when the scale drops. */
  private mapping: ExponentialMapping;
  zeroCount = 0;
  readonly positive: BucketRing;
  readonly negative: BucketRing;

  constructor(readonly settings: ExponentialLimits = DEFAULT_EXPONENTIAL_LIMITS) {
    this.scale = settings.maxScale;
    this.mapping = ExponentialMapping.forScale(settings.maxScale);
    this.positive = new BucketRing(settings.maxBuckets);
    this.negative = new BucketRing(settings.maxBuckets);
  }

  /** Counts `value` with `weight` (1, or 1/sampleRate for a sampled histogram). */
  record(value: number, weight: number): void {
    if (value > 0) {
      if (value !== Number.POSITIVE_INFINITY) this.recordMagnitude(this.positive, value, weight);
    } else if (value < 0) {
      if (value !== Number.NEGATIVE_INFINITY) this.recordMagnitude(this.negative, -value, weight);
    } else if (value === 0) {
      this.zeroCount += weight;
    }
  }

  private recordMagnitude(ring: BucketRing, magnitude: number, weight: number): void {
    const index = this.mapping.index(magnitude);
    if (ring.add(index, weight)) return;
    let low = Math.min(index, ring.low);
    let high = Math.max(index, ring.high);
    let delta = 0;
    while (high - low >= ring.capacity) {
      low >>= 1;
      high >>= 1;
      delta++;
    }
    this.downscale(delta);
    ring.add(index >> delta, weight);
  }

  /** Lowers the scale by `delta` on both signs, as OpenTelemetry keeps one scale per point. */
  downscale(delta: number): void {
    this.scale -= delta;
    this.mapping = ExponentialMapping.forScale(this.scale);
    this.positive.downscale(delta);
    this.negative.downscale(delta);
  }

  /** The buckets as snapshot data. */
  toBuckets(): ExponentialBuckets {
    return {
      scale: this.scale,
      zeroCount: this.zeroCount,
      zeroThreshold: 0,
      positive: this.positive.toSpan(),
      negative: this.negative.toSpan(),
    };
  }
}
