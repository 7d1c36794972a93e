import type { FlushReport } from './flush-report.js';
import type { SeriesRecord } from './series-record.js';

/** One line of output. Structured formats also carry the record, which pino/winston log as fields. */
export interface LogEntry {
  /** The text, without a trailing newline. */
  readonly line: string;
  /** The same series as fields (JSON format only); pino and winston sinks log it instead of `line`. */
  readonly record?: SeriesRecord;
}

/** Renders one flush as log lines. Formatters are pure: all state lives in the report builder. */
export interface MetricFormatter {
  format(report: FlushReport): LogEntry[];
}

/** ISO 8601 time of a snapshot; a non-finite timestamp is written as a number instead of throwing. */
export function isoTime(timestamp: number): string {
  return Number.isFinite(timestamp) ? new Date(timestamp).toISOString() : String(timestamp);
}
