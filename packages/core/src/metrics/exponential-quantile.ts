import type { ExponentialBuckets } from '../snapshot.js';
import { exponentialLowerBound } from './exponential-index.js';

/**
 * Estimates quantile `q` from exponential buckets: the value at rank `ceil(q * count)` of the sorted
 * observations (the smallest for q = 0) lies in bucket `(L, U]`, and the estimate is `2LU / (L + U)`,
 * the point whose relative error is at most `(base - 1) / (base + 1)` wherever in the bucket the value
 * is (2.2% at scale 3 … 0.0033% at scale 20). `min`/`max`, when known, clamp the estimate, which only
 * brings it closer. NaN when there are no observations; like `histogramQuantile`, -Infinity below 0
 * and +Infinity above 1. Values below 2^-1022 (subnormals) were counted as 2^-1022.
 */
export function exponentialQuantile(
  q: number,
  buckets: ExponentialBuckets,
  min?: number,
  max?: number,
): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const negative = buckets.negative.counts;
  const positive = buckets.positive.counts;
  const total = sum(negative) + buckets.zeroCount + sum(positive);
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let seen = 0;
  let estimate = Number.NaN;
  // Ascending order: the most negative bucket first, then zero, then positive buckets.
  for (let i = negative.length - 1; i >= 0 && Number.isNaN(estimate); i--) {
    seen += negative[i]!;
    if (reached(seen, rank)) estimate = -bucketPoint(buckets.negative.offset + i, buckets.scale);
  }
  if (Number.isNaN(estimate)) {
    seen += buckets.zeroCount;
    if (reached(seen, rank)) estimate = 0;
  }
  for (let i = 0; i < positive.length && Number.isNaN(estimate); i++) {
    seen += positive[i]!;
    if (reached(seen, rank)) estimate = bucketPoint(buckets.positive.offset + i, buckets.scale);
  }
  // Rounding of weighted counts can leave the last rank unreached: it is in the highest bucket.
  if (Number.isNaN(estimate)) estimate = highest(buckets);
  if (min !== undefined && estimate < min) return min;
  if (max !== undefined && estimate > max) return max;
  return estimate;
}

function reached(seen: number, rank: number): boolean {
  return seen > 0 && seen >= rank;
}

function sum(counts: readonly number[]): number {
  let total = 0;
  for (const count of counts) total += count;
  return total;
}

/**
 * `2LU / (L + U)` of bucket `index`, as `L * 2 / (1 + 1/base)`: the top bucket's `U` may be 2^1024,
 * which is no double, and `L + U` could overflow.
 */
function bucketPoint(index: number, scale: number): number {
  const lower = exponentialLowerBound(index, scale);
  const point = lower * (2 / (1 + 2 ** -(2 ** -scale)));
  return Math.min(point, Number.MAX_VALUE);
}

function highest(buckets: ExponentialBuckets): number {
  const positive = buckets.positive;
  if (positive.counts.length > 0)
    return bucketPoint(positive.offset + positive.counts.length - 1, buckets.scale);
  if (buckets.zeroCount > 0) return 0;
  return -bucketPoint(buckets.negative.offset, buckets.scale);
}
