import type { BackendSample } from './prometheus-api.js';

interface GatewayMetric {
  labels: Record<string, string>;
  value?: string;
  count?: string;
  sum?: string;
  buckets?: Record<string, string>;
  quantiles?: Record<string, string>;
}

interface GatewayFamily {
  type: string;
  help?: string;
  metrics: GatewayMetric[];
}

/** One group of the Pushgateway: its grouping labels and metric families. */
export interface GatewayGroup {
  readonly labels: Record<string, string>;
  readonly families: Record<string, GatewayFamily>;
}

/** The fields of a group in the JSON API that are not metric families. */
const GROUP_FIELDS = new Set([
  'labels',
  'last_push_successful',
  'push_time_seconds',
  'push_failure_time_seconds',
]);

/** Reads every group through `GET /api/v1/metrics` (the gateway's JSON API). */
export async function readGroups(baseUrl: string): Promise<GatewayGroup[]> {
  const response = await fetch(`${baseUrl}/api/v1/metrics`);
  const body = (await response.json()) as { data: Array<Record<string, unknown>> };
  return body.data.map((group) => {
    const families: Record<string, GatewayFamily> = {};
    for (const [name, family] of Object.entries(group)) {
      if (!GROUP_FIELDS.has(name)) families[name] = family as GatewayFamily;
    }
    return { labels: group.labels as Record<string, string>, families };
  });
}

/** The group whose grouping labels are exactly these, if any. */
export async function findGroup(
  baseUrl: string,
  labels: Record<string, string>,
): Promise<GatewayGroup | undefined> {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return (await readGroups(baseUrl)).find(
    (group) => JSON.stringify(Object.entries(group.labels).sort()) === wanted,
  );
}

/** Flattens a group into exposition-style samples (`_bucket{le}`, `_sum`, `_count`, `{quantile}`). */
export function groupSamples(group: GatewayGroup): BackendSample[] {
  const samples: BackendSample[] = [];
  for (const [name, family] of Object.entries(group.families)) {
    for (const metric of family.metrics) {
      const { labels } = metric;
      if (metric.value !== undefined) samples.push({ name, labels, value: Number(metric.value) });
      for (const [le, count] of Object.entries(metric.buckets ?? {})) {
        samples.push({ name: `${name}_bucket`, labels: { ...labels, le }, value: Number(count) });
      }
      for (const [quantile, value] of Object.entries(metric.quantiles ?? {})) {
        samples.push({ name, labels: { ...labels, quantile }, value: Number(value) });
      }
      if (metric.sum !== undefined) samples.push({ name: `${name}_sum`, labels, value: Number(metric.sum) });
      if (metric.count !== undefined)
        samples.push({ name: `${name}_count`, labels, value: Number(metric.count) });
    }
  }
  return samples;
}

/**
 * Removes every group (`PUT /api/v1/admin/wipe`, needs --web.enable-admin-api) and waits until the
 * gateway, which applies deletions asynchronously, shows none.
 */
export async function wipe(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/admin/wipe`, { method: 'PUT' });
  if (!response.ok) throw new Error(`wipe failed: ${response.status}`);
  for (let attempt = 0; (await readGroups(baseUrl)).length > 0; attempt++) {
    if (attempt > 100) throw new Error('the Pushgateway still has groups after a wipe');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
