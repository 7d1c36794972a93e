/*
 * OpenTelemetry's Prometheus compatibility rules for names Prometheus cannot take as they are
 * (https://github.com/open-telemetry/opentelemetry-specification/blob/main/specification/compatibility/prometheus_and_openmetrics.md,
 * "Metric Metadata" and "Metric Attributes"): characters outside the classic set become `_`,
 * repeated `_` collapse into one, the unit becomes a suffix unless the name already ends with it,
 * and a gauge of unit `1` ends in `_ratio`. The counter `_total` is added by the exporter, as for
 * every counter. Core owns these rules so that the registry can refuse, at creation, two names that
 * would become one Prometheus name, and every Prometheus format translates the same way.
 *
 * Names valid before UTF-8 names (`[a-zA-Z_:][a-zA-Z0-9_:]*`) are never translated: their output
 * stays byte-identical (meterkit never added a unit suffix to them).
 */

import { isClassicMetricName } from './names.js';

const INVALID_NAME_CHARACTERS = /[^a-zA-Z0-9_:]+/g;
const INVALID_LABEL_CHARACTERS = /[^a-zA-Z0-9_]+/g;
const REPEATED_UNDERSCORES = /__+/g;
const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** UCUM (and meterkit's spelled-out) units to Prometheus' unit words, from the spec's table (the exporter kit inverts it). */
export const PROMETHEUS_UNIT: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  kBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** The kinds of metric whose Prometheus name this module computes. */
export type PrometheusNameKind = 'counter' | 'gauge' | 'histogram' | 'summary' | 'timer' | 'info';

function sanitize(text: string, invalid: RegExp): string {
  return text.replace(invalid, '_').replace(REPEATED_UNDERSCORES, '_');
}

/**
 * The Prometheus unit word of a unit: UCUM codes by the spec's table (`s` → `seconds`, `By` →
 * `bytes`), `{annotations}` dropped, `x/y` as `x_per_y`; spelled-out units (`seconds`) as they are.
 */
export function prometheusUnit(unit: string): string {
  const withoutAnnotations = unit.replace(/\{[^}]*\}/g, '').trim();
  if (withoutAnnotations === '' || withoutAnnotations === '1') return '';
  const [per, ...rest] = withoutAnnotations.split('/');
  const perWord = PROMETHEUS_UNIT[per!] ?? per!;
  if (rest.length === 0) return sanitize(perWord, INVALID_LABEL_CHARACTERS).replace(/^_|_$/g, '');
  const unitOf = rest.join('/');
  const time: Record<string, string> = {
    s: 'second',
    m: 'minute',
    h: 'hour',
    d: 'day',
    w: 'week',
    mo: 'month',
    y: 'year',
  };
  const word = `${perWord}_per_${time[unitOf] ?? PROMETHEUS_UNIT[unitOf] ?? unitOf}`;
  return sanitize(word, INVALID_LABEL_CHARACTERS).replace(/^_|_$/g, '');
}

/**
 * The name Prometheus gets for a metric, before the per-type suffixes every counter, timer and info
 * metric gets (`_total`, `_seconds`, `_info`): a classic name unchanged; any other name sanitized,
 * with its unit suffix (and `_ratio` for a gauge of unit `1`). `http.server.request.duration` of
 * unit `s` becomes `http_server_request_duration_seconds`.
 */
export function prometheusCompatibleName(name: string, kind: PrometheusNameKind, unit: string): string {
  if (isClassicMetricName(name)) return name;
  let translated = sanitize(name, INVALID_NAME_CHARACTERS);
  if (/^[0-9]/.test(translated)) translated = `_${translated}`;
  const unitWord = kind === 'gauge' && unit === '1' ? 'ratio' : prometheusUnit(unit);
  if (unitWord !== '' && !translated.endsWith(`_${unitWord}`) && translated !== unitWord) {
    translated = `${translated}_${unitWord}`.replace(REPEATED_UNDERSCORES, '_');
  }
  return translated;
}

/**
 * The Prometheus label name of a tag key: a classic key unchanged; any other key with characters
 * outside `[a-zA-Z0-9_]` as `_`, repeated `_` collapsed, and `key_` before a leading digit
 * (`http.route` → `http_route`, `1st` → `key_1st`).
 */
export function prometheusLabelName(key: string): string {
  if (CLASSIC_LABEL.test(key)) return key;
  const translated = sanitize(key, INVALID_LABEL_CHARACTERS);
  return /^[0-9]/.test(translated) ? `key_${translated}` : translated;
}

/**
 * The name a metric's samples carry in Prometheus, per-type suffix included (`_total` for
 * counters, `_seconds` for timers, `_info`): two metrics with the same one would be merged by a
 * scraper, so the registry refuses the second one when a translated name is involved.
 */
export function prometheusSampleName(name: string, kind: PrometheusNameKind, unit: string): string {
  const base = prometheusCompatibleName(name, kind, unit);
  const suffix =
    kind === 'counter' ? '_total' : kind === 'timer' ? '_seconds' : kind === 'info' ? '_info' : '';
  return suffix === '' || base.endsWith(suffix) ? base : `${base}${suffix}`;
}
