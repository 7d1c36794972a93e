/**
 * OpenTelemetry's instrument name syntax: an ASCII letter, then up to 254 of letters, digits, `_`,
 * `.`, `-` and `/`, compared case-insensitively.
 * @see https://opentelemetry.io/docs/specs/otel/metrics/api/#instrument-name-syntax
 */
const OTEL_INSTRUMENT_NAME = /^[a-z][a-z0-9_.\-/]{0,254}$/i;

/**
 * True when `name` follows OpenTelemetry's instrument name syntax. Such a name is used as the
 * meterkit metric name unchanged (`http.server.request.duration`): core accepts dotted names, and
 * each exporter translates them its own way (Prometheus `http_server_request_duration_seconds`,
 * OTLP as it is), so the bridge itself never rewrites a name.
 */
export function isValidInstrumentName(name: unknown): name is string {
  return typeof name === 'string' && OTEL_INSTRUMENT_NAME.test(name);
}
