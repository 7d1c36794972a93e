import { describe, expect, it } from 'vitest';
import { InvalidMetricOptionsError } from '../errors.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import { ManualClock } from '../testing/manual-clock.js';
import { DEFAULT_RELATIVE_ACCURACY, RelativeErrorSketch } from './relative-error-sketch.js';

/** A seeded generator, so the test sees the same samples every run. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logNormalSamples(count: number): Float64Array {
  const random = mulberry32(42);
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // Box-Muller; mu = 0, sigma = 1.5: a long-tailed latency-like distribution.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    samples[i] = Math.exp(1.5 * z) / 100;
  }
  return samples;
}

describe('relative-error sketch', () => {
  it('keeps p50, p90 and p99 of 1,000,000 log-normal samples within the stated 1% relative error', () => {
    const samples = logNormalSamples(1_000_000);
    const sketch = new RelativeErrorSketch();
    for (const v of samples) sketch.add(v);
    const sorted = Float64Array.from(samples).sort();
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
      const estimate = sketch.quantile(q);
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(DEFAULT_RELATIVE_ACCURACY);
    }
  });

  it('merges exactly: two halves merged answer as the whole', () => {
    const whole = new RelativeErrorSketch();
    const left = new RelativeErrorSketch();
    const right = new RelativeErrorSketch();
    for (let i = 1; i <= 1000; i++) {
      whole.add(i);
      (i % 2 ? left : right).add(i);
    }
    left.merge(right);
    for (const q of [0, 0.25, 0.5, 0.99, 1]) expect(left.quantile(q)).toBe(whole.quantile(q));
    expect(left.count).toBe(1000);
  });

  it('round-trips through plain data and merges rebuilt sketches exactly', () => {
    const a = new RelativeErrorSketch();
    const b = new RelativeErrorSketch();
    for (const v of [-5, 0, 1, 2, 3]) a.add(v);
    for (const v of [4, 5, 1000]) b.add(v);
    const rebuilt = RelativeErrorSketch.fromData(JSON.parse(JSON.stringify(a.toData())));
    for (const q of [0, 0.3, 0.5, 1]) expect(rebuilt.quantile(q)).toBe(a.quantile(q));
    rebuilt.merge(RelativeErrorSketch.fromData(b.toData()));
    a.merge(b);
    for (const q of [0, 0.25, 0.5, 0.75, 1]) expect(rebuilt.quantile(q)).toBe(a.quantile(q));
    expect(rebuilt.count).toBe(8);
  });

  it('handles negative values and zero', () => {
    const sketch = new RelativeErrorSketch();
    for (const v of [-100, -10, 0, 10, 100]) sketch.add(v);
    expect(sketch.quantile(0)).toBeCloseTo(-100, -0.5);
    expect(Math.abs(sketch.quantile(0) + 100) / 100).toBeLessThanOrEqual(0.01);
    expect(sketch.quantile(0.5)).toBe(0);
    expect(Math.abs(sketch.quantile(1) - 100) / 100).toBeLessThanOrEqual(0.01);
    expect(new RelativeErrorSketch().quantile(0.5)).toBeNaN();
  });
});

describe('summary', () => {
  it('reports configured quantiles over the window and all-time count and sum', () => {
    const clock = new ManualClock();
    const summary = new MemoryRegistry(createMetricStore({ clock })).summary('payload', {
      quantiles: [0.5, 0.9],
    });
    for (let i = 1; i <= 100; i++) summary.observe(i);
    const snapshot = summary.snapshot();
    expect(snapshot.count).toBe(100);
    expect(snapshot.sum).toBe(5050);
    expect(Math.abs(snapshot.quantiles.get(0.5)! - 50) / 50).toBeLessThanOrEqual(0.01);
    expect(Math.abs(snapshot.quantiles.get(0.9)! - 90) / 90).toBeLessThanOrEqual(0.01);
    expect(Math.abs(snapshot.quantile(0.99) - 99) / 99).toBeLessThanOrEqual(0.01);
  });

  it('lets samples older than maxAgeSeconds leave the window, while count and sum stay cumulative', () => {
    const clock = new ManualClock();
    const summary = new MemoryRegistry(createMetricStore({ clock })).summary('latency', {
      quantiles: [0.5],
      maxAgeSeconds: 60,
      ageBuckets: 3,
    });
    for (let i = 0; i < 100; i++) summary.observe(1000);
    clock.advance(30_000);
    for (let i = 0; i < 10; i++) summary.observe(1);
    expect(Math.abs(summary.snapshot().quantile(0.5) - 1000) / 1000).toBeLessThanOrEqual(0.01);
    clock.advance(40_000); // the 1000s are now 70 s old: out of a 60 s window
    expect(Math.abs(summary.snapshot().quantile(0.5) - 1) / 1).toBeLessThanOrEqual(0.01);
    clock.advance(120_000);
    expect(summary.snapshot().quantile(0.5)).toBeNaN();
    expect(summary.snapshot().count).toBe(110);
    expect(summary.snapshot().sum).toBe(100_010);
  });

  it.each([
    [{ quantiles: [1.5] }, /quantiles/],
    [{ quantiles: [-0.1] }, /quantiles/],
    [{ quantiles: [Number.NaN] }, /quantiles/],
    [{ maxAgeSeconds: 0 }, /maxAgeSeconds/],
    [{ ageBuckets: 0 }, /ageBuckets/],
  ])('rejects %j', (options, message) => {
    const registry = new MemoryRegistry(createMetricStore());
    expect(() => registry.summary('s', options)).toThrow(InvalidMetricOptionsError);
    expect(() => registry.summary('s', options)).toThrow(message);
  });
});
