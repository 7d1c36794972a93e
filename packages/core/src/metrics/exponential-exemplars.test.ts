import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import type { Exemplar, ExponentialBuckets, HistogramMetricSnapshot } from '../snapshot.js';
import { ManualClock } from '../testing/manual-clock.js';
import { ExponentialExemplars } from './exponential-exemplars.js';
import {
  downscaleExponentialBuckets,
  mergeExponentialBuckets,
  subtractExponentialBuckets,
} from './exponential-merge.js';

const clock = new ManualClock(1_700_000_000_000);
const registry = (exemplars?: boolean) => new MemoryRegistry(createMetricStore({ exemplars, clock }));

async function exponentialOf(r: MemoryRegistry, name: string): Promise<ExponentialBuckets> {
  const metric = (await r.snapshot()).metrics.find((m) => m.name === name) as HistogramMetricSnapshot;
  return metric.points[0]!.exponential!;
}

const ids = (exemplars: readonly Exemplar[] | undefined) => exemplars?.map((e) => e.tags.id);

function observeAt(
  histogram: { observe(value: number, tags?: Record<string, string>): void },
  value: number,
  id: string,
) {
  clock.advance(1000);
  histogram.observe(value, { id });
}

function buckets(exemplars: Exemplar[], scale = 0): ExponentialBuckets {
  return {
    scale,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset: 0, counts: [1, 1, 1, 1] },
    negative: { offset: 0, counts: [] },
    exemplars,
  };
}
const at = (value: number, id: string, timestamp: number): Exemplar => ({ tags: { id }, value, timestamp });

describe('exponential histogram exemplars', () => {
  it('keep the latest exemplar of each exponential bucket, oldest first, zero and negatives included', async () => {
    const r = registry(true);
    const h = r.histogram('wait', { exponential: true });
    observeAt(h, 0.5, 'a');
    observeAt(h, 0, 'zero');
    observeAt(h, -2, 'negative');
    observeAt(h, 0.5, 'b');
    observeAt(h, Number.POSITIVE_INFINITY, 'infinite');
    const exponential = await exponentialOf(r, 'wait');
    // 0.5 twice: one bucket, the later one kept; +Infinity has no exponential bucket.
    expect(ids(exponential.exemplars)).toEqual(['zero', 'negative', 'b']);
    expect(exponential.exemplars![2]).toEqual({
      tags: { id: 'b' },
      value: 0.5,
      timestamp: clock.now() - 1000,
    });
  });

  it('keep the latest of the buckets a downscale merged into one', async () => {
    const r = registry(true);
    const h = r.histogram('wait', { exponential: true });
    observeAt(h, 1.5, 'a');
    observeAt(h, 1.51, 'b');
    expect(ids((await exponentialOf(r, 'wait')).exemplars)).toEqual(['a', 'b']);
    // 1.5 .. 1000 spans 9.4 powers of two: 160 buckets hold it at scale 4, where 1.5 and 1.51 share one.
    observeAt(h, 1000, 'c');
    const exponential = await exponentialOf(r, 'wait');
    expect(exponential.scale).toBe(4);
    expect(ids(exponential.exemplars)).toEqual(['b', 'c']);
  });

  it('are forgotten when the series is removed, and absent when exemplars are off', async () => {
    const r = registry(true);
    const h = r.histogram('wait', { exponential: true });
    h.withTags({ route: 'a' }).observe(1, { id: 'x' });
    h.remove({ route: 'a' });
    h.withTags({ route: 'a' }).observe(2);
    const metric = (await r.snapshot()).metrics.find((m) => m.name === 'wait') as HistogramMetricSnapshot;
    expect(metric.points[0]!.exponential).not.toHaveProperty('exemplars');
    const off = registry();
    off.histogram('plain', { exponential: true }).observe(1, { id: 'x' } as never);
    expect(await exponentialOf(off, 'plain')).not.toHaveProperty('exemplars');
  });

  it('stay bounded: past 2 * maxBuckets + 1 buckets the oldest goes', () => {
    const kept = new ExponentialExemplars(0, 1);
    for (const [i, value] of [1, 4, 16, 64].entries()) kept.keep(at(value, String(i), i), 0);
    expect(ids(kept.list(0))).toEqual(['1', '2', '3']);
  });
});

describe('exponential exemplars in bucket arithmetic', () => {
  it('merge keeps the latest per bucket of both sides', () => {
    // Scale 0: 3 and 3.5 share bucket 1 (2, 4]; 10 is in bucket 3 (8, 16].
    const merged = mergeExponentialBuckets(
      buckets([at(3, 'old', 1), at(10, 'ten', 5)]),
      buckets([at(3.5, 'new', 2)]),
    );
    expect(ids(merged.exemplars)).toEqual(['new', 'ten']);
  });

  it('downscale keeps the latest of merged buckets; data without exemplars stays without', () => {
    // Scale 0: 3 in (2, 4], 5 in (4, 8]; at scale -2 (base 16) both in (1, 16].
    const lowered = downscaleExponentialBuckets(buckets([at(5, 'late', 9), at(3, 'early', 1)]), -2);
    expect(ids(lowered.exemplars)).toEqual(['late']);
    const { exemplars: _, ...plain } = buckets([]);
    expect(downscaleExponentialBuckets(plain, -2)).not.toHaveProperty('exemplars');
  });

  it('subtract keeps the exemplars recorded after the previous reading', () => {
    const previous = buckets([at(3, 'a', 10)]);
    const current = buckets([at(3, 'a', 10), at(10, 'b', 20)]);
    expect(ids(subtractExponentialBuckets(current, previous).exemplars)).toEqual(['b']);
  });
});
