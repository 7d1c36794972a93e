import { describe, expect, it } from 'vitest';
import { InvalidMetricOptionsError } from '../errors.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';

describe('histogram and timer sampling', () => {
  it('keeps count, bucket counts and sum unbiased over 1,000,000 observations at sampleRate 0.01', () => {
    // Values i / n for i < n: uniform on [0, 1). With p = 0.01 the relative standard error is
    // sqrt(0.99 / (n p)) ≈ 1.0% for the count and ≈ 1.15% for the sum; the bound is 6% (over 5 sigma).
    const n = 1_000_000;
    const histogram = new MemoryRegistry(createMetricStore()).histogram('sampled', {
      buckets: [0.5],
      sampleRate: 0.01,
    });
    for (let i = 0; i < n; i++) histogram.observe(i / n);
    const snapshot = histogram.snapshot();
    const exactSum = (n - 1) / 2;
    expect(Math.abs(snapshot.count - n) / n).toBeLessThan(0.06);
    expect(Math.abs(snapshot.sum - exactSum) / exactSum).toBeLessThan(0.06);
    expect(Math.abs(snapshot.buckets[0]!.count - n / 2) / (n / 2)).toBeLessThan(0.06);
    // Each kept observation stands for 100: every count is a multiple of 100.
    expect(snapshot.count % 100).toBe(0);
  });

  it('records every observation exactly by default', () => {
    const timer = new MemoryRegistry(createMetricStore()).timer('t');
    for (let i = 0; i < 1000; i++) timer.record(0.001);
    expect(timer.snapshot().count).toBe(1000);
  });

  it.each([0, -0.5, 1.5, Number.NaN])('rejects sampleRate %d', (sampleRate) => {
    const registry = new MemoryRegistry(createMetricStore());
    expect(() => registry.histogram('h', { sampleRate })).toThrow(InvalidMetricOptionsError);
    expect(() => registry.timer('t', { sampleRate })).toThrow(/sampleRate/);
  });
});
