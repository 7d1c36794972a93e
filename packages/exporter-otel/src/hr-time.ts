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

/** A `fixed64` as its two unsigned 32-bit halves. */
export interface Fixed64Halves {
  high: number;
  low: number;
}

const TWO_32 = 0x1_0000_0000;

/**
 * Nanoseconds since the epoch of an SDK time, as the two halves of OTLP's `fixed64`, with no
 * bigint: `seconds * 1e9` passes 2^53, so seconds are split at bit 16 and each part multiplied on
 * its own (every product stays exact), as the SDK's own protobuf serializer does.
 */
export function hrTimeHalves(time: HrTime, out: Fixed64Halves): Fixed64Halves {
  const [seconds, nanos] = time;
  const low16 = (seconds % 0x10000) * NANOS_PER_SECOND; // < 2^46
  const high16 = Math.floor(seconds / 0x10000) * NANOS_PER_SECOND; // < 2^46, to be shifted by 16
  const lowSum = (low16 % TWO_32) + (high16 % 0x10000) * 0x10000 + nanos;
  out.low = lowSum % TWO_32;
  out.high = Math.floor(low16 / TWO_32) + Math.floor(high16 / 0x10000) + Math.floor(lowSum / TWO_32);
  return out;
}

/**
 * The same nanoseconds as a decimal string (OTLP/JSON writes 64-bit integers as strings): the
 * seconds followed by the nanoseconds in nine digits, exact with no arithmetic past 2^53.
 */
export function hrTimeDecimal(time: HrTime): string {
  const [seconds, nanos] = time;
  return seconds === 0 ? String(nanos) : `${seconds}${String(nanos).padStart(9, '0')}`;
}
