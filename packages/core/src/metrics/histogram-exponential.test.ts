import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate-config.js';
import { ConfigError, InvalidMetricOptionsError } from '../errors.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import type { HistogramMetricSnapshot } from '../snapshot.js';

const registry = (exponentialHistograms = false) =>
  new MemoryRegistry(createMetricStore({ exponentialHistograms }));

async function pointOf(reg: MemoryRegistry, name: string) {
  const snapshot = await reg.snapshot();
  const metric = snapshot.metrics.find((m) => m.name === name) as HistogramMetricSnapshot;
  return metric.points[0]!;
}

describe('exponential histograms', () => {
  it('without buckets: one +Inf classic bucket, exponential buckets, count/sum/min/max as ever', async () => {
    const reg = registry();
    const histogram = reg.histogram('latency', { exponential: true });
    for (const v of [0.5, 1.5, 3, 0]) histogram.observe(v);
    const point = await pointOf(reg, 'latency');
    expect(point.count).toBe(4);
    expect(point.sum).toBe(5);
    expect(point.min).toBe(0);
    expect(point.max).toBe(3);
    expect(point.buckets).toEqual([{ upperBound: Number.POSITIVE_INFINITY, count: 4 }]);
    const exponential = point.exponential!;
    expect(exponential.zeroCount).toBe(1);
    expect(exponential.zeroThreshold).toBe(0);
    expect(exponential.negative).toEqual({ offset: 0, counts: [] });
    expect(exponential.positive.counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(exponential.positive.counts.length).toBeLessThanOrEqual(160);
  });

  it('with buckets: keeps both kinds', async () => {
    const reg = registry();
    const histogram = reg.histogram('size', { buckets: [1, 10], exponential: { maxScale: 2 } });
    for (const v of [0.5, 5, 50]) histogram.observe(v);
    const point = await pointOf(reg, 'size');
    expect(point.buckets.map((b) => b.count)).toEqual([1, 2, 3]);
    // scale 2 (base 2^(1/4)): 0.5 is 2^-1 → index -5; 5 = 2^2.32 → index 9; 50 = 2^5.64 → index 22.
    expect(point.exponential!.scale).toBe(2);
    expect(point.exponential!.positive.offset).toBe(-5);
    const counts = point.exponential!.positive.counts;
    expect(counts.length).toBe(28);
    expect([counts[0], counts[14], counts[27]]).toEqual([1, 1, 1]);
  });

  it('classic histograms have no exponential property', async () => {
    const reg = registry();
    reg.histogram('plain').observe(1);
    expect('exponential' in (await pointOf(reg, 'plain'))).toBe(false);
    expect('exponential' in reg.histogram('plain').snapshot()).toBe(false);
  });

  it('Config.histograms.exponential makes histograms and timers exponential unless they say false', async () => {
    const reg = registry(true);
    reg.histogram('h').observe(2);
    reg.timer('t').record(0.25);
    reg.histogram('off', { exponential: false }).observe(2);
    expect((await pointOf(reg, 'h')).exponential?.positive.counts).toEqual([1]);
    const timer = await pointOf(reg, 't');
    expect(timer.buckets).toEqual([{ upperBound: Number.POSITIVE_INFINITY, count: 1 }]);
    expect(timer.exponential?.positive.counts).toEqual([1]);
    expect((await pointOf(reg, 'off')).exponential).toBeUndefined();
    expect(
      validateConfig({ provider: 'memory', histograms: { exponential: true } }).exponentialHistograms,
    ).toBe(true);
    expect(validateConfig({ provider: 'memory' }).exponentialHistograms).toBe(false);
  });

  it('snapshot() carries the buckets and estimates quantiles from them', () => {
    const histogram = registry().histogram('q', { exponential: true });
    for (let i = 1; i <= 1000; i++) histogram.observe(i / 1000);
    const snapshot = histogram.snapshot();
    expect(snapshot.exponential?.positive.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    const scale = snapshot.exponential!.scale;
    const base = 2 ** (2 ** -scale);
    // The worst case sits exactly at a bucket edge; allow the float rounding of the bounds.
    const bound = ((base - 1) / (base + 1)) * (1 + 1e-9);
    for (const [q, exact] of [
      [0.5, 0.5],
      [0.9, 0.9],
      [0.99, 0.99],
    ] as const) {
      expect(Math.abs(snapshot.quantile(q) - exact) / exact).toBeLessThanOrEqual(bound);
    }
    expect(() => snapshot.quantile(2)).toThrow(RangeError);
  });

  it('±Infinity counts in count, sum and the +Inf bucket but in no exponential bucket; NaN is refused', async () => {
    const reg = registry();
    const histogram = reg.histogram('inf', { exponential: true });
    histogram.observe(Number.POSITIVE_INFINITY);
    expect(() => histogram.observe(Number.NaN)).toThrow(RangeError);
    histogram.observe(1);
    const point = await pointOf(reg, 'inf');
    expect(point.count).toBe(2);
    expect(point.sum).toBe(Number.POSITIVE_INFINITY);
    expect(point.buckets).toEqual([{ upperBound: Number.POSITIVE_INFINITY, count: 2 }]);
    expect(point.exponential!.positive.counts).toEqual([1]);
    expect(point.exponential!.scale).toBe(20);
  });

  it('rejects bad options with a typed error naming the value', () => {
    const reg = registry();
    const bad: unknown[] = [
      'yes',
      { maxScale: 21 },
      { maxScale: -11 },
      { maxScale: 1.5 },
      { maxBuckets: 1 },
      { maxBuckets: 16_385 },
      { maxBuckets: Number.NaN },
      { maxbuckets: 10 },
    ];
    for (const exponential of bad) {
      expect(() => reg.histogram('bad', { exponential } as never), JSON.stringify(exponential)).toThrow(
        InvalidMetricOptionsError,
      );
    }
    expect(() => reg.timer('bad_t', { exponential: { maxScale: 99 } })).toThrow(/exponential.maxScale.*99/);
    expect(() => validateConfig({ provider: 'memory', histograms: { exponential: 'yes' } } as never)).toThrow(
      ConfigError,
    );
    expect(() => validateConfig({ provider: 'memory', histograms: { exponentail: true } } as never)).toThrow(
      /histograms.exponentail/,
    );
  });

  it('a second create call must ask for the same exponential layout, or not say', () => {
    const reg = registry();
    const first = reg.histogram('same', { exponential: { maxBuckets: 40 } });
    expect(reg.histogram('same')).toBe(first);
    expect(reg.histogram('same', { exponential: { maxBuckets: 40 } })).toBe(first);
    expect(() => reg.histogram('same', { exponential: true })).toThrow(/exponential.*differs/);
    expect(() => reg.histogram('same', { exponential: false })).toThrow(InvalidMetricOptionsError);
    reg.timer('plain_timer');
    expect(() => reg.timer('plain_timer', { exponential: true })).toThrow(/not exponential/);
  });
});
