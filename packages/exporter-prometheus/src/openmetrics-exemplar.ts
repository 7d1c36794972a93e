import type { Exemplar } from '@meterkit/core';
import { escapeLabelValue } from './label-escaping.js';
import { formatSampleValue } from './number-format.js';

/**
 * The OpenMetrics exemplar suffix of a sample line, ` # {trace_id="…",span_id="…"} value timestamp`
 * (timestamp in seconds), or '' without one. Written on counters' `_total` and histograms' `_bucket`.
 */
export function exemplarSuffix(exemplar: Exemplar | undefined): string {
  if (exemplar === undefined) return '';
  const labels: string[] = [];
  for (const key in exemplar.tags) labels.push(`${key}="${escapeLabelValue(exemplar.tags[key]!)}"`);
  return ` # {${labels.join(',')}} ${formatSampleValue(exemplar.value)} ${exemplar.timestamp / 1000}`;
}
