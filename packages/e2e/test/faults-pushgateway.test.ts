import { type BackendProcess, eventually, freePort } from '@meterkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { differences, EXACT } from './support/compare.js';
import {
  expectCleanExit,
  expectServing,
  HEAP_GROWTH_BOUND,
  heapGrowthWhileFailing,
  waitForErrors,
} from './support/fault-checks.js';
import { FaultyProxy } from './support/faulty-proxy.js';
import { gatewaySamples, startPushgateway } from './support/pushgateway.js';
import { recordedFromExposition } from './support/recorded-readers.js';
import { drive, expectedFrom, type WorkItem, workPlan } from './support/traffic.js';

/*
 * A real Pushgateway down at start, down mid-run, too slow (the push timeout) and answering 500
 * (through a proxy that injects the fault). Each push is a PUT of the whole cumulative snapshot, so
 * once the gateway is reachable again (at the latest on the final push of `stop()`), its group holds
 * everything recorded: nothing is lost. Meanwhile the app keeps serving, nothing escapes into it,
 * failures are reported, and the heap stays flat.
 */

const apps: AppProcess[] = [];
const gateways: BackendProcess[] = [];
const proxies: FaultyProxy[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  await Promise.all([...gateways.map((g) => g.stop()), ...proxies.map((p) => p.close())]);
});

async function gateway(port?: number) {
  const started = await startPushgateway(port);
  gateways.push(started);
  return started;
}

async function app(job: string, gatewayUrl: string): Promise<AppProcess> {
  const started = await AppProcess.start({
    METERKIT_PROVIDER: 'prometheus',
    METERKIT_NAMESPACE: 'e2e',
    METERKIT_PROMETHEUS_PUSHGATEWAY: gatewayUrl,
    METERKIT_PROMETHEUS_PUSH_INTERVAL: '100ms',
    METERKIT_PROMETHEUS_PUSH_JOB_NAME: job,
    // No variables for these: the JSON base Config carries them (one retry, 300 ms per attempt).
    E2E_CONFIG_JSON: JSON.stringify({ prometheus: { pushTimeout: '300ms', pushRetries: 1 } }),
    E2E_BALLAST_SERIES: '3000',
  });
  apps.push(started);
  return started;
}

/** The gateway's group for `job` holds exactly what the items recorded. */
async function expectGroupHolds(baseUrl: string, job: string, items: readonly WorkItem[]): Promise<void> {
  const expected = expectedFrom(items);
  const diff = async () => {
    const samples = await gatewaySamples(baseUrl, job);
    return samples === undefined
      ? ['no group']
      : differences(recordedFromExposition(samples), expected, EXACT);
  };
  // The gateway applies a PUT asynchronously: poll briefly.
  await eventually(`the gateway group ${job} to hold ${items.length} requests`, async () =>
    (await diff()).length === 0 ? true : undefined,
  ).catch(() => undefined);
  expect(await diff()).toEqual([]);
}

describe.concurrent('Pushgateway faults', () => {
  it('down at start, then up: pushes fail and are reported, then the group holds everything', async () => {
    const port = await freePort();
    const target = await app('down_at_start', `http://127.0.0.1:${port}`);
    const plan = workPlan(40);
    await drive(target, plan.slice(0, 20));
    await waitForErrors(target, 2, 'prometheus');
    await expectServing(target);
    expect(await heapGrowthWhileFailing(target, 8)).toBeLessThan(HEAP_GROWTH_BOUND);
    const up = await gateway(port);
    await drive(target, plan.slice(20));
    // Recovered while running: a periodic push already holds both batches.
    await expectGroupHolds(up.baseUrl, 'down_at_start', plan);
    const exit = await target.stop();
    expectCleanExit(exit, target);
    await expectGroupHolds(up.baseUrl, 'down_at_start', plan);
  });

  it('down mid-run (restarted empty): the next push restores the whole group', async () => {
    const first = await gateway();
    const target = await app('down_mid_run', first.baseUrl);
    const plan = workPlan(60);
    await drive(target, plan.slice(0, 20));
    await expectGroupHolds(first.baseUrl, 'down_mid_run', plan.slice(0, 20));
    await first.stop();
    await drive(target, plan.slice(20, 40));
    await waitForErrors(target, 2, 'prometheus');
    await expectServing(target);
    // No persistence file: the restarted gateway has forgotten the group until the next push.
    const second = await gateway(first.port);
    await drive(target, plan.slice(40));
    const exit = await target.stop();
    expectCleanExit(exit, target);
    await expectGroupHolds(second.baseUrl, 'down_mid_run', plan);
  });

  it('still down at stop(): stop() resolves after its retries, reports the loss, exits cleanly', async () => {
    const target = await app('down_at_stop', `http://127.0.0.1:${await freePort()}`);
    await drive(target, workPlan(10));
    await waitForErrors(target, 1, 'prometheus');
    const errorsBefore = target.eventsOf('meterkit-error').length;
    const exit = await target.stop();
    // The process must not end in the middle of stop() (the code after `await stop()` must run).
    expectCleanExit(exit, target);
    expect(target.eventsOf('meterkit-error').length).toBeGreaterThan(errorsBefore);
  });

  it.each([
    ['slower than the push timeout', { kind: 'delay', ms: 3000 } as const, /no response within 300 ms/],
    ['answering 500', { kind: 'status', status: 500 } as const, /500/],
  ])(
    '%s: reported, the app keeps serving, and the final push delivers everything',
    async (_, fault, message) => {
      const real = await gateway();
      const proxy = await FaultyProxy.start(real.baseUrl);
      proxies.push(proxy);
      const job = fault.kind === 'delay' ? 'slow' : 'errors';
      proxy.behaviour = () => fault;
      const target = await app(job, proxy.url);
      const plan = workPlan(40);
      await drive(target, plan.slice(0, 20));
      await waitForErrors(target, 2, 'prometheus');
      await expectServing(target);
      expect(await heapGrowthWhileFailing(target, 6)).toBeLessThan(HEAP_GROWTH_BOUND);
      expect(target.eventsOf('meterkit-error').map((e) => String(e.message))).toContainEqual(
        expect.stringMatching(message),
      );
      proxy.behaviour = () => ({ kind: 'forward' });
      await drive(target, plan.slice(20));
      const exit = await target.stop();
      expectCleanExit(exit, target);
      await expectGroupHolds(real.baseUrl, job, plan);
    },
  );
});
