import type { FlushReport, SeriesReport } from './flush-report.js';
import { logfmtValue } from './logfmt-formatter.js';
import { isoTime, type LogEntry, type MetricFormatter } from './metric-formatter.js';
import { quantileFieldName } from './series-record.js';

const COLUMNS = ['NAME', 'TYPE', 'TAGS', 'VALUE', 'CHANGE'] as const;
const GAP = '  ';

/**
 * A table for reading in a terminal during development: a title line, a header, then one row per
 * series sorted by name and tags, columns aligned:
 *
 * ```
 * --- meterkit 2025-01-01T00:00:00.000Z: 3 series, 1 changed (cumulative) ---
 * NAME                  TYPE     TAGS          VALUE                                CHANGE
 * app_requests          counter  method=GET    12                                   +3
 * app_request_duration  timer    route=/users  count=10 sum=2.5 p50=0.2 p99=0.9     +4
 * ```
 *
 * CHANGE is the difference from the previous flush (new observations for histograms and
 * summaries), `new` for a series seen for the first time. Fractions keep 4 significant digits.
 * Each row is a separate line, so a line-oriented sink (or a logger) gets one row per call.
 */
export class TableFormatter implements MetricFormatter {
  format(report: FlushReport): LogEntry[] {
    if (report.series.length === 0) return [];
    const sorted = [...report.series].sort(bySeriesIdentity);
    const rows = sorted.map(tableRow);
    const widths = COLUMNS.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => row[column]!.length)),
    );
    const lines = [title(report), alignRow(COLUMNS, widths), ...rows.map((row) => alignRow(row, widths))];
    return lines.map((line) => ({ line }));
  }
}

function title(report: FlushReport): string {
  const span = report.temporality === 'delta' ? 'delta since previous flush' : 'cumulative';
  const series = `${report.totalSeries} series, ${report.changedSeries} changed`;
  return `--- meterkit ${isoTime(report.timestamp)}: ${series} (${span}) ---`;
}

function bySeriesIdentity(a: SeriesReport, b: SeriesReport): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function tableRow(series: SeriesReport): readonly string[] {
  const tags = series.tags.map((tag) => `${tag.key}=${tableTagValue(tag.value)}`).join(',');
  if (series.removed === true) return [series.name, series.type, tags, '', 'removed'];
  return [series.name, series.type, tags, valueCell(series), changeCell(series.change)];
}

/** Tag values are quoted like logfmt, plus commas, which separate tags in this column. */
function tableTagValue(value: string): string {
  const quoted = logfmtValue(value);
  return quoted === value && value.includes(',') ? JSON.stringify(value) : quoted;
}

function valueCell(series: SeriesReport): string {
  if (series.value !== undefined) return shortNumber(series.value);
  let cell = `count=${shortNumber(series.count ?? 0)} sum=${shortNumber(series.sum ?? 0)}`;
  for (const q of series.quantiles ?? []) cell += ` ${quantileFieldName(q.quantile)}=${shortNumber(q.value)}`;
  return cell;
}

function changeCell(change: number | undefined): string {
  if (change === undefined) return 'new';
  return change > 0 ? `+${shortNumber(change)}` : shortNumber(change);
}

/**
 * A number for reading at a glance: integers in full, fractions to 4 significant digits (which also
 * hides binary noise such as `0.30000000000000004`), large fractions rounded to integers.
 */
export function shortNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15) return value.toPrecision(4);
  if (Number.isInteger(value)) return String(value);
  if (magnitude >= 1e4) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

function alignRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, column) => cell.padEnd(widths[column]!))
    .join(GAP)
    .trimEnd();
}
