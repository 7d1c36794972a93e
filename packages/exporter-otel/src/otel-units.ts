/**
 * meterkit units follow Prometheus' spelled-out words (`seconds`, `bytes`); OpenTelemetry's
 * semantic conventions use UCUM case-sensitive codes (`s`, `By`), which its Prometheus and
 * collector translators turn back into the `_seconds` / `_bytes` suffixes. Only units with an
 * unambiguous UCUM code are mapped; anything else is carried unchanged.
 * @see https://opentelemetry.io/docs/specs/semconv/general/metrics/#instrument-units
 */
const UCUM_BY_METERKIT_UNIT: Readonly<Record<string, string>> = {
  seconds: 's',
  second: 's',
  milliseconds: 'ms',
  microseconds: 'us',
  nanoseconds: 'ns',
  minutes: 'min',
  hours: 'h',
  days: 'd',
  bytes: 'By',
  byte: 'By',
  kilobytes: 'kBy',
  megabytes: 'MBy',
  gigabytes: 'GBy',
  bits: 'bit',
  ratio: '1',
  percent: '%',
  hertz: 'Hz',
  celsius: 'Cel',
  meters: 'm',
  volts: 'V',
  amperes: 'A',
  joules: 'J',
  watts: 'W',
  grams: 'g',
};

/** The OpenTelemetry (UCUM) spelling of a meterkit unit; unknown units pass through. */
export function toOtelUnit(unit: string): string {
  return UCUM_BY_METERKIT_UNIT[unit] ?? unit;
}
