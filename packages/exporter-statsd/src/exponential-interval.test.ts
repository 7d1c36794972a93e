import type { HistogramPoint } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { exponentialInterval } from './exponential-interval.js';

/** A point of an exponential-only histogram at scale 0 (base 2). */
function point(
  count: number,
  sum: number,
  min: number,
  max: number,
  positive: number[],
  zero = 0,
  negative: number[] = [],
): HistogramPoint {
  return {
    tags: [],
    count,
    sum,
    min,
    max,
    buckets: [{ upperBound: Number.POSITIVE_INFINITY, count }],
    exponential: {
      scale: 0,
      zeroCount: zero,
      zeroThreshold: 0,
      positive: { offset: 0, counts: positive },
      negative: { offset: 1, counts: negative },
    },
  };
}

describe('exponentialInterval', () => {
  it('gives one segment per bucket, ascending, narrowed by min and max', () => {
    // -3 in (-4, -2]; 0; 1.5 in (1, 2]; 3 and 3.5 in (2, 4].
    const interval = exponentialInterval(undefined, point(5, 5, -3, 3.5, [1, 2], 1, [1]));
    expect(interval).toEqual({
      count: 5,
      delta: {
        segments: [
          { count: 1, lo: -3, hi: -2 },
          { count: 1, lo: 0, hi: 0 },
          { count: 1, lo: 1, hi: 2 },
          { count: 2, lo: 2, hi: 3.5 },
        ],
        sum: 5,
        min: -3,
        max: 3.5,
      },
    });
  });

  it('subtracts the previous flush, and starts over when counts went down', () => {
    const before = point(2, 3, 1.5, 1.5, [2]);
    const after = point(3, 6, 1.5, 3, [2, 1]);
    expect(exponentialInterval(before, after)).toEqual({
      count: 1,
      delta: { segments: [{ count: 1, lo: 2, hi: 3 }], sum: 3, min: undefined, max: 3 },
    });
    const reset = point(1, 1.5, 1.5, 1.5, [1]);
    expect(exponentialInterval(after, reset)?.count).toBe(1);
    expect(exponentialInterval(after, after)).toBeUndefined();
  });
});
