import {
  type BackendProcess,
  freePort,
  groupSamples,
  readGroups,
  startBackend,
  tempDir,
} from '@meterkit/test-support';
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

/**
 * The samples of the group whose `job` is `job`, read through the gateway's JSON API and flattened
 * into exposition style (`_bucket{le}`, `_sum`, `_count`, `{quantile}`); undefined while it has none.
 */
export async function gatewaySamples(baseUrl: string, job: string): Promise<ExpositionSample[] | undefined> {
  const group = (await readGroups(baseUrl)).find((g) => g.labels.job === job);
  return group === undefined ? undefined : groupSamples(group);
}
