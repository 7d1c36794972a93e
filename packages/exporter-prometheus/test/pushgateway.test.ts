import { createProvider, MetricFilters, type Provider } from '@meterkit/core';
import { type ConformanceBackend, runConformance } from '@meterkit/core/testing';
import {
  type BackendProcess,
  eventually,
  findGroup,
  freePort,
  groupSamples,
  startBackend,
  tempDir,
  wipe,
} from '@meterkit/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PushgatewayClient } from '../src/pushgateway-client.js';
import { PushgatewayError } from '../src/pushgateway-error.js';
import { toReadSeries } from './helpers/read-series.js';

/* A real Pushgateway 1.5.1, wiped before each test through its admin API. */

let gateway: BackendProcess;
const providers: Provider[] = [];

beforeAll(async () => {
  const port = await freePort();
  const dataDir = await tempDir('meterkit-pushgateway-');
  gateway = await startBackend(
    'prometheus-pushgateway',
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--persistence.file=',
      '--web.enable-admin-api',
      '--log.level=warn',
    ],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir },
  );
}, 20_000);

afterAll(async () => {
  await Promise.all(providers.map((provider) => provider.stop()));
  await gateway?.stop();
});

beforeEach(async () => {
  await wipe(gateway.baseUrl);
});

function client(job: string, groupings?: Record<string, string>) {
  return new PushgatewayClient({ url: gateway.baseUrl, job, groupings, retries: 0 });
}

/** The families of one group, with job and grouping labels stripped from each series. */
async function familiesOf(labels: Record<string, string>) {
  const group = await findGroup(gateway.baseUrl, labels);
  return group === undefined ? undefined : group.families;
}

/** DELETE answers 202 Accepted and is applied asynchronously by the gateway. */
async function groupGone(labels: Record<string, string>): Promise<void> {
  await eventually(`group ${JSON.stringify(labels)} to be deleted`, async () =>
    (await findGroup(gateway.baseUrl, labels)) === undefined ? true : undefined,
  );
}

describe('PushgatewayClient against Pushgateway 1.5.1', () => {
  it('pushes every metric type and reads it back through /api/v1/metrics', async () => {
    const provider = await createProvider({ provider: 'memory', namespace: 'batch' });
    providers.push(provider);
    provider.counter('rows', { description: 'Rows imported' }).withTags({ table: 'users' }).add(120);
    provider.gauge('last_success', { description: 'Unix time of the last success' }).set(1_700_000_000);
    const sizes = provider.histogram('row_bytes', { description: 'Row sizes', buckets: [10, 100] });
    for (const size of [5, 50, 500]) sizes.observe(size);
    const duration = provider.summary('step_seconds', { description: 'Step durations', quantiles: [0.5] });
    for (const seconds of [1, 2, 3]) duration.observe(seconds);
    await client('import', { instance: 'host/1' }).push(await provider.registry().snapshot());

    const families = await familiesOf({ job: 'import', instance: 'host/1' });
    expect(families?.batch_rows_total?.type).toBe('COUNTER');
    expect(families?.batch_rows_total?.metrics).toEqual([
      { labels: { instance: 'host/1', job: 'import', table: 'users' }, value: '120' },
    ]);
    expect(families?.batch_last_success?.metrics[0]?.value).toBe('1.7e+09');
    expect(families?.batch_row_bytes?.type).toBe('HISTOGRAM');
    expect(families?.batch_row_bytes?.metrics[0]).toMatchObject({
      buckets: { '10': '1', '100': '2', '+Inf': '3' },
      count: '3',
      sum: '555',
    });
    expect(families?.batch_step_seconds?.type).toBe('SUMMARY');
    expect(Number(families?.batch_step_seconds?.metrics[0]?.quantiles?.['0.5'])).toBeCloseTo(2, 1);
  });

  it('push replaces the whole group, pushAdd only the metrics it sends, delete removes the group', async () => {
    const group = client('semantics');
    await group.push('# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n');
    await group.pushAdd('# TYPE a gauge\na 2\n');
    let families = await familiesOf({ job: 'semantics' });
    expect(families?.a?.metrics[0]?.value).toBe('2');
    expect(families?.b?.metrics[0]?.value).toBe('1');
    await group.push('# TYPE a gauge\na 3\n');
    families = await familiesOf({ job: 'semantics' });
    expect(families?.a?.metrics[0]?.value).toBe('3');
    expect(families?.b).toBeUndefined();
    await group.delete();
    await groupGone({ job: 'semantics' });
  });

  it('surfaces a type conflict with an earlier push as a PushgatewayError carrying the gateway message', async () => {
    await client('first').push('# TYPE shared_total counter\nshared_total 1\n');
    const error = await client('second')
      .push('# TYPE shared_total gauge\nshared_total 5\n')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect((error as PushgatewayError).status).toBe(400);
    expect((error as PushgatewayError).message).toMatch(
      /^Pushgateway PUT http:\/\/127\.0\.0\.1:\d+\/metrics\/job\/second was rejected with 400: pushed metrics are invalid or inconsistent with existing metrics: .*shared_total.* is not a (GAUGE|COUNTER)$/,
    );
  });
});

describe('PrometheusExporter pushing through createProvider', () => {
  it('pushes every pushInterval, pushes a final time on stop(), and reports rejections', async () => {
    const errors: string[] = [];
    const provider = await createProvider({
      provider: 'prometheus',
      prometheus: {
        pushGateway: gateway.baseUrl,
        pushInterval: 100,
        pushJobName: 'periodic',
        groupings: { instance: 'w1' },
      },
      onError: (error) => errors.push(error.message),
    });
    providers.push(provider);
    const processed = provider.counter('processed', { description: 'Items processed' });
    processed.add(3);
    await provider.start();
    const first = await eventually('the first periodic push', async () => {
      const families = await familiesOf({ job: 'periodic', instance: 'w1' });
      return families?.processed_total?.metrics[0]?.value;
    });
    expect(first).toBe('3');
    processed.add(4);
    await provider.stop();
    const families = await familiesOf({ job: 'periodic', instance: 'w1' });
    expect(families?.processed_total?.metrics[0]?.value).toBe('7');
    expect(errors).toEqual([]);
  });

  it('deletes its group on stop() with deleteOnStop, and reports a rejected push to onError', async () => {
    await client('other').push('# TYPE clash_total gauge\nclash_total 1\n');
    const errors: string[] = [];
    const provider = await createProvider({
      provider: 'prometheus',
      prometheus: {
        pushGateway: gateway.baseUrl,
        pushInterval: '1h',
        pushJobName: 'short',
        deleteOnStop: true,
        pushRetries: 0,
      },
      onError: (error) => errors.push(error.message),
    });
    providers.push(provider);
    provider.counter('clash', { description: 'Clashes with a gauge of another group' }).inc();
    await provider.start();
    await provider.stop();
    expect(
      errors.some((message) => message.includes('rejected with 400') && message.includes('clash_total')),
    ).toBe(true);
    expect(await familiesOf({ job: 'short' })).toBeUndefined();

    const clean = await createProvider({
      provider: 'prometheus',
      prometheus: { pushGateway: gateway.baseUrl, pushJobName: 'tidy', deleteOnStop: true },
    });
    clean.gauge('up_flag').set(1);
    await clean.stop();
    await groupGone({ job: 'tidy' });
  });
  it('pushes no e-mail address when MetricFilters.redactTagValues() is configured', async () => {
    const provider = await createProvider({
      provider: 'prometheus',
      filters: [MetricFilters.redactTagValues()],
      prometheus: { pushGateway: gateway.baseUrl, pushJobName: 'redacted', groupings: { instance: 'r1' } },
    });
    providers.push(provider);
    const logins = provider.counter('logins', { description: 'Logins by user' });
    logins.withTags({ user: 'ada@example.com' }).inc();
    logins.withTags({ user: 'grace.hopper@example.org' }).add(2);
    logins.withTags({ user: 'guest' }).inc();
    provider.info('build', { description: 'Build' }).set({ owner: 'ops@example.com', version: '1.2.3' });
    await provider.stop(); // the final push
    const group = await findGroup(gateway.baseUrl, { job: 'redacted', instance: 'r1' });
    expect(JSON.stringify(group)).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    const byUser = Object.fromEntries(
      (group?.families.logins_total?.metrics ?? []).map((m) => [m.labels.user, m.value]),
    );
    expect(byUser).toEqual({ redacted: '3', guest: '1' });
    expect(group?.families.build_info?.metrics[0]?.labels.owner).toBe('redacted');
  });
});

describe('conformance through the Pushgateway', () => {
  it('passes, read back through /api/v1/metrics', async () => {
    const backend: ConformanceBackend = {
      name: 'pushgateway 1.5.1',
      config: () => ({
        provider: 'prometheus',
        prometheus: {
          pushGateway: gateway.baseUrl,
          pushJobName: 'conformance',
          groupings: { instance: 'suite' },
        },
      }),
      async read(provider) {
        const snapshot = await provider.registry().snapshot();
        await provider.stop();
        const group = await findGroup(gateway.baseUrl, { job: 'conformance', instance: 'suite' });
        if (group === undefined) throw new Error('the final push did not arrive');
        return toReadSeries(groupSamples(group), snapshot, ['job', 'instance']);
      },
    };
    await runConformance(backend);
  });
});
