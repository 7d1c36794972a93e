import type { FlushReport, SeriesReport } from './flush-report.js';
import { isoTime, type LogEntry, type MetricFormatter } from './metric-formatter.js';
import { type LoggedNumber, seriesRecord } from './series-record.js';

/**
 * logfmt (https://brandur.org/logfmt): one line of `key=value` pairs per series per flush, e.g.
 *
 * `time=2025-01-01T00:00:00.000Z metric=app_requests type=counter tags.method=GET value=12`
 *
 * Tags are prefixed with `tags.` so that a tag named `value` or `type` cannot collide with a field.
 * Histograms log `count sum min max p50 p99` but not their buckets (use JSON for those).
 */
export class LogfmtFormatter implements MetricFormatter {
  format(report: FlushReport): LogEntry[] {
    const time = isoTime(report.timestamp);
    return report.series.map((series) => ({ line: logfmtLine(time, series) }));
  }
}

function logfmtLine(time: string, series: SeriesReport): string {
  const record = seriesRecord(series, false);
  let line = `time=${time}`;
  for (const [field, value] of Object.entries(record)) {
    if (field === 'tags') {
      for (const [key, tagValue] of Object.entries(value as Record<string, string>)) {
        line += ` tags.${logfmtKey(key)}=${logfmtValue(tagValue)}`;
      }
    } else if (typeof value === 'number') {
      line += ` ${field}=${value}`;
    } else {
      line += ` ${field}=${logfmtValue(value as Exclude<LoggedNumber, number> | string)}`;
    }
  }
  return line;
}

/**
 * A logfmt key cannot be quoted, so a tag key (any UTF-8 since dotted keys) has its spaces, `=`,
 * `"` and backslashes written as `_`; dotted and other UTF-8 keys (`http.route`) are kept as they are.
 */
export function logfmtKey(key: string): string {
  return key.replace(LOGFMT_KEY_UNSAFE, '_');
}

const LOGFMT_KEY_UNSAFE = /[\s="\\]/gu;

/**
 * Characters that force quoting. go-logfmt quotes anything `<= ' '`, `=` and `"`; we also quote a
 * backslash (several parsers treat it as an escape even outside quotes), DEL and C1 controls,
 * U+2028/U+2029, which some log viewers take as line breaks, and UTF-16 surrogates, so that a lone
 * one is written as a `\uD800` escape instead of invalid UTF-8.
 */
/**
 * A logfmt value: as-is when safe, otherwise a double-quoted string with JSON escapes (`\"`, `\\`,
 * `\n`, `\u0001`…), which is what go-logfmt writes and reads. The empty string is `""`.
 */
export function logfmtValue(value: string): string {
  if (value !== '' && !needsQuotes(value)) return value;
  return JSON.stringify(value).replace(ESCAPED_AFTER_JSON, unicodeEscape);
}

/** JSON.stringify leaves these raw; they are escaped so the line stays printable. */
const ESCAPED_AFTER_JSON = /[\u007f-\u009f\u2028\u2029]/g;

function needsQuotes(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (
      code <= 0x20 || // space and C0 controls
      code === 0x22 || // "
      code === 0x3d || // =
      code === 0x5c || // backslash
      (code >= 0x7f && code <= 0x9f) || // DEL and C1 controls
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0xd800 && code <= 0xdfff) // surrogates
    ) {
      return true;
    }
  }
  return false;
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
