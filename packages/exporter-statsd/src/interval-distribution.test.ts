import { describe, expect, it } from 'vitest';
import { histogramPoint, summaryPoint } from '../test/support/points.js';
import { histogramInterval, summaryInterval } from './interval-distribution.js';

const bounds = [1, 10, 100];

describe('histogramInterval', () => {
  it('takes everything on the first flush, with exact extremes, narrowing the open-ended buckets to them', () => {
    const interval = histogramInterval(undefined, histogramPoint(bounds, [0.5, 5, 7, 500]));
    expect(interval).toEqual({
      count: 4,
      delta: {
        segments: [
          { count: 1, lo: 0.5, hi: 1 },
          { count: 2, lo: 1, hi: 10 },
          { count: 1, lo: 100, hi: 500 },
        ],
        sum: 512.5,
        min: 0.5,
        max: 500,
      },
    });
  });

  it('takes the difference afterwards; extremes are known only when they moved', () => {
    const before = histogramPoint(bounds, [0.5, 5, 500]);
    const inside = histogramInterval(before, histogramPoint(bounds, [0.5, 5, 500, 3, 50]))!;
    expect(inside.count).toBe(2);
    expect(inside.delta.sum).toBe(53);
    expect(inside.delta.min).toBeUndefined();
    expect(inside.delta.max).toBeUndefined();
    expect(inside.delta.segments).toEqual([
      { count: 1, lo: 1, hi: 10 },
      { count: 1, lo: 10, hi: 100 },
    ]);
    const widened = histogramInterval(before, histogramPoint(bounds, [0.5, 5, 500, 0.1, 900]))!;
    expect(widened.delta.min).toBe(0.1);
    expect(widened.delta.max).toBe(900);
  });

  it('returns nothing when there was no observation', () => {
    const point = histogramPoint(bounds, [2]);
    expect(histogramInterval(point, point)).toBeUndefined();
    expect(histogramInterval(undefined, histogramPoint(bounds, []))).toBeUndefined();
  });

  it('counts a re-created series (count went down, or other buckets) from zero', () => {
    const before = histogramPoint(bounds, [2, 3, 4]);
    expect(histogramInterval(before, histogramPoint(bounds, [7]))?.count).toBe(1);
    expect(histogramInterval(before, histogramPoint([5, 50], [2, 3, 4, 6]))?.count).toBe(4);
    // Same count, but a bucket went down: not the same series.
    expect(histogramInterval(before, histogramPoint(bounds, [20, 30, 40, 50]))?.count).toBe(4);
  });
});

describe('summaryInterval', () => {
  it('builds segments between the quantiles, extended linearly to ranks 0 and 1', () => {
    const interval = summaryInterval(
      undefined,
      summaryPoint(100, 5050, [
        [0.5, 50],
        [0.9, 90],
        [0.99, 99],
      ]),
    )!;
    expect(interval.count).toBe(100);
    expect(interval.delta.sum).toBe(5050);
    const [low, ...rest] = interval.delta.segments;
    expect(low).toEqual({ count: 50, lo: 0, hi: 50 });
    expect(rest[0]).toEqual({ count: 40, lo: 50, hi: 90 });
    expect(rest[1]!.count).toBeCloseTo(9, 9);
    expect(rest[2]!.lo).toBe(99);
    expect(rest[2]!.hi).toBeCloseTo(100, 9);
  });

  it('falls back to the mean without quantiles, and takes differences between flushes', () => {
    const first = summaryPoint(4, 40, [[0.5, Number.NaN]]);
    expect(summaryInterval(undefined, first)?.delta.segments).toEqual([{ count: 4, lo: 10, hi: 10 }]);
    const second = summaryPoint(6, 70, [[0.5, 12]]);
    expect(summaryInterval(first, second)).toEqual({
      count: 2,
      delta: { segments: [{ count: 2, lo: 12, hi: 12 }], sum: 30 },
    });
    expect(summaryInterval(second, second)).toBeUndefined();
  });

  it('never lets a segment run backwards', () => {
    const interval = summaryInterval(
      undefined,
      summaryPoint(10, 50, [
        [0.5, 6],
        [0.9, 5.9],
      ]),
    )!;
    for (const segment of interval.delta.segments) expect(segment.hi).toBeGreaterThanOrEqual(segment.lo);
  });
});
