/**
 * Exemplars through a real node:cluster: workers forked from test/fixtures/exemplar-worker.mjs (BUILT
 * packages) record with exemplars on; the primary's merge keeps the latest exemplar per counter
 * series and per bucket (classic and exponential), whichever worker recorded it.
 */
import cluster, { type Worker } from 'node:cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { HistogramPoint, Snapshot, ValuePoint } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterAggregator } from '../src/index.js';
import { nextMessage, stopAllWorkers } from './cluster-harness.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/exemplar-worker.mjs', import.meta.url));
const aggregators: ClusterAggregator[] = [];

afterEach(async () => {
  for (const a of aggregators.splice(0)) a.close();
  await stopAllWorkers();
});

async function fork(serialization: 'json' | 'advanced'): Promise<Worker[]> {
  cluster.setupPrimary({ exec: FIXTURE, serialization });
  const workers = [1, 2, 3].map((index) => cluster.fork({ FIXTURE_INDEX: String(index) }));
  await Promise.all(workers.map((worker) => nextMessage(worker, 'ready')));
  return workers;
}

/** Has worker `worker` record `value`, then waits so the next recording has a later timestamp. */
async function record(worker: Worker, value: number): Promise<void> {
  const recorded = nextMessage(worker, 'recorded');
  worker.send({ fixture: 'record', value });
  await recorded;
  await sleep(5);
}

function point<P>(snapshot: Snapshot, name: string): P {
  const metric = snapshot.metrics.find((m) => m.name === name);
  if (metric === undefined) throw new Error(`no ${name}`);
  return metric.points[0] as P;
}

describe('exemplars through node:cluster', () => {
  it.each(['json', 'advanced'] as const)(
    'the merge keeps the latest exemplar per counter series and per bucket (IPC %s)',
    async (serialization) => {
      const [w1, w2, w3] = await fork(serialization);
      // In time order: w2 and w3 into (0, 1], then w1 into (1, 10]; w2 again into (10, +Inf).
      await record(w2!, 0.5);
      await record(w3!, 0.5);
      await record(w1!, 5);
      await record(w2!, 50);
      await record(w3!, 0.5);
      const errors: Error[] = [];
      const aggregator = new ClusterAggregator({ timeout: 5000, onError: (e) => errors.push(e) });
      aggregators.push(aggregator);
      const snapshot = await aggregator.collect();
      expect(errors).toEqual([]);

      const jobs = point<ValuePoint>(snapshot, 'ex_jobs_total');
      expect(jobs.value).toBe(56.5);
      expect(jobs.exemplar).toMatchObject({ tags: { trace_id: 'w3' }, value: 0.5 });

      const size = point<HistogramPoint>(snapshot, 'ex_size');
      expect(size.buckets.map((b) => b.count)).toEqual([3, 4, 5]);
      expect(size.buckets.map((b) => [b.exemplar?.tags.trace_id, b.exemplar?.value])).toEqual([
        ['w3', 0.5],
        ['w1', 5],
        ['w2', 50],
      ]);

      const wait = point<HistogramPoint>(snapshot, 'ex_wait');
      expect(wait.count).toBe(5);
      // One exemplar per exponential bucket, oldest first: 5 (w1), 50 (w2), 0.5 (w3's latest).
      expect(wait.exponential!.exemplars!.map((e) => [e.tags.trace_id, e.value])).toEqual([
        ['w1', 5],
        ['w2', 50],
        ['w3', 0.5],
      ]);
      const times = wait.exponential!.exemplars!.map((e) => e.timestamp);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    },
  );
});
