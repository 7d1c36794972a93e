import { PROMETHEUS_UNIT } from '../prometheus-compatible-name.js';
import type { MetricNameParts } from '../snapshot.js';

export {
  prometheusCompatibleName,
  prometheusLabelName,
  prometheusSampleName,
  prometheusUnit,
} from '../prometheus-compatible-name.js';

/**
 * A metric's name with its namespace and subsystem joined by `separator`: StatsD and Graphite want
 * `myapp.http.requests` where Prometheus has `myapp_http_requests`. Uses the parts core recorded
 * (`MetricSnapshot.nameParts`) and never splits the full name at `_`, so a runtime metric
 * (`nodejs_heap_size_total_bytes`, never prefixed), a renamed metric, or a namespace that happens to
 * start a name keeps its name exactly. With `separator` `_`, or no parts, it is `metric.name`.
 */
export function joinedMetricName(
  metric: { readonly name: string; readonly nameParts?: MetricNameParts | undefined },
  separator: string,
): string {
  const parts = metric.nameParts;
  if (parts === undefined || separator === '_') return metric.name;
  let joined = parts.name;
  if (parts.subsystem) joined = `${parts.subsystem}${separator}${joined}`;
  if (parts.namespace) joined = `${parts.namespace}${separator}${joined}`;
  return joined;
}

/** UCUM codes OpenTelemetry prefers where the Prometheus table has several, plus singular words. */
const PREFERRED_UCUM: Readonly<Record<string, string>> = {
  kilobytes: 'kBy',
  second: 's',
  byte: 'By',
  bits: 'bit',
  ratio: '1',
};

const UCUM_BY_WORD: ReadonlyMap<string, string> = (() => {
  const byWord = new Map<string, string>();
  for (const [code, word] of Object.entries(PROMETHEUS_UNIT)) if (!byWord.has(word)) byWord.set(word, code);
  for (const [word, code] of Object.entries(PREFERRED_UCUM)) byWord.set(word, code);
  return byWord;
})();

/**
 * The UCUM code (OpenTelemetry's unit spelling) of a meterkit unit: `seconds` → `s`, `bytes` → `By`,
 * the inverse of the Prometheus unit table core uses (so the two translations never disagree).
 * A unit that is already a code, or has none, passes through unchanged.
 */
export function ucumUnit(unit: string): string {
  return UCUM_BY_WORD.get(unit) ?? unit;
}
