import { describe, expect, it } from 'vitest';
import { exponentialQuantile } from './exponential-quantile.js';

describe('exponentialQuantile', () => {
  const buckets = {
    scale: 0,
    zeroCount: 1,
    zeroThreshold: 0,
    // (1, 2]: 2 values, (2, 4]: 1 value; negatives (-4, -2]: 1 value.
    positive: { offset: 0, counts: [2, 1] },
    negative: { offset: 1, counts: [1] },
  };

  it('returns the point 2LU/(L+U) of the bucket holding rank ceil(q * count)', () => {
    expect(exponentialQuantile(0, buckets)).toBeCloseTo(-8 / 3, 12); // 2*2*4/(2+4)
    expect(exponentialQuantile(0.2, buckets)).toBeCloseTo(-8 / 3, 12); // rank 1
    expect(exponentialQuantile(0.4, buckets)).toBe(0); // rank 2: the zero
    expect(exponentialQuantile(0.5, buckets)).toBeCloseTo(4 / 3, 12); // rank 3: (1, 2]
    expect(exponentialQuantile(0.8, buckets)).toBeCloseTo(4 / 3, 12);
    expect(exponentialQuantile(1, buckets)).toBeCloseTo(8 / 3, 12);
  });

  it('clamps to min and max, and is NaN without observations', () => {
    expect(exponentialQuantile(1, buckets, -3, 3.5)).toBeCloseTo(8 / 3, 12);
    expect(exponentialQuantile(1, buckets, -3, 2.5)).toBe(2.5);
    expect(exponentialQuantile(0, buckets, -2.1, 3)).toBe(-2.1);
    const empty = {
      ...buckets,
      zeroCount: 0,
      positive: { offset: 0, counts: [] },
      negative: { offset: 0, counts: [] },
    };
    expect(exponentialQuantile(0.5, empty)).toBeNaN();
  });
});
