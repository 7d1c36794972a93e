import { InvalidMetricOptionsError } from '../errors.js';
import { DEFAULT_RELATIVE_ACCURACY } from '../metrics/relative-error-sketch.js';
import { DEFAULT_QUANTILES } from '../metrics/summary.js';
import type { InstrumentationScope } from '../snapshot.js';
import { validateTagKey } from '../tags.js';
import type { SummaryOptions } from '../types.js';

/** Validates `labelNames`: each a valid, unique tag key. */
export function validateLabelNames(
  name: string,
  labelNames: readonly string[] | undefined,
): readonly string[] | undefined {
  if (labelNames === undefined) return undefined;
  if (!Array.isArray(labelNames))
    throw new InvalidMetricOptionsError(name, 'labelNames', labelNames, 'must be an array of strings');
  for (const key of labelNames) validateTagKey(key);
  if (new Set(labelNames).size !== labelNames.length) {
    throw new InvalidMetricOptionsError(name, 'labelNames', labelNames, 'contain a duplicate');
  }
  return Object.freeze([...labelNames]);
}

/** Validated summary options with defaults (10-minute window in 5 sub-windows, as client_golang). */
export function validateSummaryOptions(name: string, options: SummaryOptions | undefined) {
  const quantiles = options?.quantiles ?? DEFAULT_QUANTILES;
  if (!Array.isArray(quantiles))
    throw new InvalidMetricOptionsError(name, 'quantiles', quantiles, 'must be an array');
  for (const q of quantiles) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new InvalidMetricOptionsError(name, 'quantiles', quantiles, `contain ${q}, outside [0, 1]`);
    }
  }
  const maxAgeSeconds = options?.maxAgeSeconds ?? 600;
  if (typeof maxAgeSeconds !== 'number' || !(maxAgeSeconds > 0) || !Number.isFinite(maxAgeSeconds)) {
    throw new InvalidMetricOptionsError(
      name,
      'maxAgeSeconds',
      maxAgeSeconds,
      'must be a positive number of seconds',
    );
  }
  const ageBuckets = options?.ageBuckets ?? 5;
  if (!Number.isInteger(ageBuckets) || ageBuckets < 1) {
    throw new InvalidMetricOptionsError(name, 'ageBuckets', ageBuckets, 'must be a positive integer');
  }
  return {
    quantiles: Object.freeze([...quantiles].sort((a, b) => a - b)),
    maxAgeMs: maxAgeSeconds * 1000,
    ageBuckets,
    relativeAccuracy: DEFAULT_RELATIVE_ACCURACY,
  };
}

/** Validates a per-metric `cardinalityLimit`: a positive integer. */
export function validateCardinalityLimit(name: string, limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidMetricOptionsError(name, 'cardinalityLimit', limit, 'must be a positive integer');
  }
  return limit;
}

/** Validates a histogram or timer `sampleRate`: within (0, 1]. */
export function validateSampleRate(name: string, rate: number | undefined): number | undefined {
  if (rate === undefined) return undefined;
  if (typeof rate !== 'number' || !(rate > 0 && rate <= 1)) {
    throw new InvalidMetricOptionsError(name, 'sampleRate', rate, 'must be within (0, 1]');
  }
  return rate;
}

/** Validates an instrumentation `scope`: a non-empty name and an optional version, both strings. */
export function validateScope(
  name: string,
  scope: InstrumentationScope | undefined,
): InstrumentationScope | undefined {
  if (scope === undefined) return undefined;
  const valid =
    typeof scope === 'object' &&
    scope !== null &&
    typeof scope.name === 'string' &&
    scope.name.length > 0 &&
    (scope.version === undefined || typeof scope.version === 'string');
  if (!valid) {
    throw new InvalidMetricOptionsError(name, 'scope', scope, 'must be { name: string; version?: string }');
  }
  return Object.freeze(
    scope.version === undefined ? { name: scope.name } : { name: scope.name, version: scope.version },
  );
}
