import { MAX_DURATION_MS, parseDuration } from '../duration.js';
import { ConfigError, describe, InvalidMetricOptionsError } from '../errors.js';
import { DEFAULT_RELATIVE_ACCURACY } from '../metrics/relative-error-sketch.js';
import { DEFAULT_QUANTILES } from '../metrics/summary.js';
import type { InstrumentationScope } from '../snapshot.js';
import { validateTagKey } from '../tags.js';
import type { CallbackOptions, SummaryOptions } from '../types.js';

/**
 * Validates what every metric's options share: the object itself, `description`, `unit` and (for
 * callbacks) `monotonic`. A number given as a description would reach the exposition writer and fail
 * every scrape; here it is an {@link InvalidMetricOptionsError} at creation. Tags, label names,
 * buckets and the rest have their own validators.
 */
export function validateCommonOptions(name: string, options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidMetricOptionsError(
      name,
      'options',
      options,
      'must be an object such as { description }',
    );
  const { description, unit, monotonic } = options as CallbackOptions;
  if (description !== undefined && typeof description !== 'string')
    throw new InvalidMetricOptionsError(name, 'description', description, 'must be a string');
  if (unit !== undefined && typeof unit !== 'string')
    throw new InvalidMetricOptionsError(name, 'unit', unit, 'must be a string such as "bytes"');
  if (monotonic !== undefined && typeof monotonic !== 'boolean')
    throw new InvalidMetricOptionsError(name, 'monotonic', monotonic, 'must be true or false');
}

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

/** Longest summary window: one year. */
export const MAX_AGE_SECONDS = 365 * 24 * 3600;
/** Most sub-windows of a summary window (client_golang's default is 5). */
export const MAX_AGE_BUCKETS = 100;

/** Validated summary options with defaults (10-minute window in 5 sub-windows, as client_golang). */
export function validateSummaryOptions(name: string, options: SummaryOptions | undefined) {
  const quantiles = options?.quantiles ?? DEFAULT_QUANTILES;
  if (!Array.isArray(quantiles))
    throw new InvalidMetricOptionsError(name, 'quantiles', quantiles, 'must be an array');
  for (const q of quantiles) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new InvalidMetricOptionsError(
        name,
        'quantiles',
        quantiles,
        `contain ${describe(q)}, outside [0, 1]`,
      );
    }
  }
  // Two equal quantiles would be two identical series in a scrape, which Prometheus rejects whole.
  if (new Set(quantiles).size !== quantiles.length)
    throw new InvalidMetricOptionsError(name, 'quantiles', quantiles, 'contain a duplicate');
  const maxAgeSeconds = options?.maxAgeSeconds ?? 600;
  // Past a year the window is no longer a window; the bound also keeps `* 1000` finite.
  if (typeof maxAgeSeconds !== 'number' || !(maxAgeSeconds > 0 && maxAgeSeconds <= MAX_AGE_SECONDS)) {
    throw new InvalidMetricOptionsError(
      name,
      'maxAgeSeconds',
      maxAgeSeconds,
      `must be a positive number of seconds, at most ${MAX_AGE_SECONDS} (one year)`,
    );
  }
  const ageBuckets = options?.ageBuckets ?? 5;
  // Every series allocates one slot per age bucket: an unbounded count is unbounded memory.
  if (!Number.isInteger(ageBuckets) || ageBuckets < 1 || ageBuckets > MAX_AGE_BUCKETS) {
    throw new InvalidMetricOptionsError(
      name,
      'ageBuckets',
      ageBuckets,
      `must be an integer from 1 to ${MAX_AGE_BUCKETS}`,
    );
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

/** Validates `exemplars`: a boolean. */
export function validateExemplars(name: string, exemplars: unknown): boolean | undefined {
  if (exemplars === undefined) return undefined;
  if (typeof exemplars !== 'boolean')
    throw new InvalidMetricOptionsError(name, 'exemplars', exemplars, 'must be true or false');
  return exemplars;
}

/** Validates a histogram or timer `sampleRate`: within (0, 1]. */
export function validateSampleRate(name: string, rate: number | undefined): number | undefined {
  if (rate === undefined) return undefined;
  // A rate so small that 1 / rate overflows would weight a kept observation by Infinity.
  if (typeof rate !== 'number' || !(rate > 0 && rate <= 1) || !Number.isFinite(1 / rate)) {
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

/** Validates `expireAfter`: a duration like `'5m'` or positive milliseconds (see `parseDuration`). */
export function validateExpireAfter(name: string, value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value, 'expireAfter');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new InvalidMetricOptionsError(
      name,
      'expireAfter',
      value,
      `must be a duration like "5m" or positive milliseconds up to ${MAX_DURATION_MS}`,
    );
  }
}
