import { describe, expect, it } from 'vitest';
import { InvalidMetricOptionsError } from '../errors.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import { DEFAULT_BUCKETS } from './buckets.js';
import { histogramQuantile } from './histogram-quantile.js';

const registry = () => new MemoryRegistry(createMetricStore());

describe('histogram', () => {
  it('counts observations into cumulative buckets with le semantics', () => {
    const histogram = registry().histogram('latency', { buckets: [0.1, 0.5, 1] });
    for (const v of [0.05, 0.1, 0.3, 0.5, 0.7, 2, 100]) histogram.observe(v);
    const snapshot = histogram.snapshot();
    expect(snapshot.count).toBe(7);
    expect(snapshot.sum).toBeCloseTo(103.65, 10);
    expect(snapshot.buckets).toEqual([
      { upperBound: 0.1, count: 2 },
      { upperBound: 0.5, count: 4 },
      { upperBound: 1, count: 5 },
      { upperBound: Number.POSITIVE_INFINITY, count: 7 },
    ]);
  });

  it("uses prom-client's default buckets", () => {
    expect(DEFAULT_BUCKETS).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    const histogram = registry().histogram('d');
    histogram.observe(0.003);
    expect(histogram.snapshot().buckets.map((b) => b.upperBound)).toEqual([
      ...DEFAULT_BUCKETS,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('finds buckets by binary search when there are many', () => {
    const bounds = Array.from({ length: 40 }, (_, i) => i + 1);
    const histogram = registry().histogram('many', { buckets: bounds });
    for (const v of [0.5, 1, 1.5, 20, 39.9, 40, 41]) histogram.observe(v);
    const buckets = histogram.snapshot().buckets;
    expect(buckets[0]!.count).toBe(2); // 0.5, 1
    expect(buckets[1]!.count).toBe(3); // + 1.5
    expect(buckets[19]!.count).toBe(4); // + 20
    expect(buckets[39]!.count).toBe(6); // + 39.9, 40
    expect(buckets[40]!.count).toBe(7); // + 41 in +Inf
  });

  it('refuses NaN with a RangeError naming the metric, so the sum stays usable', () => {
    const histogram = registry().histogram('h', { buckets: [1] });
    histogram.observe(0.5);
    expect(() => histogram.observe(Number.NaN)).toThrow(RangeError);
    expect(() => histogram.observe(Number.NaN)).toThrow(/"h"/);
    expect(histogram.snapshot().count).toBe(1);
    expect(histogram.snapshot().sum).toBe(0.5);
  });

  it.each([
    [[1, 0.5], /not sorted: 0.5 after 1/],
    [[1, 1], /duplicate bound 1/],
    [[1, Number.NaN], /non-number bound at index 1/],
    [[Number.NEGATIVE_INFINITY, 1], /infinite bound/],
  ])('rejects buckets %j', (buckets, message) => {
    expect(() => registry().histogram('bad', { buckets })).toThrow(InvalidMetricOptionsError);
    expect(() => registry().histogram('bad', { buckets })).toThrow(message);
  });

  it('rejects a second creation with different buckets', () => {
    const reg = registry();
    reg.histogram('h', { buckets: [1, 2] });
    expect(reg.histogram('h', { buckets: [1, 2] })).toBeDefined();
    expect(() => reg.histogram('h', { buckets: [1, 3] })).toThrow(/differ from the buckets/);
  });
});

describe('histogram quantile, as PromQL histogram_quantile', () => {
  const buckets = [
    { upperBound: 0.1, count: 10 },
    { upperBound: 0.5, count: 30 },
    { upperBound: 1, count: 40 },
    { upperBound: Number.POSITIVE_INFINITY, count: 50 },
  ];

  it('interpolates linearly inside the bucket holding the rank (hand-computed)', () => {
    // q=0.5: rank 25 lies in (0.1, 0.5] which holds 20 from rank 10: 0.1 + 0.4 * (15 / 20) = 0.4
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.4, 12);
    // q=0.1: rank 5 in the first bucket, which starts at 0: 0.1 * 5 / 10 = 0.05
    expect(histogramQuantile(0.1, buckets)).toBeCloseTo(0.05, 12);
    // q=0.7: rank 35 in (0.5, 1] holding 10 from rank 30: 0.5 + 0.5 * 5 / 10 = 0.75
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.75, 12);
  });

  it('returns the highest finite bound for ranks in the +Inf bucket, NaN when empty', () => {
    expect(histogramQuantile(0.9, buckets)).toBe(1);
    expect(
      histogramQuantile(0.5, [
        { upperBound: 1, count: 0 },
        { upperBound: Number.POSITIVE_INFINITY, count: 0 },
      ]),
    ).toBeNaN();
  });

  it('is reachable from a histogram snapshot and rejects quantiles outside [0, 1]', () => {
    const histogram = registry().histogram('h', { buckets: [0.1, 0.5, 1] });
    for (let i = 0; i < 10; i++) histogram.observe(0.05);
    for (let i = 0; i < 20; i++) histogram.observe(0.3);
    expect(histogram.snapshot().quantile(0.5)).toBeCloseTo(0.1 + 0.4 * (5 / 20), 12);
    expect(() => histogram.snapshot().quantile(1.5)).toThrow(RangeError);
    expect(() => histogram.snapshot().quantile(-0.1)).toThrow(RangeError);
  });
});
