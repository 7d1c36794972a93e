/**
 * Issue 16 across real worker_threads: a series removed in the workers is absent from the
 * primary's merge, the others keep their totals.
 */
import { Worker } from 'node:worker_threads';
import type { Snapshot, ValuePoint } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterAggregator, threadWorkers } from '../src/index.js';

const FIXTURE = new URL('./fixtures/lifecycle-thread-worker.mjs', import.meta.url);
const started: Worker[] = [];
const aggregators: ClusterAggregator[] = [];

function waitFor(worker: Worker, fixture: string): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    const onMessage = (message: { fixture?: string }) => {
      if (message?.fixture !== fixture) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
  });
}

async function startThreads(indexes: number[]): Promise<Worker[]> {
  const workers = indexes.map((index) => new Worker(FIXTURE, { workerData: { index } }));
  started.push(...workers);
  await Promise.all(workers.map((worker) => waitFor(worker, 'ready')));
  return workers;
}

function queues(snapshot: Snapshot): Record<string, number> {
  const points = (snapshot.metrics.find((m) => m.name === 'life_jobs_total')?.points ?? []) as ValuePoint[];
  return Object.fromEntries(points.map((p) => [p.tags.find((t) => t.key === 'queue')!.value, p.value]));
}

afterEach(async () => {
  for (const a of aggregators.splice(0)) a.close();
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

describe('series lifecycle across worker threads', () => {
  it('a series removed in every worker is gone from the merge; the others keep their totals', async () => {
    const threads = await startThreads([1, 2]);
    const errors: Error[] = [];
    const agg = new ClusterAggregator({ workers: threadWorkers(threads), onError: (e) => errors.push(e) });
    aggregators.push(agg);
    expect(queues(await agg.collect())).toEqual({ a: 3, b: 30 });
    await Promise.all(
      threads.map(async (thread) => {
        const removed = waitFor(thread, 'removed');
        thread.postMessage({ fixture: 'remove', queue: 'a' });
        await removed;
      }),
    );
    expect(queues(await agg.collect())).toEqual({ b: 30 });

    // Re-created in one worker: the merged series starts again, with that worker's new start time.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const added = waitFor(threads[0]!, 'added');
    threads[0]!.postMessage({ fixture: 'add', queue: 'a', amount: 4 });
    await added;
    const after = await agg.collect();
    expect(queues(after)).toEqual({ a: 4, b: 30 });
    const points = after.metrics.find((m) => m.name === 'life_jobs_total')!.points as ValuePoint[];
    const startOf = (queue: string) => points.find((p) => p.tags.some((t) => t.value === queue))!.startTime!;
    expect(startOf('a')).toBeGreaterThan(startOf('b'));
    expect(errors).toEqual([]);
  }, 30_000);
});
