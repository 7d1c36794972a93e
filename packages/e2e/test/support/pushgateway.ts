import { type BackendProcess, startBackend, tempDir } from './backend-process.js';
import { freePort } from './ports.js';
import type { ExpositionSample } from './recorded-readers.js';

/** A real Pushgateway (1.5.1 here) on 127.0.0.1, on `port` (to restart one where it was) or a free one. */
export async function startPushgateway(port?: number): Promise<BackendProcess & { port: number }> {
  const chosen = port ?? (await freePort());
  const dataDir = await tempDir('meterkit-e2e-pushgateway-');
  const backend = await startBackend(
    'prometheus-pushgateway',
    [`--web.listen-address=127.0.0.1:${chosen}`, '--persistence.file=', '--log.level=warn'],
    { baseUrl: `http://127.0.0.1:${chosen}`, dataDir },
  );
  return Object.assign(backend, { port: chosen });
}

interface GatewayMetric {
  labels: Record<string, string>;
  value?: string;
  count?: string;
  sum?: string;
  buckets?: Record<string, string>;
  quantiles?: Record<string, string>;
}

const GROUP_FIELDS = new Set([
  'labels',
  'last_push_successful',
  'push_time_seconds',
  'push_failure_time_seconds',
]);

/**
 * The samples of the group whose `job` is `job`, read through `GET /api/v1/metrics` (the gateway's
 * JSON API) and flattened into exposition style (`_bucket{le}`, `_sum`, `_count`, `{quantile}`).
 */
export async function gatewaySamples(baseUrl: string, job: string): Promise<ExpositionSample[] | undefined> {
  const response = await fetch(`${baseUrl}/api/v1/metrics`);
  const body = (await response.json()) as { data: Array<Record<string, unknown>> };
  const group = body.data.find((g) => (g.labels as Record<string, string>).job === job);
  if (group === undefined) return undefined;
  const samples: ExpositionSample[] = [];
  for (const [name, family] of Object.entries(group)) {
    if (GROUP_FIELDS.has(name)) continue;
    for (const metric of (family as { metrics: GatewayMetric[] }).metrics) {
      const { labels } = metric;
      if (metric.value !== undefined) samples.push({ name, labels, value: Number(metric.value) });
      for (const [le, count] of Object.entries(metric.buckets ?? {}))
        samples.push({ name: `${name}_bucket`, labels: { ...labels, le }, value: Number(count) });
      for (const [quantile, value] of Object.entries(metric.quantiles ?? {}))
        samples.push({ name, labels: { ...labels, quantile }, value: Number(value) });
      if (metric.sum !== undefined) samples.push({ name: `${name}_sum`, labels, value: Number(metric.sum) });
      if (metric.count !== undefined)
        samples.push({ name: `${name}_count`, labels, value: Number(metric.count) });
    }
  }
  return samples;
}
