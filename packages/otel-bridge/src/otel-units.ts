/**
 * OpenTelemetry instruments use UCUM codes (`s`, `ms`, `By`); meterkit units are spelled-out
 * words (`seconds`, `bytes`) that its exporters map back (exporter-otel to UCUM, Prometheus to
 * name suffixes). Units without an unambiguous word, such as `{request}` or `1`, pass unchanged.
 * @see https://opentelemetry.io/docs/specs/semconv/general/metrics/#instrument-units
 */
const METERKIT_UNIT_BY_UCUM: Readonly<Record<string, string>> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  min: 'minutes',
  h: 'hours',
  d: 'days',
  By: 'bytes',
  kBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  bit: 'bits',
  '%': 'percent',
  Hz: 'hertz',
  Cel: 'celsius',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
};

/** The meterkit unit for an OpenTelemetry (UCUM) unit; `undefined` and unknown units pass through. */
export function meterkitUnit(unit: string | undefined): string | undefined {
  if (unit === undefined) return undefined;
  return Object.hasOwn(METERKIT_UNIT_BY_UCUM, unit) ? METERKIT_UNIT_BY_UCUM[unit] : unit;
}
