import { InvalidMetricNameError } from '@meterkit/core';

/**
 * OpenTelemetry's instrument name syntax: an ASCII letter, then up to 254 of letters, digits, `_`,
 * `.`, `-` and `/`, compared case-insensitively.
 * @see https://opentelemetry.io/docs/specs/otel/metrics/api/#instrument-name-syntax
 */
const OTEL_INSTRUMENT_NAME = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

/** True when `name` follows OpenTelemetry's instrument name syntax. */
export function isValidInstrumentName(name: unknown): name is string {
  return typeof name === 'string' && OTEL_INSTRUMENT_NAME.test(name);
}

/**
 * Creates a meterkit metric under an OpenTelemetry instrument name. The name is tried as given
 * (meterkit versions that accept dotted names keep `http.server.duration`, and each backend
 * translates it its own way); when this core still holds names to Prometheus' rules, the
 * characters it rejects (`.`, `-`, `/`) become `_`, which is what OpenTelemetry's own Prometheus
 * exporter writes.
 */
export function createUnderInstrumentName<T>(name: string, create: (meterkitName: string) => T): T {
  try {
    return create(name);
  } catch (error) {
    if (!(error instanceof InvalidMetricNameError)) throw error;
    return create(prometheusName(name));
  }
}

/** `http.server.duration` → `http_server_duration` (OpenTelemetry's Prometheus exporter's rule). */
export function prometheusName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_{2,}/g, '_');
}
