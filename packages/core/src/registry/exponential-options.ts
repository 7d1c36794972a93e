import { InvalidMetricOptionsError } from '../errors.js';
import { DEFAULT_EXPONENTIAL_LIMITS } from '../metrics/exponential-histogram.js';
import { MAX_EXPONENTIAL_SCALE, MIN_EXPONENTIAL_SCALE } from '../metrics/exponential-index.js';
import type { ExponentialLimits } from '../snapshot.js';
import type { HistogramOptions } from '../types.js';

/**
 * Most buckets per sign an exponential histogram may keep. Ample for any use (at scale 8 it spans
 * 2^64), and it bounds the memory an option typo can take: 16,384 numbers per sign per series.
 */
export const MAX_EXPONENTIAL_BUCKETS = 16_384;

/**
 * Validates `HistogramOptions.exponential` against the Config default: the settings of an
 * exponential histogram, or undefined for a classic one.
 */
export function validateExponentialOptions(
  name: string,
  option: HistogramOptions['exponential'],
  byDefault: boolean,
): ExponentialLimits | undefined {
  if (option === undefined) return byDefault ? DEFAULT_EXPONENTIAL_LIMITS : undefined;
  if (option === false) return undefined;
  if (option === true) return DEFAULT_EXPONENTIAL_LIMITS;
  if (typeof option !== 'object' || option === null || Array.isArray(option)) {
    throw new InvalidMetricOptionsError(
      name,
      'exponential',
      option,
      'must be true, false or { maxBuckets?, maxScale? }',
    );
  }
  for (const key of Object.keys(option)) {
    if (key !== 'maxBuckets' && key !== 'maxScale') {
      throw new InvalidMetricOptionsError(
        name,
        `exponential.${key}`,
        (option as Record<string, unknown>)[key],
        'is not an option (maxBuckets, maxScale)',
      );
    }
  }
  const maxBuckets = option.maxBuckets ?? DEFAULT_EXPONENTIAL_LIMITS.maxBuckets;
  if (!Number.isInteger(maxBuckets) || maxBuckets < 2 || maxBuckets > MAX_EXPONENTIAL_BUCKETS) {
    throw new InvalidMetricOptionsError(
      name,
      'exponential.maxBuckets',
      maxBuckets,
      `must be an integer from 2 to ${MAX_EXPONENTIAL_BUCKETS}`,
    );
  }
  const maxScale = option.maxScale ?? DEFAULT_EXPONENTIAL_LIMITS.maxScale;
  if (!Number.isInteger(maxScale) || maxScale < MIN_EXPONENTIAL_SCALE || maxScale > MAX_EXPONENTIAL_SCALE) {
    throw new InvalidMetricOptionsError(
      name,
      'exponential.maxScale',
      maxScale,
      `must be an integer from ${MIN_EXPONENTIAL_SCALE} to ${MAX_EXPONENTIAL_SCALE}`,
    );
  }
  return Object.freeze({ maxBuckets, maxScale });
}
