import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import {
  type ExpositionDialect,
  type SerializeOptions,
  writeExposition,
  writeExpositionString,
} from './exposition-writer.js';
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
 * OpenMetrics specifics: "The ordering SHOULD be TYPE, UNIT, HELP", families are named without the
 * `_total`/`_info` sample suffix, `le`/`quantile` values are canonical floats, and the exposition
 * "MUST end with EOF" (Prometheus marks a target down otherwise). The optional `_created` samples
 * are not written: Prometheus 2.x would store them as separate series.
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
};

/** Serializes a snapshot to OpenMetrics 1.0 text, `# EOF` included. */
export function serializeOpenMetrics(snapshot: Snapshot, options?: SerializeOptions): string {
  return writeExpositionString(snapshot, openMetricsDialect, options);
}

/** Serializes a snapshot to OpenMetrics 1.0 in chunks; the last chunk ends with `# EOF\n`. */
export function openMetricsChunks(
  snapshot: Snapshot,
  options?: SerializeOptions,
): Generator<string, void, undefined> {
  return writeExposition(snapshot, openMetricsDialect, options);
}
