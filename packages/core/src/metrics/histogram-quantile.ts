import type { Bucket } from '../snapshot.js';

/**
 * Estimates quantile `q` from cumulative buckets exactly as PromQL's `histogram_quantile` does
 * (prometheus/promql/quantile.go, `bucketQuantile`): find the bucket holding rank `q * count` and
 * interpolate linearly inside it, assuming the lowest bucket starts at 0 (unless its bound is <= 0);
 * a rank in the `+Inf` bucket returns the highest finite bound. NaN when there are no observations.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const last = buckets.length - 1;
  if (last < 1 || buckets[last]!.upperBound !== Number.POSITIVE_INFINITY) return Number.NaN;
  const observations = buckets[last]!.count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < last && buckets[b]!.count < rank) b++;
  if (b === last) return buckets[last - 1]!.upperBound;
  if (b === 0 && buckets[0]!.upperBound <= 0) return buckets[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}
