import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import type { HistogramMetricSnapshot, ValueMetricSnapshot } from '../snapshot.js';

/** More series than one collection step reads (10,000), so the capture lets the event loop in. */
const SERIES = 30_000;

async function bigCounter() {
  const provider = await createProvider({ provider: 'memory', cardinalityLimit: 100_000 });
  const counter = provider.counter('jobs_total', { cardinalityLimit: 100_000 });
  for (let i = 0; i < SERIES; i++) counter.withTags({ shard: `s${i % 3}`, id: `${i}` }).add(i);
  return { provider, counter };
}

function idsOf(metric: ValueMetricSnapshot | HistogramMetricSnapshot): string[] {
  return metric.points.map((point) => point.tags.map((tag) => `${tag.key}=${tag.value}`).join(','));
}

describe('collection of a large family in steps', () => {
  it('lets the event loop in while it reads, and still lists every series once with its value', async () => {
    const { provider, counter } = await bigCounter();
    let ranDuringCollection = false;
    setImmediate(() => {
      ranDuringCollection = true;
      counter.withTags({ shard: 's0', id: 'new' }).inc();
    });
    const collecting = provider.registry().snapshot();
    const metric = (await collecting).metrics[0] as ValueMetricSnapshot;
    expect(ranDuringCollection).toBe(true);
    const ids = idsOf(metric);
    expect(new Set(ids).size).toBe(ids.length);
    // The series added between two steps comes after the position the walk had reached: it is read.
    expect(ids).toContain('id=new,shard=s0');
    expect(ids.length).toBe(SERIES + 1);
    const values = new Map(metric.points.map((p) => [p.tags.map((t) => t.value).join(','), p.value]));
    expect(values.get('12345,s0')).toBe(12345);
    expect(values.get('29999,s2')).toBe(29999);
  });

  it('starts over when series are dropped meanwhile: a tag set dropped and recorded again is listed once', async () => {
    const { provider, counter } = await bigCounter();
    setImmediate(() => {
      // Early in the walk order: already read by the first step.
      counter.remove({ shard: 's1', id: '1' });
      counter.withTags({ shard: 's1', id: '1' }).add(7);
      counter.remove({ shard: 's2', id: '29999' });
    });
    const metric = (await provider.registry().snapshot()).metrics[0] as ValueMetricSnapshot;
    const ids = idsOf(metric);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(SERIES - 1);
    expect(ids).not.toContain('id=29999,shard=s2');
    const recreated = metric.points.find((p) => p.tags.some((t) => t.key === 'id' && t.value === '1'));
    expect(recreated?.value).toBe(7);
  });

  it('reads classic histograms in steps too', async () => {
    const provider = await createProvider({ provider: 'memory', cardinalityLimit: 100_000 });
    const histogram = provider.histogram('latency_seconds', { buckets: [1, 10], cardinalityLimit: 100_000 });
    for (let i = 0; i < SERIES; i++) histogram.withTags({ id: `${i}` }).observe(i % 20);
    setImmediate(() => {
      histogram.remove({ id: '0' });
      histogram.withTags({ id: '0' }).observe(5);
    });
    const metric = (await provider.registry().snapshot()).metrics[0] as HistogramMetricSnapshot;
    const ids = idsOf(metric);
    expect(new Set(ids).size).toBe(SERIES);
    const zero = metric.points.find((p) => p.tags[0]!.value === '0')!;
    expect(zero.buckets.map((b) => b.count)).toEqual([0, 1, 1]);
    const nineteen = metric.points.find((p) => p.tags[0]!.value === '19')!;
    expect(nineteen.buckets.map((b) => b.count)).toEqual([0, 0, 1]);
    expect(nineteen.sum).toBe(19);
  });
});
