import { EtsyDaemon, type EtsyFlush, eventually, freePort, sleep } from '@meterkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/app-process.js';
import { differences, STATSD } from './support/compare.js';
import {
  expectCleanExit,
  expectServing,
  HEAP_GROWTH_BOUND,
  heapGrowthWhileFailing,
  waitForErrors,
} from './support/fault-checks.js';
import { ETSY_BINS, etsyPercentiles, recordedFromEtsy } from './support/statsd-reader.js';
import { drive, expectedFrom, type WorkItem, workPlan } from './support/traffic.js';

/*
 * The StatsD daemon (the real Etsy daemon) down at start and down mid-run, over UDP and TCP. StatsD
 * sends deltas and cannot retry (UDP has no delivery at all; the exporter does not re-send a failed
 * TCP flush), so what was flushed while the daemon was down is lost, as the exporter's README says.
 * What must hold: the app keeps serving, nothing escapes into it, the heap stays flat, TCP send
 * failures are reported, and everything recorded once the daemon is back arrives exactly.
 */

const FLUSH_MS = 100;
const apps: AppProcess[] = [];
const daemons: EtsyDaemon[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.kill()));
  await Promise.all(daemons.map((daemon) => daemon.stop()));
  for (const daemon of daemons) daemon.dispose();
});

async function daemon(port?: number): Promise<EtsyDaemon> {
  const started = await EtsyDaemon.start({
    port,
    histogram: ETSY_BINS,
    flushIntervalMs: 100,
    percentThreshold: [50, 90],
  });
  daemons.push(started);
  return started;
}

async function app(run: string, port: number, protocol: 'udp' | 'tcp'): Promise<AppProcess> {
  const started = await AppProcess.start({
    METERKIT_PROVIDER: 'statsd',
    METERKIT_NAMESPACE: 'e2e',
    METERKIT_TAGS: `run=${run}`,
    METERKIT_FLUSH_INTERVAL: `${FLUSH_MS}ms`,
    METERKIT_STATSD_ADDRESS: `127.0.0.1:${port}`,
    METERKIT_STATSD_PROTOCOL: protocol,
    E2E_BALLAST_SERIES: '3000',
  });
  apps.push(started);
  return started;
}

/** What the daemon must hold: exactly the items sent while it was up. */
function expectedOf(items: readonly WorkItem[]) {
  const expected = expectedFrom(items);
  return {
    ...expected,
    orderValue: { ...expected.orderValue, quantiles: etsyPercentiles(items.map((item) => item.value)) },
  };
}

/** Waits until the daemons' flushes hold exactly the items, then checks everything else too. */
async function expectArrived(flushes: () => EtsyFlush[], run: string, items: readonly WorkItem[]) {
  const expected = expectedOf(items);
  const diff = () => differences(recordedFromEtsy(flushes(), run), expected, STATSD);
  await eventually(`the daemon to hold ${items.length} requests of ${run}`, () =>
    diff().length === 0 ? true : undefined,
  ).catch(() => undefined);
  expect(diff()).toEqual([]);
}

describe.concurrent.each(['udp', 'tcp'] as const)('StatsD daemon faults over %s', (protocol) => {
  it('down at start, then up: the app is unaffected, and what is recorded after arrives exactly', async () => {
    const port = await freePort();
    const run = `down-at-start-${protocol}`;
    const target = await app(run, port, protocol);
    const [lost, delivered] = [workPlan(20), workPlan(20, 20)];
    await drive(target, lost);
    // Several flushes go nowhere (TCP: refused and reported; UDP: dropped by the kernel).
    if (protocol === 'tcp') {
      await waitForErrors(target, 3, 'statsd');
      expect(await heapGrowthWhileFailing(target, 10)).toBeLessThan(HEAP_GROWTH_BOUND);
    } else {
      await sleep(10 * FLUSH_MS);
    }
    await expectServing(target);
    const up = await daemon(port);
    // The first flush that reaches the daemon carries the gauge: from then on nothing is lost.
    await eventually('a flush to reach the daemon', () =>
      up.flushes().some((f) => f.gauges[`e2e.queue_depth.run.${run}`] !== undefined) ? true : undefined,
    );
    await drive(target, delivered);
    const exit = await target.stop();
    expectCleanExit(exit, target);
    await expectArrived(() => up.flushes(), run, delivered);
  });

  it('down at stop(): stop() resolves, and the process does not end in the middle of it', async () => {
    const run = `down-at-stop-${protocol}`;
    const target = await app(run, await freePort(), protocol);
    await drive(target, workPlan(10));
    if (protocol === 'tcp') await waitForErrors(target, 1, 'statsd');
    const exit = await target.stop();
    expectCleanExit(exit, target);
  });

  it('down mid-run, then back: the app is unaffected, and delivery resumes', async () => {
    const first = await daemon();
    const run = `down-mid-run-${protocol}`;
    const target = await app(run, first.port, protocol);
    const plan = workPlan(60);
    await drive(target, plan.slice(0, 20));
    await expectArrived(() => first.flushes(), run, plan.slice(0, 20));
    const beforeOutage = first.flushes();
    await first.stop();
    await drive(target, plan.slice(20, 40));
    if (protocol === 'tcp') await waitForErrors(target, 2, 'statsd');
    else await sleep(10 * FLUSH_MS);
    await expectServing(target);
    const second = await daemon(first.port);
    await eventually('a flush to reach the restarted daemon', () =>
      second.flushes().some((f) => f.gauges[`e2e.queue_depth.run.${run}`] !== undefined) ? true : undefined,
    );
    await drive(target, plan.slice(40));
    const exit = await target.stop();
    expectCleanExit(exit, target);
    await expectArrived(() => [...beforeOutage, ...second.flushes()], run, [
      ...plan.slice(0, 20),
      ...plan.slice(40),
    ]);
  });
});
