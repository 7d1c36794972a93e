import { DuplicateMetricError } from '../errors.js';
import { isClassicMetricName } from '../names.js';
import { type PrometheusNameKind, prometheusSampleName } from '../prometheus-compatible-name.js';
import type { MetricStore } from './metric-store.js';

/** Per store: Prometheus family or sample name → the full meterkit name that claimed it. */
const claimsByStore = new WeakMap<MetricStore, Map<string, string>>();

/**
 * Every name a metric takes in the Prometheus formats: its sample name, the families of text 0.0.4
 * and OpenMetrics (a counter's family drops `_total`, an info's `_info`) and the `_bucket`, `_sum`
 * and `_count` samples of histograms and summaries. Gauge `a.bucket` (→ `a_bucket`) would otherwise
 * collide with histogram `a`'s buckets unnoticed until a scrape.
 */
function claimedNames(sample: string, kind: PrometheusNameKind): string[] {
  switch (kind) {
    case 'counter':
      return sample.endsWith('_total') ? [sample, sample.slice(0, -'_total'.length)] : [sample];
    case 'info':
      return sample.endsWith('_info') ? [sample, sample.slice(0, -'_info'.length)] : [sample];
    case 'histogram':
    case 'timer':
      return [sample, `${sample}_bucket`, `${sample}_sum`, `${sample}_count`];
    case 'summary':
      return [sample, `${sample}_sum`, `${sample}_count`];
    default:
      return [sample];
  }
}

/**
 * Refuses a metric whose Prometheus names (sample, family, `_bucket`/`_sum`/`_count`) meet those of
 * another metric when a translated (dotted or UTF-8) name is involved: `http.requests` and
 * `http_requests` would be one series to a scraper, a silent merge. Two classic names keep today's
 * behaviour (the exporter leaves the second out and reports it), so existing code behaves exactly
 * as before. A claim of an unregistered metric lapses.
 */
export function claimPrometheusName(
  store: MetricStore,
  fullName: string,
  kind: PrometheusNameKind,
  unit: string,
): void {
  let claims = claimsByStore.get(store);
  if (claims === undefined) {
    claims = new Map();
    claimsByStore.set(store, claims);
  }
  const names = claimedNames(prometheusSampleName(fullName, kind, unit), kind);
  const free: string[] = [];
  for (const prometheusName of names) {
    const holder = claims.get(prometheusName);
    if (holder === undefined || holder === fullName || !store.entries.has(holder)) {
      free.push(prometheusName);
    } else if (!isClassicMetricName(holder) || !isClassicMetricName(fullName)) {
      throw new DuplicateMetricError(
        fullName,
        `"${fullName}" and "${holder}" both become the Prometheus name "${prometheusName}"`,
      );
    }
  }
  for (const prometheusName of free) claims.set(prometheusName, fullName);
}
