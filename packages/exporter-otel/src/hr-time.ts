import type { HrTime } from '@opentelemetry/api';

const NANOS_PER_MILLI = 1_000_000;
const NANOS_PER_SECOND = 1_000_000_000;

/**
 * Converts wall-clock milliseconds (meterkit's timestamps) to the SDK's `[seconds, nanoseconds]`.
 * Splitting before multiplying keeps sub-millisecond digits exact: a nanosecond count of an epoch
 * time exceeds 2^53 and cannot be held in one number.
 */
export function millisToHrTime(millis: number): HrTime {
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * NANOS_PER_MILLI);
  return nanos >= NANOS_PER_SECOND ? [seconds + 1, nanos - NANOS_PER_SECOND] : [seconds, nanos];
}

/** Nanoseconds since the epoch as a bigint (OTLP's `fixed64` time fields). */
export function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * BigInt(NANOS_PER_SECOND) + BigInt(time[1]);
}
