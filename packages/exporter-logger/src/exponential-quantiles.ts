import type { ExponentialBuckets, QuantileValue } from '@meterkit/core';
import { exponentialQuantile, subtractExponentialBuckets } from '@meterkit/core/exporter-kit';

/**
 * Quantiles of an exponential histogram from its exponential buckets, each within the scale's
 * relative error (base - 1) / (base + 1): over all time, or, given the previous flush's buckets
 * (delta temporality), over what was recorded since (a series that went down restarted: all of it).
 * Clamped to the all-time min and max when known. Quantiles of an empty span are left out.
 */
export function exponentialQuantiles(
  quantiles: readonly number[],
  current: ExponentialBuckets,
  previous: ExponentialBuckets | undefined,
  min: number | undefined,
  max: number | undefined,
): QuantileValue[] {
  const buckets = previous === undefined ? current : sinceOrAll(current, previous);
  const out: QuantileValue[] = [];
  for (const quantile of quantiles) {
    const value = exponentialQuantile(quantile, buckets, min, max);
    if (!Number.isNaN(value)) out.push({ quantile, value });
  }
  return out;
}

function sinceOrAll(current: ExponentialBuckets, previous: ExponentialBuckets): ExponentialBuckets {
  if (current.scale > previous.scale) return current;
  const delta = subtractExponentialBuckets(current, previous);
  const nonNegative = (count: number) => count >= 0;
  const continues =
    delta.zeroCount >= 0 &&
    delta.positive.counts.every(nonNegative) &&
    delta.negative.counts.every(nonNegative);
  return continues ? delta : current;
}
