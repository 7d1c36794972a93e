import { createProvider } from '@meterkit/core';
import { RelativeErrorSketch } from '@meterkit/core/exporter-kit';
// @ts-expect-error: a plain .mjs fixture shared with the worker processes (no types)
import { recordedBy } from './fixtures/recorded-data.mjs';

interface Recorded {
  requests: number;
  inFlight: number;
  sizes: number[];
  latencies: number[];
}

/** What a merge of fixture workers `indexes` must show, computed without the merge under test. */
export function expectedTotals(indexes: readonly number[]) {
  const data = indexes.map((index) => recordedBy(index) as Recorded);
  const sizes = data.flatMap((d) => d.sizes);
  const latencies = data.flatMap((d) => d.latencies);
  // One sketch fed every observation: the exact merge must report these very quantiles.
  const sketch = new RelativeErrorSketch();
  for (const v of latencies) sketch.add(v);
  return {
    requests: data.reduce((n, d) => n + d.requests, 0),
    inFlight: data.reduce((n, d) => n + d.inFlight, 0),
    sizeCount: sizes.length,
    sizeSum: sizes.reduce((a, b) => a + b, 0),
    sizeBuckets: [10, 100, 1000].map((bound) => sizes.filter((v) => v <= bound).length),
    latencyCount: latencies.length,
    latencyQuantiles: [0.5, 0.9, 0.99].map((q) => ({ quantile: q, value: sketch.quantile(q) })),
  };
}

/** The exponential buckets of one timer (maxBuckets 20, as the fixture's) fed every worker's latencies. */
export async function expectedExponential(indexes: readonly number[]) {
  const provider = await createProvider({ provider: 'memory' });
  const timer = provider.timer('all', { exponential: { maxBuckets: 20 } });
  for (const index of indexes) for (const v of (recordedBy(index) as Recorded).latencies) timer.record(v);
  return timer.snapshot().exponential;
}

/** `name{labels}` → value of every sample line of a text 0.0.4 exposition. */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const raw = line.slice(space + 1);
    samples.set(line.slice(0, space), raw === '+Inf' ? Number.POSITIVE_INFINITY : Number(raw));
  }
  return samples;
}
