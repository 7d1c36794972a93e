import {
  type BackendProcess,
  eventually,
  querySamples,
  queryScalar,
  startPrometheus,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { differences, EXACT } from './support/compare.js';
import { expectCleanExit, expectServing, HEAP_GROWTH_BOUND, waitForErrors } from './support/fault-checks.js';
import { FaultyProxy, type ProxyBehaviour } from './support/faulty-proxy.js';
import { recordedFromExposition } from './support/recorded-readers.js';
import { drive, expectedFrom, type WorkItem, workPlan } from './support/traffic.js';

/*
 * Remote write into a real Prometheus 2.42 (--web.enable-remote-write-receiver) through a proxy
 * that plays the faults: the receiver down at start and mid-run (connections reset), answering 500,
 * 429 with Retry-After, and 400. Prometheus itself refuses out-of-order samples, so its
 * `prometheus_tsdb_out_of_order_samples_total` staying 0 proves the exporter never sent a series'
 * samples out of order, retries included. The app keeps serving, nothing escapes into it, its heap
 * stays bounded by the queue, and after recovery the store holds exactly what was recorded.
 */

const FORWARD: ProxyBehaviour = { kind: 'forward' };
let prometheus: BackendProcess;
const apps: AppProcess[] = [];
const proxies: FaultyProxy[] = [];

beforeAll(async () => {
  prometheus = await startPrometheus('global: {}\n', 'meterkit-e2e-rw-', {
    flags: ['--web.enable-remote-write-receiver'],
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await prometheus?.stop();
});

/** An app pushing every 100 ms through a fresh proxy; `job` keeps each case's series apart. */
async function app(job: string, behaviour: ProxyBehaviour, config: Record<string, unknown> = {}) {
  const proxy = await FaultyProxy.start(prometheus.baseUrl);
  proxies.push(proxy);
  proxy.behaviour = () => behaviour;
  const started = await AppProcess.start({
    METERKIT_PROVIDER: 'remote-write',
    METERKIT_NAMESPACE: 'e2e',
    METERKIT_REMOTE_WRITE_URL: `${proxy.url}/api/v1/write`,
    METERKIT_REMOTE_WRITE_INTERVAL: '100ms',
    METERKIT_REMOTE_WRITE_LABELS: `job=${job}`,
    E2E_CONFIG_JSON: JSON.stringify({ remoteWrite: { maxBackoff: '200ms', ...config } }),
    E2E_BALLAST_SERIES: '3000',
  });
  apps.push(started);
  return { proxy, target: started };
}

/** Prometheus holds exactly what the items recorded, for `job`. */
async function expectStoreHolds(job: string, items: readonly WorkItem[]): Promise<void> {
  const diff = async () =>
    differences(
      recordedFromExposition(await querySamples(prometheus.baseUrl, `{job="${job}", __name__=~"e2e_.+"}`)),
      expectedFrom(items),
      EXACT,
    );
  await eventually(`Prometheus to hold job ${job}`, async () =>
    (await diff()).length === 0 ? true : undefined,
  ).catch(() => undefined);
  expect(await diff()).toEqual([]);
}

/** Heap growth (after a GC) over `ms` of a failing receiver: the queue bound must hold it. */
async function heapGrowthOver(target: AppProcess, ms: number): Promise<number> {
  const before = await target.stats();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return (await target.stats()).heapUsed - before.heapUsed;
}

async function expectNothingOutOfOrder(): Promise<void> {
  const text = await (await fetch(`${prometheus.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('prometheus_tsdb_out_of_order_samples_total'));
  expect(line, 'Prometheus exposes its out-of-order counter').toBeDefined();
  expect(Number(line!.split(' ').pop())).toBe(0);
}

describe.concurrent('remote write faults', () => {
  it.each([
    ['down at start', { kind: 'drop' } as const, /failed; retrying/],
    ['answering 500', { kind: 'status', status: 500 } as const, /answered 500; retrying/],
    [
      'answering 429 with Retry-After',
      { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } as const,
      /answered 429; retrying/,
    ],
  ])(
    '%s: reported once, retried, bounded, and after recovery the store holds everything',
    async (name, fault, message) => {
      const job = name.replace(/\W+/g, '_');
      // A queue of 20,000 samples: a few pushes of the app's ~3,100 series, so the bound is reached.
      const { proxy, target } = await app(job, fault, { maxQueuedSamples: 20_000 });
      const plan = workPlan(40);
      await drive(target, plan.slice(0, 20));
      await waitForErrors(target, 1, 'remote-write');
      await expectServing(target);
      expect(await heapGrowthOver(target, 1500)).toBeLessThan(HEAP_GROWTH_BOUND);
      expect(target.eventsOf('meterkit-error').map((e) => String(e.message))).toContainEqual(
        expect.stringMatching(message),
      );
      if (fault.kind === 'status' && fault.status === 429) {
        // Retry-After: 1 is honoured: no two attempts of the outage less than ~1 s apart.
        const times = proxy.seen.filter((s) => s.answered === 429).map((s) => s.at);
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        expect(gaps.length).toBeGreaterThan(0);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
      }
      proxy.behaviour = () => FORWARD;
      await drive(target, plan.slice(20));
      await expectStoreHolds(job, plan);
      const exit = await target.stop();
      expectCleanExit(exit, target);
      await expectStoreHolds(job, plan);
      // The outage outlasted the queue: drops were counted in the self-metric that reached the store.
      expect(
        await queryScalar(
          prometheus.baseUrl,
          `sum(meterkit_remote_write_dropped_samples_total{job="${job}",reason="queue_full"})`,
        ),
      ).toBeGreaterThan(0);
      await expectNothingOutOfOrder();
    },
  );

  it('down mid-run: retried after the outage, nothing out of order, everything there at stop', async () => {
    const { proxy, target } = await app('down_mid_run', FORWARD);
    const plan = workPlan(60);
    await drive(target, plan.slice(0, 20));
    await expectStoreHolds('down_mid_run', plan.slice(0, 20));
    proxy.behaviour = () => ({ kind: 'drop' });
    await drive(target, plan.slice(20, 40));
    await waitForErrors(target, 1, 'remote-write');
    await expectServing(target);
    proxy.behaviour = () => FORWARD;
    await drive(target, plan.slice(40));
    const exit = await target.stop();
    expectCleanExit(exit, target);
    await expectStoreHolds('down_mid_run', plan);
    await expectNothingOutOfOrder();
  });

  it('answering 400: the request is dropped and reported, not retried; later pushes restore the totals', async () => {
    const { proxy, target } = await app('bad_request', { kind: 'status', status: 400, body: 'bad labels' });
    const plan = workPlan(40);
    await drive(target, plan.slice(0, 20));
    const stats = await waitForErrors(target, 2, 'remote-write');
    expect(stats.errors.total).toBeGreaterThanOrEqual(2);
    expect(target.eventsOf('meterkit-error').map((e) => String(e.message))).toContainEqual(
      expect.stringMatching(/rejected with 400; \d+ samples dropped: bad labels/),
    );
    // Each push met the 400 (the unit tests of SendQueue prove a 400 is never retried).
    const rejected = proxy.seen.filter((s) => s.answered === 400).length;
    expect(rejected).toBeGreaterThanOrEqual(2);
    proxy.behaviour = () => FORWARD;
    await drive(target, plan.slice(20));
    const exit = await target.stop();
    expectCleanExit(exit, target);
    // Cumulative values: the pushes after the 400s carry everything the dropped ones did.
    await expectStoreHolds('bad_request', plan);
    await expectNothingOutOfOrder();
  });

  it('still down at stop(): stop() resolves within the export timeout, reports the loss, exits cleanly', async () => {
    const { target } = await app('down_at_stop', { kind: 'drop' });
    await drive(target, workPlan(10));
    await waitForErrors(target, 1, 'remote-write');
    const exit = await target.stop();
    expectCleanExit(exit, target);
    expect(target.eventsOf('meterkit-error').map((e) => String(e.message))).toContainEqual(
      expect.stringMatching(/samples not sent before stop\(\) timed out/),
    );
  });
});
