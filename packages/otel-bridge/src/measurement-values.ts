import { diag } from '@opentelemetry/api';

/**
 * The value the OpenTelemetry SDK would record for a measurement, or `undefined` to drop it, with
 * the SDK's own diagnostics (`SyncInstrument._record` in sdk-metrics 2.x): a non-number is dropped
 * with a warning; an INT instrument truncates a fraction with a warning and drops a non-finite value.
 */
export function sdkValue(instrumentName: string, integer: boolean, value: unknown): number | undefined {
  if (typeof value !== 'number') {
    diag.warn(`non-number value provided to metric ${instrumentName}: ${String(value)}`);
    return undefined;
  }
  if (integer && !Number.isInteger(value)) {
    diag.warn(
      `INT value type cannot accept a floating-point value for ${instrumentName}, ignoring the fractional digits.`,
    );
    const truncated = Math.trunc(value);
    return Number.isInteger(truncated) ? truncated : undefined;
  }
  return value;
}

/**
 * A value a monotonic instrument (Counter, Histogram) can take: as the SDK, a negative one is
 * dropped with a warning rather than thrown (the API never throws). NaN and ±Infinity are dropped
 * too, with a warning: the SDK would let one poison a sum forever, and meterkit's counters refuse them.
 */
export function nonNegativeValue(
  kind: 'counter' | 'histogram',
  instrumentName: string,
  integer: boolean,
  value: unknown,
): number | undefined {
  const checked = sdkValue(instrumentName, integer, value);
  if (checked === undefined) return undefined;
  if (checked < 0) {
    diag.warn(`negative value provided to ${kind} ${instrumentName}: ${checked}`);
    return undefined;
  }
  if (!Number.isFinite(checked)) {
    diag.warn(`non-finite value provided to ${kind} ${instrumentName}: ${checked}`);
    return undefined;
  }
  return checked;
}
