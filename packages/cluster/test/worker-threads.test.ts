/**
 * Real worker_threads: the aggregator runs on this thread, each thread runs
 * test/fixtures/thread-worker.mjs (which imports the BUILT packages; `pnpm test` builds first).
 */
import { Worker } from 'node:worker_threads';
import type { HistogramPoint, Snapshot, SummaryPoint, ValuePoint } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterAggregator, threadWorkers, WorkerTimeoutError } from '../src/index.js';
import { expectedTotals } from './expected-totals.js';

const FIXTURE = new URL('./fixtures/thread-worker.mjs', import.meta.url);
const started: Worker[] = [];
const aggregators: ClusterAggregator[] = [];

async function startThreads(specs: Array<{ index: number; mode?: 'silent' }>): Promise<Worker[]> {
  const workers = specs.map((workerData) => new Worker(FIXTURE, { workerData }));
  started.push(...workers);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          const onMessage = (message: { fixture?: string }) => {
            if (message?.fixture !== 'ready') return;
            worker.off('message', onMessage);
            resolve();
          };
          worker.on('message', onMessage);
        }),
    ),
  );
  return workers;
}

function value(snapshot: Snapshot, name: string): number | undefined {
  return (snapshot.metrics.find((m) => m.name === name)?.points[0] as ValuePoint | undefined)?.value;
}

afterEach(async () => {
  for (const a of aggregators.splice(0)) a.close();
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

describe('worker_threads', () => {
  it('a scrape equals the sum of what 4 threads recorded', async () => {
    const threads = await startThreads([{ index: 1 }, { index: 2 }, { index: 3 }, { index: 4 }]);
    const errors: Error[] = [];
    const agg = new ClusterAggregator({ workers: threadWorkers(threads), onError: (e) => errors.push(e) });
    aggregators.push(agg);
    const snapshot = await agg.collect();
    const want = expectedTotals([1, 2, 3, 4]);
    expect(value(snapshot, 'app_requests_total')).toBe(want.requests);
    expect(value(snapshot, 'app_in_flight')).toBe(want.inFlight);
    const size = snapshot.metrics.find((m) => m.name === 'app_size_bytes')?.points[0] as HistogramPoint;
    expect(size.buckets.map((b) => b.count)).toEqual([...want.sizeBuckets, want.sizeCount]);
    const latency = snapshot.metrics.find((m) => m.name === 'app_latency_seconds')?.points[0] as SummaryPoint;
    expect(latency.quantiles).toEqual(want.latencyQuantiles);
    expect(errors).toEqual([]);
  });

  it('a terminated thread does not break the scrape; its counts are kept', async () => {
    const threads = await startThreads([{ index: 1 }, { index: 2 }]);
    const agg = new ClusterAggregator({ workers: threadWorkers(threads), onError: () => {} });
    aggregators.push(agg);
    expect(value(await agg.collect(), 'app_requests_total')).toBe(30);
    await threads[0]?.terminate();
    const after = await agg.collect();
    expect(value(after, 'app_requests_total')).toBe(30);
    expect(value(after, 'app_in_flight')).toBe(2);
    expect(value(after, 'meterkit_cluster_worker_exits_total')).toBe(1);
  });

  it('a thread that does not answer in time is reported and the scrape completes', async () => {
    const threads = await startThreads([{ index: 1 }, { index: 2, mode: 'silent' }]);
    const errors: Error[] = [];
    const agg = new ClusterAggregator({
      workers: threadWorkers(threads),
      timeout: 300,
      onError: (e) => errors.push(e),
    });
    aggregators.push(agg);
    const { snapshot, workers } = await agg.collectDetailed();
    expect(value(snapshot, 'app_requests_total')).toBe(10);
    expect([...workers.values()]).toEqual(['answered', 'timedOut']);
    expect(errors[0]).toBeInstanceOf(WorkerTimeoutError);
    expect(errors[0]?.message).toContain(`Worker ${threads[1]?.threadId} did not answer`);
  });

  it('threads added later are asked too', async () => {
    const [first] = await startThreads([{ index: 1 }]);
    const source = threadWorkers([first as Worker]);
    const agg = new ClusterAggregator({ workers: source });
    aggregators.push(agg);
    expect(value(await agg.collect(), 'app_requests_total')).toBe(10);
    const [second] = await startThreads([{ index: 3 }]);
    source.add(second as Worker);
    expect(value(await agg.collect(), 'app_requests_total')).toBe(40);
  });
});
