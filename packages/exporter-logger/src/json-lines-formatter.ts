import type { FlushReport } from './flush-report.js';
import { isoTime, type LogEntry, type MetricFormatter } from './metric-formatter.js';
import { seriesRecord } from './series-record.js';

/**
 * JSON Lines (https://jsonlines.org): one object per series per flush, so each line stays small
 * and every log pipeline can index it without splitting arrays. Example:
 *
 * `{"time":"2025-01-01T00:00:00.000Z","metric":"app_requests","type":"counter","tags":{"method":"GET"},"value":12}`
 *
 * Histograms carry `count`, `sum`, `min`, `max`, the configured quantiles (`p50`, `p99`) and
 * `buckets` as `[upperBound, cumulativeCount]` pairs. NaN and infinities are the strings `"NaN"`,
 * `"+Inf"`, `"-Inf"`, because JSON has no such numbers. With exemplars on, counters and histograms
 * carry `exemplars: [{ tags, value, time }]` (the only format that shows them).
 */
export class JsonLinesFormatter implements MetricFormatter {
  format(report: FlushReport): LogEntry[] {
    const time = isoTime(report.timestamp);
    return report.series.map((series) => {
      const record = seriesRecord(series, true);
      return { line: JSON.stringify({ time, ...record }), record };
    });
  }
}
