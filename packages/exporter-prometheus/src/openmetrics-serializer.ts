import type { HistogramPoint, MetricSnapshot, Snapshot } from '@meterkit/core';
import { writeExpositionBytes } from './exposition-byte-writer.js';
import { type ExpositionDialect, type SerializeOptions, writeExposition } from './exposition-writer.js';
import { escapeOpenMetricsHelp } from './label-escaping.js';
import type { ExposedNames } from './metric-naming.js';
import { formatCanonicalFloat } from './number-format.js';

/** The Content-Type of OpenMetrics 1.0 text. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** Timers are histograms of seconds; every other type keeps its name. */
const OPENMETRICS_TYPES: Record<MetricSnapshot['type'], string> = {
  counter: 'counter',
  gauge: 'gauge',
  info: 'info',
  histogram: 'histogram',
  timer: 'histogram',
  summary: 'summary',
};

/**
 * A sum OpenMetrics accepts: "Sum [...] values are counters so MUST NOT be NaN or negative" (1.0,
 * Histogram and Summary). +Inf is neither.
 */
function isCounterSum(sum: number): boolean {
  return sum >= 0;
}

/**
 * OpenMetrics 1.0, Histogram: "Negative threshold buckets MAY be used, but then the Histogram
 * MetricPoint MUST NOT contain a sum value", a sum "MUST NOT be NaN or negative", and "If and only if
 * a Sum Value is present in a MetricPoint, then the MetricPoint's +Inf Bucket value MUST also appear
 * in a Sample with a MetricName with the suffix `_count`". So a series with a negative bound or a
 * negative (or NaN) sum writes its buckets only; the count is still its `+Inf` bucket.
 */
function histogramHasSum(point: HistogramPoint): boolean {
  const lowest = point.buckets[0];
  return (lowest === undefined || lowest.upperBound >= 0) && isCounterSum(point.sum);
}

/**
 * OpenMetrics specifics: "The ordering SHOULD be TYPE, UNIT, HELP", families are named without the
 * `_total`/`_info` sample suffix, `le`/`quantile` values are canonical floats, and the exposition
 * "MUST end with EOF" (Prometheus marks a target down otherwise). The optional `_created` samples
 * are written only when asked for (`createdTimestamps`): Prometheus 2.x stores them as separate series.
 */
export const openMetricsDialect: ExpositionDialect = {
  header(metric: MetricSnapshot, names: ExposedNames): string {
    const family = names.openMetricsFamily;
    let header = `# TYPE ${family} ${OPENMETRICS_TYPES[metric.type]}\n`;
    if (names.openMetricsUnit !== '') header += `# UNIT ${family} ${names.openMetricsUnit}\n`;
    if (metric.description !== '')
      header += `# HELP ${family} ${escapeOpenMetricsHelp(metric.description)}\n`;
    return header;
  },
  formatBound: formatCanonicalFloat,
  trailer: '# EOF\n',
  histogramHasSum,
  // Summary: Count and Sum are each optional, so only a sum that is negative or NaN is left out.
  summaryHasSum: isCounterSum,
  // "Quantile values MUST NOT be negative": such a quantile is left out (NaN, an empty window, stays).
  writesQuantileValue: (value) => !(value < 0),
  writesCreated: true,
  writesExemplars: true,
};

/** Serializes a snapshot to OpenMetrics 1.0 text, `# EOF` included. */
export function serializeOpenMetrics(snapshot: Snapshot, options?: SerializeOptions): string {
  return Buffer.concat([...openMetricsBytes(snapshot, options)]).toString('utf8');
}

/** Serializes a snapshot to OpenMetrics 1.0 in chunks; the last chunk ends with `# EOF\n`. */
export function openMetricsChunks(
  snapshot: Snapshot,
  options?: SerializeOptions,
): Generator<string, void, undefined> {
  return writeExposition(snapshot, openMetricsDialect, options);
}

/**
 * The same exposition as UTF-8 bytes, in pieces of about `options.linesPerChunk` lines (views of one
 * growing buffer): what the scrape handler sends, with a yield to the event loop between pieces.
 */
export function openMetricsBytes(
  snapshot: Snapshot,
  options?: SerializeOptions,
): Generator<Buffer, void, undefined> {
  return writeExpositionBytes(snapshot, openMetricsDialect, options);
}
