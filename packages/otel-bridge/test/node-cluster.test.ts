import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { ClusterAggregator } from '@meterkit/cluster';
import type { HistogramPoint, Snapshot, ValueMetricSnapshot } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';

/*
 * OpenTelemetry API code in node:cluster workers (test/fixtures/otel-cluster-worker.mjs), merged by
 * @meterkit/cluster on the primary: what the OpenTelemetry SDK cannot do (opentelemetry-js #1252).
 */

const FIXTURE = fileURLToPath(new URL('./fixtures/otel-cluster-worker.mjs', import.meta.url));
const WORKERS = [1, 2, 3];
const sum = (f: (i: number) => number) => WORKERS.reduce((total, i) => total + f(i), 0);

let aggregator: ClusterAggregator | undefined;

function ready(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${worker.id} not ready`)), 30_000);
    worker.on('message', (message: { fixture?: string }) => {
      if (message?.fixture !== 'ready') return;
      clearTimeout(timer);
      resolve();
    });
  });
}

afterEach(async () => {
  aggregator?.close();
  const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  for (const worker of running) worker.process.kill('SIGKILL');
  await Promise.all(running.map((w) => (w.isDead() ? undefined : new Promise((r) => w.once('exit', r)))));
});

function metric<T>(snapshot: Snapshot, name: string): T {
  const found = snapshot.metrics.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no ${name} in ${snapshot.metrics.map((m) => m.name).join(', ')}`);
  return found as T;
}

describe('the bridge in node:cluster workers', () => {
  it('the primary merges what OpenTelemetry instruments recorded in 3 workers', async () => {
    cluster.setupPrimary({ exec: FIXTURE });
    const workers = WORKERS.map((i) => cluster.fork({ FIXTURE_INDEX: String(i) }));
    await Promise.all(workers.map(ready));
    const errors: Error[] = [];
    aggregator = new ClusterAggregator({ timeout: 10_000, onError: (e) => errors.push(e) });
    const snapshot = await aggregator.collect();

    const jobs = metric<ValueMetricSnapshot>(snapshot, 'jobs');
    expect(jobs.points).toEqual([
      { tags: [{ key: 'queue', value: 'mail' }], value: sum((i) => 10 * i), startTime: expect.any(Number) },
    ]);
    expect(jobs.scope).toEqual({ name: 'worker-lib', version: '3.1.0' });

    const inFlight = metric<ValueMetricSnapshot>(snapshot, 'in_flight');
    expect(inFlight.upDownCounter).toBe(true);
    expect(inFlight.points[0]?.value).toBe(sum((i) => i - 1));

    const duration = metric<{ unit: string; points: HistogramPoint[] }>(snapshot, 'job_duration_seconds');
    expect(duration.unit).toBe('seconds');
    expect(duration.points[0]).toMatchObject({ count: sum((i) => i) });
    expect(duration.points[0]?.buckets.map((b) => b.count)).toEqual([0, 6, 6]);

    // Observable callbacks ran in every worker at the primary's collection; gauges sum by default.
    expect(metric<ValueMetricSnapshot>(snapshot, 'queue_depth').points[0]?.value).toBe(sum((i) => 100 * i));
    expect(errors).toEqual([]);
  });
});
