import { DuplicateMetricError } from '../errors.js';
import { isClassicMetricName } from '../names.js';
import { type PrometheusNameKind, prometheusSampleName } from '../prometheus-compatible-name.js';
import type { MetricStore } from './metric-store.js';

/** Per store: Prometheus sample name → the full meterkit name that claimed it. */
const claimsByStore = new WeakMap<MetricStore, Map<string, string>>();

/**
 * Refuses a metric whose Prometheus name is that of another metric when a translated (dotted or
 * UTF-8) name is involved: `http.requests` and `http_requests` would be one series to a scraper,
 * a silent merge. Two classic names keep today's behaviour (the exporter leaves the second out and
 * reports it), so existing code behaves exactly as before. A claim of an unregistered metric lapses.
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
  const prometheusName = prometheusSampleName(fullName, kind, unit);
  const holder = claims.get(prometheusName);
  if (holder !== undefined && holder !== fullName && store.entries.has(holder)) {
    if (!isClassicMetricName(holder) || !isClassicMetricName(fullName)) {
      throw new DuplicateMetricError(
        fullName,
        `"${fullName}" and "${holder}" both become the Prometheus name "${prometheusName}"`,
      );
    }
    return;
  }
  claims.set(prometheusName, fullName);
}
