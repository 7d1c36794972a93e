/**
 * Real node:cluster: the primary is this test process, the workers are forked from
 * test/fixtures/cluster-worker.mjs, which imports the BUILT packages (`pnpm test` builds first).
 */
import type { Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  HistogramMetricSnapshot,
  HistogramPoint,
  Snapshot,
  SummaryPoint,
  ValuePoint,
} from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterAggregator, type ClusterAggregatorOptions, WorkerTimeoutError } from '../src/index.js';
import { exited, forkWorkers, nextMessage, stopAllWorkers } from './cluster-harness.js';
import { expectedExponential, expectedTotals, parseExposition } from './expected-totals.js';

const aggregators: ClusterAggregator[] = [];
const servers: Server[] = [];

function aggregator(options: ClusterAggregatorOptions = {}) {
  const errors: Error[] = [];
  const created = new ClusterAggregator({ timeout: 3000, onError: (e) => errors.push(e), ...options });
  aggregators.push(created);
  return { aggregator: created, errors };
}

async function serve(agg: ClusterAggregator): Promise<string> {
  // Each scrape collects afresh: these tests scrape again right after a worker exits.
  const server = createServer(agg.handler({ minCollectionIntervalMs: 0 }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

function metric(snapshot: Snapshot, name: string) {
  const found = snapshot.metrics.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no ${name} in ${snapshot.metrics.map((m) => m.name).join(', ')}`);
  return found;
}

afterEach(async () => {
  for (const a of aggregators.splice(0)) a.close();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await stopAllWorkers();
});

describe('node:cluster', () => {
  it.each(['json', 'advanced'] as const)(
    'a scrape equals the sum of what 3 workers recorded (IPC serialization %s)',
    async (serialization) => {
      await forkWorkers([{ index: 1 }, { index: 2 }, { index: 3 }], serialization);
      const want = expectedTotals([1, 2, 3]);
      const { aggregator: agg, errors } = aggregator();
      const snapshot = await agg.collect();
      expect((metric(snapshot, 'app_requests_total').points[0] as ValuePoint).value).toBe(want.requests);
      expect((metric(snapshot, 'app_in_flight').points[0] as ValuePoint).value).toBe(want.inFlight);
      const size = metric(snapshot, 'app_size_bytes').points[0] as HistogramPoint;
      expect(size.count).toBe(want.sizeCount);
      expect(size.sum).toBe(want.sizeSum);
      expect(size.buckets.map((b) => b.count)).toEqual([...want.sizeBuckets, want.sizeCount]);
      expect(size.buckets.at(-1)?.upperBound).toBe(Number.POSITIVE_INFINITY);
      const latency = metric(snapshot, 'app_latency_seconds').points[0] as SummaryPoint;
      expect(latency.count).toBe(want.latencyCount);
      // Exactly the quantiles of one sketch that saw all 300 observations.
      expect(latency.quantiles).toEqual(want.latencyQuantiles);
      expect(metric(snapshot, 'app_build_info').points).toHaveLength(1);
      // Exponential buckets merged across processes equal one histogram fed every observation.
      const exponential = metric(snapshot, 'app_exp_latency') as HistogramMetricSnapshot;
      expect(exponential.exponential).toEqual({ maxBuckets: 20, maxScale: 20 });
      const merged = exponential.points[0]!;
      expect(merged.count).toBe(want.latencyCount);
      expect(merged.exponential).toEqual(await expectedExponential([1, 2, 3]));
      expect(merged.exponential!.positive.counts.length).toBeLessThanOrEqual(20);
      expect(errors).toEqual([]);

      const text = await (await fetch(await serve(agg))).text();
      const samples = parseExposition(text);
      expect(samples.get('app_requests_total{route="/a"}')).toBe(want.requests);
      expect(samples.get('app_size_bytes_bucket{le="+Inf"}')).toBe(want.sizeCount);
      expect(samples.get('app_latency_seconds_count')).toBe(want.latencyCount);
      expect(samples.get('meterkit_cluster_workers{state="answered"}')).toBe(3);
    },
  );

  it('a worker killed mid-run does not break the scrape, and its counts are kept', async () => {
    const workers = await forkWorkers([{ index: 1 }, { index: 2 }, { index: 3 }, { index: 4 }]);
    const { aggregator: agg } = aggregator();
    const url = await serve(agg);
    const all = expectedTotals([1, 2, 3, 4]);
    expect(parseExposition(await (await fetch(url)).text()).get('app_requests_total{route="/a"}')).toBe(
      all.requests,
    );

    const victim = workers[1] as Worker;
    victim.process.kill('SIGKILL');
    // Scraped at once: the primary may not even have seen the exit yet.
    const during = await fetch(url);
    expect(during.status).toBe(200);
    expect(parseExposition(await during.text()).get('app_requests_total{route="/a"}')).toBe(all.requests);

    await exited(victim);
    const after = parseExposition(await (await fetch(url)).text());
    // Its last answered counters stay in the totals (exitedWorkers: 'keep'): no false counter reset.
    expect(after.get('app_requests_total{route="/a"}')).toBe(all.requests);
    expect(after.get('app_in_flight')).toBe(all.inFlight - 2);
    expect(after.get('meterkit_cluster_worker_exits_total')).toBe(1);
    expect(after.get('meterkit_cluster_workers{state="answered"}')).toBe(3);
  });

  it('a worker that does not answer in time is reported and the scrape still completes', async () => {
    await forkWorkers([{ index: 1 }, { index: 2 }, { index: 3, mode: 'silent' }]);
    const { aggregator: agg, errors } = aggregator({ timeout: 500 });
    const url = await serve(agg);
    const started = performance.now();
    const response = await fetch(url);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    const samples = parseExposition(await response.text());
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(3000);
    expect(samples.get('app_requests_total{route="/a"}')).toBe(expectedTotals([1, 2]).requests);
    expect(samples.get('meterkit_cluster_workers{state="timed_out"}')).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WorkerTimeoutError);
  });

  it('a worker killed while the primary waits for it ends the wait at once', async () => {
    const workers = await forkWorkers([{ index: 1 }, { index: 2, mode: 'silent' }]);
    const { aggregator: agg, errors } = aggregator({ timeout: 8000 });
    const started = performance.now();
    const collection = agg.collectDetailed();
    setTimeout(() => workers[1]?.process.kill('SIGKILL'), 100);
    const { workers: outcomes, snapshot } = await collection;
    expect(performance.now() - started).toBeLessThan(4000);
    expect([...outcomes.values()].sort()).toEqual(['answered', 'exited']);
    expect((metric(snapshot, 'app_requests_total').points[0] as ValuePoint).value).toBe(10);
    expect(errors).toEqual([]);
  });

  it('a chosen worker serves the merged scrape on the workers shared port (fromPrimary)', async () => {
    const workers = await forkWorkers([{ index: 1 }, { index: 2 }, { index: 3 }]);
    aggregator().aggregator.start();
    const ports = await Promise.all(
      workers.map(async (worker) => {
        worker.send({ fixture: 'serve' });
        return (await nextMessage<{ port: number }>(worker, 'serving')).port;
      }),
    );
    expect(new Set(ports).size).toBe(1);
    for (let i = 0; i < 3; i++) {
      const text = await (await fetch(`http://127.0.0.1:${ports[0]}/metrics`)).text();
      expect(parseExposition(text).get('app_requests_total{route="/a"}')).toBe(60);
    }
  });

  it('counts recorded after a scrape appear in the next one', async () => {
    const workers = await forkWorkers([{ index: 1 }, { index: 2 }]);
    const { aggregator: agg } = aggregator();
    expect((metric(await agg.collect(), 'app_requests_total').points[0] as ValuePoint).value).toBe(30);
    workers[0]?.send({ fixture: 'add', amount: 7 });
    await nextMessage(workers[0] as Worker, 'added');
    expect((metric(await agg.collect(), 'app_requests_total').points[0] as ValuePoint).value).toBe(37);
  });
});
