import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import { writeExpositionBytes } from './exposition-byte-writer.js';
import { type ExpositionDialect, type SerializeOptions, writeExposition } from './exposition-writer.js';
import { escapeTextHelp } from './label-escaping.js';
import type { ExposedNames } from './metric-naming.js';
import { formatTextLabelFloat } from './number-format.js';

/** The Content-Type of the Prometheus text exposition format 0.0.4. */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The Content-Type of the text format with quoted UTF-8 names (Prometheus 3, `escaping=allow-utf-8`). */
export const PROMETHEUS_TEXT_UTF8_CONTENT_TYPE =
  'text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8';

/** Text 0.0.4 knows no `info` type: an info metric is a gauge whose value is always 1. */
const TEXT_TYPES: Record<MetricSnapshot['type'], string> = {
  counter: 'counter',
  gauge: 'gauge',
  info: 'gauge',
  histogram: 'histogram',
  timer: 'histogram',
  summary: 'summary',
};

/** Text 0.0.4 specifics: `# HELP` then `# TYPE`, named with the sample suffix for counters. */
export const prometheusTextDialect: ExpositionDialect = {
  header(metric: MetricSnapshot, names: ExposedNames): string {
    const family = names.textFamily;
    // An empty HELP is legal but promtool lints it; with no description there is no HELP line.
    const help = metric.description === '' ? '' : `# HELP ${family} ${escapeTextHelp(metric.description)}\n`;
    return `${help}# TYPE ${family} ${TEXT_TYPES[metric.type]}\n`;
  },
  formatBound: formatTextLabelFloat,
  trailer: '',
  // Text 0.0.4 has no rule against negative sums or quantiles: every line is written.
  histogramHasSum: () => true,
  summaryHasSum: () => true,
  writesQuantileValue: () => true,
};

/** Serializes a snapshot to the Prometheus text exposition format 0.0.4. */
export function serializePrometheusText(snapshot: Snapshot, options?: SerializeOptions): string {
  return Buffer.concat([...prometheusTextBytes(snapshot, options)]).toString('utf8');
}

/**
 * Serializes a snapshot to text 0.0.4 in chunks of about `options.linesPerChunk` lines, so a caller
 * can write each chunk and yield to the event loop in between.
 */
export function prometheusTextChunks(
  snapshot: Snapshot,
  options?: SerializeOptions,
): Generator<string, void, undefined> {
  return writeExposition(snapshot, prometheusTextDialect, options);
}

/**
 * The same exposition as UTF-8 bytes, in pieces of about `options.linesPerChunk` lines (views of one
 * growing buffer): what the scrape handler sends, with a yield to the event loop between pieces.
 */
export function prometheusTextBytes(
  snapshot: Snapshot,
  options?: SerializeOptions,
): Generator<Buffer, void, undefined> {
  return writeExpositionBytes(snapshot, prometheusTextDialect, options);
}
