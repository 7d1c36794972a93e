import { createProvider } from '@meterkit/core';
import {
  type BackendProcess,
  eventually,
  findGroup,
  freePort,
  groupSamples,
  queryVector,
  startBackend,
  startPrometheus,
  tempDir,
} from '@meterkit/test-support';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PushgatewayClient } from '../src/pushgateway-client.js';
import { type StandaloneServer, startServer } from '../src/standalone-server.js';
import { httpRequest } from './helpers/http-client.js';
import { parseOpenMetricsStrictly } from './helpers/openmetrics-parser.js';

/*
 * Issue 16: a series dropped by remove(), clear() or expiry is absent from the next scrape, so a real
 * Prometheus 2.42 marks it stale (an instant query stops returning it at once, not after the 5 m
 * lookback); a real Pushgateway loses it on the next push (PUT replaces the group); opt-in
 * OpenMetrics `_created` lines carry each series' start time and pass the strict Python parser.
 */

vi.setConfig({ testTimeout: 60_000 });

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function scrape(server: StandaloneServer, accept: string): Promise<string> {
  return (await httpRequest(`${server.url}/metrics`, { headers: { Accept: accept } })).body;
}

describe('series lifecycle on Prometheus', () => {
  it('a removed series ends in PromQL after the next scrape (stale marker), the other stays', async () => {
    const provider = await createProvider({
      provider: 'prometheus',
      namespace: 'lifecycle',
      prometheus: { minCollectionInterval: 0 },
    });
    const server = await startServer(provider, { port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await server.close();
      await provider.stop();
    });
    const jobs = provider.counter('jobs_total');
    jobs.withTags({ queue: 'gone' }).add(5);
    jobs.withTags({ queue: 'kept' }).add(7);
    const hostPort = new URL(server.url).host;
    const prometheus: BackendProcess = await startPrometheus(
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: lifecycle\n    static_configs:\n      - targets: ['${hostPort}']\n`,
    );
    cleanups.push(() => prometheus.stop());
    const queues = async () =>
      (await queryVector(prometheus.baseUrl, 'lifecycle_jobs_total'))
        .map((r) => `${r.metric.queue}=${r.value[1]}`)
        .sort();
    await eventually(
      'both series scraped',
      async () => ((await queues()).length === 2 ? true : undefined),
      40_000,
    );
    expect(await queues()).toEqual(['gone=5', 'kept=7']);

    expect(jobs.remove({ queue: 'gone' })).toBe(true);
    // Stale within a few scrapes: far sooner than the 5-minute lookback would hide a merely absent series.
    await eventually(
      'the removed series to end',
      async () => ((await queues()).length === 1 ? true : undefined),
      20_000,
    );
    expect(await queues()).toEqual(['kept=7']);

    // Recording through the same tags again starts a new series from zero.
    jobs.withTags({ queue: 'gone' }).add(2);
    await eventually('the re-created series', async () =>
      (await queues()).includes('gone=2') ? true : undefined,
    );
  });

  it('createdTimestamps writes _created lines from the per-series start time; the strict parser accepts them', async () => {
    const provider = await createProvider({
      provider: 'prometheus',
      prometheus: { createdTimestamps: true, minCollectionInterval: 0 },
    });
    const server = await startServer(provider, { port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await server.close();
      await provider.stop();
    });
    const before = Date.now();
    provider.counter('orders_total').withTags({ shop: 'a' }).add(3);
    provider
      .histogram('size', { buckets: [1] })
      .withTags({ shop: 'a' })
      .observe(0.5);
    provider.summary('latency').withTags({ shop: 'a' }).observe(2);
    provider.gauge('depth').set(4);
    const families = await parseOpenMetricsStrictly(
      await scrape(server, 'application/openmetrics-text;version=1.0.0'),
    );
    const createdOf = (family: string) =>
      families.find((f) => f.name === family)?.samples.find((s) => s.name === `${family}_created`)?.value;
    for (const family of ['orders', 'size', 'latency']) {
      const created = createdOf(family);
      expect(created, family).toBeGreaterThanOrEqual(Math.floor(before / 1000) - 1);
      expect(created, family).toBeLessThanOrEqual(Date.now() / 1000);
    }
    expect(families.find((f) => f.name === 'depth')!.samples.map((s) => s.name)).toEqual(['depth']);

    // Removal and re-creation: the new series has a later _created.
    const firstCreated = createdOf('orders')!;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    provider.counter('orders_total').remove({ shop: 'a' });
    provider.counter('orders_total').withTags({ shop: 'a' }).inc();
    const again = await parseOpenMetricsStrictly(
      await scrape(server, 'application/openmetrics-text;version=1.0.0'),
    );
    const orders = again.find((f) => f.name === 'orders')!;
    expect(orders.samples.find((s) => s.name === 'orders_total')!.value).toBe(1);
    expect(orders.samples.find((s) => s.name === 'orders_created')!.value).toBeGreaterThan(firstCreated + 1);

    // Text 0.0.4 has no _created lines, and without the option OpenMetrics has none either.
    expect(await scrape(server, 'text/plain;version=0.0.4')).not.toContain('_created');
  });

  it('remote write: a removed series gets a stale marker, so PromQL stops returning it at once', async () => {
    const prometheus = await startPrometheus('global: {}\n', 'meterkit-lifecycle-rw-', {
      flags: ['--web.enable-remote-write-receiver'],
    });
    cleanups.push(() => prometheus.stop());
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'remote-write',
      namespace: 'rwlife',
      remoteWrite: { url: `${prometheus.baseUrl}/api/v1/write`, interval: '200ms', labels: { job: 'life' } },
      onError: (error) => errors.push(error),
    });
    cleanups.push(() => provider.stop());
    await provider.start();
    const depth = provider.gauge('queue_depth');
    depth.withTags({ queue: 'gone' }).set(1);
    depth.withTags({ queue: 'kept' }).set(2);
    const queues = async () =>
      (await queryVector(prometheus.baseUrl, 'rwlife_queue_depth')).map((r) => r.metric.queue).sort();
    await eventually('both series written', async () => ((await queues()).length === 2 ? true : undefined));
    depth.remove({ queue: 'gone' });
    await eventually('the stale marker', async () => ((await queues()).length === 1 ? true : undefined));
    expect(await queues()).toEqual(['kept']);
    expect(errors).toEqual([]);
  });

  it('the next push to a real Pushgateway replaces the group: a removed series is gone there', async () => {
    const port = await freePort();
    const gateway = await startBackend(
      'prometheus-pushgateway',
      [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'],
      { baseUrl: `http://127.0.0.1:${port}`, dataDir: await tempDir('meterkit-lifecycle-pgw-') },
    );
    cleanups.push(() => gateway.stop());
    const provider = await createProvider({ provider: 'memory' });
    cleanups.push(() => provider.stop());
    const client = new PushgatewayClient({ url: gateway.baseUrl, job: 'lifecycle', retries: 0 });
    const tenants = provider.gauge('tenant_sessions');
    tenants.withTags({ tenant: 'a' }).set(3);
    tenants.withTags({ tenant: 'b' }).set(4);
    const pushedTenants = async () => {
      const group = await findGroup(gateway.baseUrl, { job: 'lifecycle' });
      return group === undefined
        ? undefined
        : groupSamples(group)
            .filter((s) => s.name === 'tenant_sessions')
            .map((s) => `${s.labels.tenant}=${s.value}`)
            .sort();
    };
    await client.push(await provider.registry().snapshot());
    expect(await eventually('first push', pushedTenants)).toEqual(['a=3', 'b=4']);
    tenants.remove({ tenant: 'a' });
    await client.push(await provider.registry().snapshot());
    await eventually('the removed series gone from the group', async () => {
      const now = await pushedTenants();
      return now !== undefined && now.length === 1 ? now : undefined;
    });
    expect(await pushedTenants()).toEqual(['b=4']);
  });
});
