import { describe, expect, it } from 'vitest';
import { ExponentialHistogram } from './exponential-histogram.js';

function fed(values: number[], maxBuckets = 160, maxScale = 20) {
  const histogram = new ExponentialHistogram({ maxBuckets, maxScale });
  for (const value of values) histogram.record(value, 1);
  return histogram.toBuckets();
}

describe('ExponentialHistogram', () => {
  it('starts at maxScale and keeps one bucket for one value', () => {
    expect(fed([1.5])).toEqual({
      scale: 20,
      zeroCount: 0,
      zeroThreshold: 0,
      // 1.5 = 2^0.58496…: bucket floor(0.58496 * 2^20) = 613_369 at scale 20.
      positive: { offset: Math.floor(Math.log2(1.5) * 2 ** 20), counts: [1] },
      negative: { offset: 0, counts: [] },
    });
  });

  it('downscales to the finest scale at which every value fits in maxBuckets', () => {
    // 1, 2, 4 … 2^9 at maxBuckets 4: scale 0 needs indexes -1..8 (10 buckets), scale -1 needs
    // -1..4 (6), scale -2 needs -1..2 (4): fits.
    const values = Array.from({ length: 10 }, (_, i) => 2 ** i);
    const buckets = fed(values, 4, 0);
    expect(buckets.scale).toBe(-2);
    // base 16: (1/16, 1] holds 1; (1, 16] holds 2, 4, 8, 16; (16, 256] holds 32..256; (256, 4096] 512.
    expect(buckets.positive).toEqual({ offset: -1, counts: [1, 4, 4, 1] });
  });

  it('reaches the same scale and counts whatever the order of the values', () => {
    const values = [0.003, 17, 250, 0.5, 1e-6, 42, 3.3, 9999, 0.07];
    const forward = fed(values, 8);
    const backward = fed([...values].reverse(), 8);
    expect(backward).toEqual(forward);
    expect(forward.positive.counts.length).toBeLessThanOrEqual(8);
    expect(forward.positive.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
  });

  it('keeps negative values by magnitude at the shared scale, and exact zeros apart', () => {
    const buckets = fed([-1.5, -3, 0, -0, 1.5], 160, 0);
    expect(buckets.zeroCount).toBe(2);
    expect(buckets.negative).toEqual({ offset: 0, counts: [1, 1] });
    expect(buckets.positive).toEqual({ offset: 0, counts: [1] });
  });

  it('a wide negative range lowers the scale of the positive side too', () => {
    const buckets = fed([1.5, -1e-300, -1e300], 10);
    expect(buckets.negative.counts.length).toBeLessThanOrEqual(10);
    expect(buckets.scale).toBeLessThan(0);
    expect(buckets.positive.counts).toEqual([1]);
  });

  it('ignores NaN and ±Infinity (they have no bucket) and adds weights', () => {
    const histogram = new ExponentialHistogram({ maxBuckets: 160, maxScale: 3 });
    histogram.record(Number.NaN, 1);
    histogram.record(Number.POSITIVE_INFINITY, 1);
    histogram.record(Number.NEGATIVE_INFINITY, 1);
    histogram.record(1.1, 4);
    histogram.record(1.1, 4);
    expect(histogram.toBuckets()).toEqual({
      scale: 3,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 1, counts: [8] }, // 2^(1/8) = 1.0905 < 1.1 <= 2^(2/8)
      negative: { offset: 0, counts: [] },
    });
  });

  it('spans the whole double range within two buckets at scale -10', () => {
    const buckets = fed([Number.MIN_VALUE, 2 ** -1022, 1, Number.MAX_VALUE], 2);
    expect(buckets.scale).toBeGreaterThanOrEqual(-10);
    expect(buckets.positive.counts.length).toBeLessThanOrEqual(2);
    expect(buckets.positive.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
