import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider, type Snapshot, type ValuePoint } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelWorkers } from '../test/support/aggregator-test-support.js';
import { valuesOf } from '../test/support/merge-test-support.js';
import { ClusterAggregator, type ClusterAggregatorOptions } from './cluster-aggregator.js';
import { ProtocolVersionError, WorkerCollectionError, WorkerTimeoutError } from './cluster-errors.js';
import { fromPrimary } from './primary-client.js';

let workers: ChannelWorkers;
const providers: Provider[] = [];
const aggregators: ClusterAggregator[] = [];

async function provider(): Promise<Provider> {
  const created = await createProvider({ provider: 'memory', namespace: 'app' });
  providers.push(created);
  return created;
}

function aggregator(options: ClusterAggregatorOptions = {}): {
  aggregator: ClusterAggregator;
  errors: Error[];
} {
  const errors: Error[] = [];
  const created = new ClusterAggregator({
    workers,
    timeout: 300,
    onError: (e) => errors.push(e),
    ...options,
  });
  aggregators.push(created);
  return { aggregator: created, errors };
}

/** Three workers whose `app_requests_total` are 1, 2 and 3, plus a gauge and a histogram each. */
async function threeWorkers(): Promise<Provider[]> {
  workers = new ChannelWorkers();
  const list = await Promise.all([1, 2, 3].map(() => provider()));
  list.forEach((p, i) => {
    p.counter('requests_total')
      .withTags({ route: '/a' })
      .add(i + 1);
    p.gauge('in_flight').set(10 * (i + 1));
    p.histogram('size', { buckets: [10, 100] }).observe(5 * 10 ** i);
    workers.add(String(i + 1), p);
  });
  return list;
}

const workersGauge = (snapshot: Snapshot) => valuesOf(snapshot, 'meterkit_cluster_workers');

afterEach(async () => {
  for (const a of aggregators.splice(0)) a.close();
  workers?.close();
  await Promise.all(providers.splice(0).map((p) => p.stop()));
});

describe('ClusterAggregator', () => {
  it('merges every worker and counts them in its own metrics', async () => {
    await threeWorkers();
    const { aggregator: agg, errors } = aggregator();
    const { snapshot, workers: outcomes } = await agg.collectDetailed();
    expect(valuesOf(snapshot, 'app_requests_total')).toEqual({ 'route=/a': 6 });
    expect(valuesOf(snapshot, 'app_in_flight')).toEqual({ '': 60 });
    const size = snapshot.metrics.find((m) => m.name === 'app_size');
    expect(size?.points[0]).toMatchObject({
      count: 3,
      sum: 555,
      buckets: [{ count: 1 }, { count: 2 }, { count: 3 }],
    });
    expect([...outcomes]).toEqual([
      ['1', 'answered'],
      ['2', 'answered'],
      ['3', 'answered'],
    ]);
    expect(workersGauge(snapshot)).toEqual({
      'state=answered': 3,
      'state=timed_out': 0,
      'state=failed': 0,
      'state=exited': 0,
    });
    expect(valuesOf(snapshot, 'meterkit_cluster_worker_exits_total')).toEqual({ '': 0 });
    expect(errors).toEqual([]);
  });

  it('merges workers whose snapshots arrive in many small parts', async () => {
    workers = new ChannelWorkers();
    for (const id of ['1', '2']) {
      const p = await provider();
      for (let i = 0; i < 50; i++)
        p.counter('c')
          .withTags({ i: String(i) })
          .add(Number(id));
      workers.add(id, p, 7);
    }
    const snapshot = await aggregator().aggregator.collect();
    const values = valuesOf(snapshot, 'app_c');
    expect(Object.keys(values)).toHaveLength(50);
    expect(Object.values(values).every((v) => v === 3)).toBe(true);
  });

  it('a worker that does not answer in time is reported and left out; the collection completes', async () => {
    await threeWorkers();
    workers.add('4', () => new Promise<Snapshot>(() => {}));
    const { aggregator: agg, errors } = aggregator({ timeout: 200 });
    const started = performance.now();
    const { snapshot, workers: outcomes } = await agg.collectDetailed();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(outcomes.get('4')).toBe('timedOut');
    expect(valuesOf(snapshot, 'app_requests_total')).toEqual({ 'route=/a': 6 });
    expect(workersGauge(snapshot)['state=timed_out']).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WorkerTimeoutError);
    expect(errors[0]).toMatchObject({ workerId: '4', timeoutMs: 200, usedLastKnown: false });
  });

  it('a worker that stops answering contributes its last counters, never its gauges', async () => {
    workers = new ChannelWorkers();
    const p = await provider();
    p.counter('done_total').add(5);
    p.gauge('queue').set(9);
    let hang = false;
    const source = () => (hang ? new Promise<Snapshot>(() => {}) : p.registry().snapshot());
    workers.add('1', source);
    const { aggregator: agg, errors } = aggregator({ timeout: 150 });
    expect(valuesOf(await agg.collect(), 'app_done_total')).toEqual({ '': 5 });
    hang = true;
    p.counter('done_total').add(100); // recorded after its last answer: not visible
    const stale = await agg.collect();
    expect(valuesOf(stale, 'app_done_total')).toEqual({ '': 5 });
    expect(stale.metrics.find((m) => m.name === 'app_queue')).toBeUndefined();
    expect(errors[0]).toMatchObject({ workerId: '1', usedLastKnown: true });
  });

  it('a worker whose collection fails is reported with its reason', async () => {
    await threeWorkers();
    workers.add('9', async () => {
      throw new Error('callback exploded');
    });
    const { aggregator: agg, errors } = aggregator();
    const { workers: outcomes, snapshot } = await agg.collectDetailed();
    expect(outcomes.get('9')).toBe('failed');
    expect(valuesOf(snapshot, 'app_requests_total')).toEqual({ 'route=/a': 6 });
    expect(errors[0]).toBeInstanceOf(WorkerCollectionError);
    expect(errors[0]?.message).toContain('callback exploded');
  });

  it.each([
    { policy: 'keep', total: 6 },
    { policy: 'drop', total: 4 },
  ] as const)(
    'exited workers ($policy): totals after worker 2 exits are $total',
    async ({ policy, total }) => {
      await threeWorkers();
      const { aggregator: agg } = aggregator({ exitedWorkers: policy });
      await agg.collect();
      workers.exit('2');
      const after = await agg.collect();
      expect(valuesOf(after, 'app_requests_total')).toEqual({ 'route=/a': total });
      expect(valuesOf(after, 'app_in_flight')).toEqual({ '': 40 });
      expect(valuesOf(after, 'meterkit_cluster_worker_exits_total')).toEqual({ '': 1 });
      // A replacement worker starts from zero; with 'keep' the cluster total still never goes down.
      const replacement = await provider();
      replacement.counter('requests_total').withTags({ route: '/a' }).add(1);
      workers.add('4', replacement);
      expect(valuesOf(await agg.collect(), 'app_requests_total')).toEqual({ 'route=/a': total + 1 });
    },
  );

  it('a disconnected worker whose exit is not seen yet still counts, and only once after its exit', async () => {
    await threeWorkers();
    const { aggregator: agg } = aggregator();
    await agg.collect();
    workers.disconnect('3');
    expect(valuesOf(await agg.collect(), 'app_requests_total')).toEqual({ 'route=/a': 6 });
    workers.exit('3');
    expect(valuesOf(await agg.collect(), 'app_requests_total')).toEqual({ 'route=/a': 6 });
  });

  it('a worker exiting during a collection ends the wait for it at once, counted once', async () => {
    await threeWorkers();
    workers.add('4', () => new Promise<Snapshot>(() => {}));
    const { aggregator: agg, errors } = aggregator({ timeout: 5000 });
    const started = performance.now();
    const collection = agg.collectDetailed();
    setTimeout(() => workers.exit('4'), 20);
    const { workers: outcomes, snapshot } = await collection;
    expect(performance.now() - started).toBeLessThan(2000);
    expect(outcomes.get('4')).toBe('exited');
    expect(workersGauge(snapshot)['state=exited']).toBe(1);
    expect(errors).toEqual([]);
  });

  it('concurrent collections share one round of requests', async () => {
    await threeWorkers();
    const counted = workers.add('4', async () => ({ timestamp: 1, metrics: [] }));
    const { aggregator: agg } = aggregator();
    const [a, b] = await Promise.all([agg.collect(), agg.collect()]);
    expect(a).toBe(b);
    expect(counted.requests).toBe(1);
  });

  it('merges the primary own metrics as worker "primary"', async () => {
    await threeWorkers();
    const own = await provider();
    own.counter('requests_total').withTags({ route: '/a' }).add(100);
    const snapshot = await aggregator({ primary: own, selfMetrics: false }).aggregator.collect();
    expect(valuesOf(snapshot, 'app_requests_total')).toEqual({ 'route=/a': 106 });
    expect(snapshot.metrics.some((m) => m.name.startsWith('meterkit_cluster'))).toBe(false);
  });

  it('reports a worker speaking another protocol version', async () => {
    workers = new ChannelWorkers();
    const { aggregator: agg, errors } = aggregator();
    agg.start();
    (workers as unknown as { events: { message(id: string, m: unknown): void } }).events.message('7', {
      type: 'meterkit:cluster:part',
      v: 99,
      id: 1,
    });
    expect(errors[0]).toBeInstanceOf(ProtocolVersionError);
    expect(errors[0]?.message).toContain('version 99');
  });

  it('a worker sending an unreadable part fails that collection, the others are merged', async () => {
    await threeWorkers();
    const { aggregator: agg, errors } = aggregator({ timeout: 2000 });
    agg.start();
    const events = (workers as unknown as { events: { message(id: string, m: unknown): void } }).events;
    // Worker 5 is asked like any other, then answers garbage instead of a snapshot part.
    workers.add('5', async () => ({ timestamp: 1, metrics: [] }));
    const collection = agg.collectDetailed();
    events.message('5', {
      type: 'meterkit:cluster:part',
      v: 1,
      id: 1,
      ts: 1,
      final: true,
      metrics: [{ t: 'gauge' }],
    });
    const { workers: outcomes, snapshot } = await collection;
    expect(outcomes.get('5')).toBe('failed');
    expect(valuesOf(snapshot, 'app_requests_total')).toEqual({ 'route=/a': 6 });
    expect(errors.map((e) => e.message).join('\n')).toMatch(
      /Worker 5 failed to collect its metrics: unreadable answer/,
    );
  });

  it('serves the merged snapshot over HTTP, negotiated like the Prometheus exporter', async () => {
    await threeWorkers();
    const server = createServer(aggregator().aggregator.handler());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('app_requests_total{route="/a"} 6');
      expect(text).toContain('app_size_bucket{le="+Inf"} 3');
      const om = await fetch(`http://127.0.0.1:${port}/metrics`, {
        headers: { accept: 'application/openmetrics-text; version=1.0.0' },
      });
      expect(om.headers.get('content-type')).toContain('application/openmetrics-text');
      expect(await om.text()).toMatch(/# EOF\n$/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a worker can ask the primary for the merged snapshot (fromPrimary)', async () => {
    await threeWorkers();
    aggregator().aggregator.start();
    const merged = await fromPrimary({ channel: workers.workerChannel('2'), timeout: 2000 }).collect();
    expect(valuesOf(merged, 'app_requests_total')).toEqual({ 'route=/a': 6 });
    const size = merged.metrics.find((m) => m.name === 'app_size');
    expect(size?.points[0]).toMatchObject({ count: 3 });
    expect(merged.metrics.filter((m) => m.name === 'app_requests_total')).toHaveLength(1);
  });

  it('fromPrimary times out with a clear error when no aggregator answers', async () => {
    await threeWorkers();
    const error = await fromPrimary({ channel: workers.workerChannel('1'), timeout: 100 })
      .collect()
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/did not send the merged snapshot within 100 ms/);
  });

  it('rejects an unknown gauge policy at construction', () => {
    workers = new ChannelWorkers();
    expect(() => new ClusterAggregator({ workers, defaultGaugeAggregation: 'median' as 'sum' })).toThrow(
      /defaultGaugeAggregation="median"/,
    );
  });

  it('per-worker gauges carry the worker id', async () => {
    await threeWorkers();
    const snapshot = await aggregator({
      gaugeAggregation: { app_in_flight: 'perWorker' },
    }).aggregator.collect();
    const points = snapshot.metrics.find((m) => m.name === 'app_in_flight')?.points as ValuePoint[];
    expect(points.map((p) => [p.tags[0]?.value, p.value])).toEqual([
      ['1', 10],
      ['2', 20],
      ['3', 30],
    ]);
  });
});
