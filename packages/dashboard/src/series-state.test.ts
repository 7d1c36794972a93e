import { createProvider } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { flattenSnapshot, sameValues } from './series-state.js';

describe('flattenSnapshot', () => {
  it('flattens each kind of metric to the values the page reads', async () => {
    const provider = await createProvider({ provider: 'memory' });
    provider.histogram('size', { buckets: [1, 10] }).observe(5);
    provider.summary('latency', { quantiles: [0.5, 0.9] });
    provider.summary('latency').observe(2);
    provider.gauge('temperature').set(Number.POSITIVE_INFINITY);
    const { entries, omitted } = flattenSnapshot(await provider.registry().snapshot(), 100);
    expect(omitted).toBe(0);
    const byFamily = new Map([...entries.values()].map((entry) => [entry.descriptor.family, entry]));
    // [count, sum, cumulative bucket counts]; +Inf travels as null because JSON cannot carry it.
    expect(byFamily.get('size')!.values).toEqual([1, 5, 0, 1, 1]);
    expect(byFamily.get('size')!.descriptor.bounds).toEqual([1, 10, null]);
    expect(byFamily.get('latency')!.descriptor.quantiles).toEqual([0.5, 0.9]);
    expect(byFamily.get('latency')!.values.slice(0, 2)).toEqual([1, 2]);
    expect(byFamily.get('latency')!.values[2]).toBeCloseTo(2, 1);
    expect(byFamily.get('temperature')!.values).toEqual([null]);
    expect(JSON.parse(JSON.stringify([...entries.values()].map((e) => e.values)))).toEqual(
      [...entries.values()].map((e) => e.values),
    );
  });

  it('keeps at most maxSeries and counts the rest', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const counter = provider.counter('hits_total');
    for (let i = 0; i < 10; i++) counter.withTags({ i: String(i) }).inc();
    const { entries, omitted } = flattenSnapshot(await provider.registry().snapshot(), 4);
    expect(entries.size).toBe(4);
    expect(omitted).toBe(6);
  });
});

describe('sameValues', () => {
  it('compares position by position', () => {
    expect(sameValues([1, null, 3], [1, null, 3])).toBe(true);
    expect(sameValues([1, 2], [1, 3])).toBe(false);
    expect(sameValues([1], [1, 0])).toBe(false);
  });
});
