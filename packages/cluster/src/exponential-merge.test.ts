import {
  createProvider,
  type HistogramMetricSnapshot,
  type MetricSnapshot,
  type Snapshot,
} from '@meterkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSnapshots } from './merge-snapshots.js';
import { SnapshotAssembler } from './snapshot-assembler.js';
import { encodeParts } from './wire-format.js';

/** Encodes, sends through JSON (node:cluster's default IPC) and reassembles, as between processes. */
function throughTheWire(snapshot: Snapshot): Snapshot {
  const parts = [...encodeParts(snapshot.metrics, 1000)];
  const assembler = new SnapshotAssembler();
  let result: Snapshot | undefined;
  parts.forEach((part, i) => {
    const metrics = JSON.parse(JSON.stringify(part));
    const done = assembler.add({
      type: 't',
      v: 1,
      id: 1,
      ts: snapshot.timestamp,
      final: i === parts.length - 1,
      metrics,
    });
    if (done !== undefined) result = done;
  });
  return result!;
}

async function recorded(values: readonly number[], limits: { maxBuckets: number; maxScale: number }) {
  const provider = await createProvider({ provider: 'memory' });
  const histogram = provider.histogram('h', { exponential: limits });
  for (const v of values) histogram.observe(v);
  return provider.registry().snapshot();
}

const histogramOf = (metrics: readonly MetricSnapshot[]) =>
  metrics.find((m) => m.name === 'h') as HistogramMetricSnapshot;

const finite = fc.oneof(
  fc.constantFrom(0, -0, Number.MIN_VALUE, -1e-310, 1e308, -Number.MAX_VALUE, Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
);

describe('exponential histograms across workers', { timeout: 120_000 }, () => {
  it('merging N workers through the wire format equals one histogram fed every observation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(finite, { maxLength: 60 }), { minLength: 1, maxLength: 5 }),
        fc.record({
          maxBuckets: fc.integer({ min: 2, max: 160 }),
          maxScale: fc.integer({ min: -10, max: 20 }),
        }),
        async (workers, limits) => {
          const inputs = [];
          for (const [i, values] of workers.entries()) {
            inputs.push({ worker: String(i), snapshot: throughTheWire(await recorded(values, limits)) });
          }
          const { snapshot, conflicts } = mergeSnapshots(inputs);
          expect(conflicts).toEqual([]);
          const merged = histogramOf(snapshot.metrics);
          const single = histogramOf((await recorded(workers.flat(), limits)).metrics);
          expect(merged.exponential).toEqual(limits);
          expect(merged.points.map((p) => p.exponential)).toEqual(single.points.map((p) => p.exponential));
          expect(merged.points.map((p) => p.count)).toEqual(single.points.map((p) => p.count));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a series exponential in one worker only keeps its classic buckets and no exponential ones', async () => {
    const a = await createProvider({ provider: 'memory' });
    a.histogram('h', { exponential: true, buckets: [1] }).observe(0.5);
    const b = await createProvider({ provider: 'memory' });
    b.histogram('h', { buckets: [1] }).observe(2);
    const { snapshot } = mergeSnapshots([
      { worker: '1', snapshot: await a.registry().snapshot() },
      { worker: '2', snapshot: await b.registry().snapshot() },
    ]);
    const point = histogramOf(snapshot.metrics).points[0]!;
    expect(point.buckets.map((bucket) => bucket.count)).toEqual([1, 2]);
    expect(point.exponential).toBeUndefined();
  });
});
