import { InvalidMetricOptionsError } from '../errors.js';

/** prom-client's default buckets (seconds), which are also client_golang's `DefBuckets`. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/**
 * Validates upper bounds: finite numbers, strictly increasing. A trailing `+Inf` is accepted and
 * dropped because every histogram has it implicitly.
 */
export function validateBuckets(
  metricName: string,
  buckets: readonly number[] | undefined,
): readonly number[] {
  if (buckets === undefined) return DEFAULT_BUCKETS;
  if (!Array.isArray(buckets))
    throw new InvalidMetricOptionsError(metricName, 'buckets', buckets, 'must be an array of numbers');
  const bounds =
    buckets[buckets.length - 1] === Number.POSITIVE_INFINITY ? buckets.slice(0, -1) : [...buckets];
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i];
    if (typeof bound !== 'number' || Number.isNaN(bound)) {
      throw new InvalidMetricOptionsError(
        metricName,
        'buckets',
        buckets,
        `has a non-number bound at index ${i}`,
      );
    }
    if (!Number.isFinite(bound)) {
      throw new InvalidMetricOptionsError(
        metricName,
        'buckets',
        buckets,
        `has an infinite bound at index ${i}`,
      );
    }
    if (i > 0 && bound <= bounds[i - 1]!) {
      throw new InvalidMetricOptionsError(
        metricName,
        'buckets',
        buckets,
        bound === bounds[i - 1]
          ? `has the duplicate bound ${bound}`
          : `is not sorted: ${bound} after ${bounds[i - 1]}`,
      );
    }
  }
  return Object.freeze(bounds);
}

/** `count` bounds from `start` multiplying by `factor` (prom-client's `exponentialBuckets`). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  if (!(start > 0) || !(factor > 1) || !(count >= 1)) {
    throw new RangeError(
      `exponentialBuckets needs start > 0, factor > 1, count >= 1; got ${start}, ${factor}, ${count}`,
    );
  }
  return Array.from({ length: count }, (_, i) => start * factor ** i);
}

/** `count` bounds from `start` adding `width` (prom-client's `linearBuckets`). */
export function linearBuckets(start: number, width: number, count: number): number[] {
  if (!(width > 0) || !(count >= 1)) {
    throw new RangeError(`linearBuckets needs width > 0, count >= 1; got ${width}, ${count}`);
  }
  return Array.from({ length: count }, (_, i) => start + width * i);
}
