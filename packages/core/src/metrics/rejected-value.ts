import { InvalidValueError, ValueOutOfRangeError } from '../errors.js';

/**
 * The error for a value a recording method refuses: an {@link InvalidValueError} (a TypeError) for
 * anything that is not a number, else a {@link ValueOutOfRangeError} (a RangeError) with `reason`.
 * Kept out of the recording methods so they stay small enough for V8 to inline.
 */
export function rejectedValue(metricName: string, method: string, value: unknown, reason: string): Error {
  return typeof value === 'number'
    ? new ValueOutOfRangeError(metricName, method, value, reason)
    : new InvalidValueError(metricName, method, value);
}

/** Why NaN is refused by histograms, timers and summaries. */
export const NAN_REASON = 'NaN has no bucket and would make the sum NaN for good';
