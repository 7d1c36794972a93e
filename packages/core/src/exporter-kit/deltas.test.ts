import { describe, expect, it } from 'vitest';
import type { ExponentialBuckets } from '../snapshot.js';
import {
  bucketDeltas,
  bucketsContinue,
  counterDelta,
  exponentialDelta,
  intervalStart,
  monotonicDelta,
  observationDelta,
} from './deltas.js';

describe('delta helpers', () => {
  it('monotonicDelta: the increase, or the whole value after a reset or for a new series', () => {
    expect(monotonicDelta(10, 4)).toBe(6);
    expect(monotonicDelta(3, 10)).toBe(3);
    expect(monotonicDelta(5, undefined)).toBe(5);
  });

  it('counterDelta: intervals tile time; a reset starts at the previous flush, a new series at its start', () => {
    const series = { last: undefined as unknown, lastTime: undefined as number | undefined };
    expect(counterDelta(series, 5, 1_000, 2_000)).toEqual({ value: 5, startTime: 1_000, fresh: true });
    expect(counterDelta(series, 8, 1_000, 3_000)).toEqual({ value: 3, startTime: 2_000, fresh: false });
    expect(counterDelta(series, 2, 1_000, 4_000)).toEqual({ value: 2, startTime: 3_000, fresh: true });
    expect(series).toEqual({ last: 2, lastTime: 4_000 });
    // A re-created series (SeriesMemory cleared lastTime) starts at its own start time.
    expect(intervalStart(undefined, 3_500, true)).toBe(3_500);
    // A reset never reaches back before the series' start.
    expect(intervalStart(3_000, 3_500, true)).toBe(3_500);
    expect(intervalStart(3_000, 1_000, false)).toBe(3_000);
  });

  it('observationDelta: count and sum since the previous point; a lower count is a restart', () => {
    expect(observationDelta({ count: 5, sum: 10 }, { count: 2, sum: 3 })).toEqual({
      count: 3,
      sum: 7,
      fresh: false,
    });
    expect(observationDelta({ count: 1, sum: 4 }, { count: 2, sum: 3 })).toEqual({
      count: 1,
      sum: 4,
      fresh: true,
    });
    expect(observationDelta({ count: 1, sum: 4 }, undefined)).toEqual({ count: 1, sum: 4, fresh: true });
  });

  it('bucketDeltas: per bucket, still cumulative; other bounds or a bucket that went down mean a reset', () => {
    const before = [
      { upperBound: 1, count: 1 },
      { upperBound: Infinity, count: 3 },
    ];
    const now = [
      { upperBound: 1, count: 2 },
      { upperBound: Infinity, count: 6 },
    ];
    expect(bucketDeltas(now, before)).toEqual([
      { upperBound: 1, count: 1 },
      { upperBound: Infinity, count: 3 },
    ]);
    const rebucketed = [
      { upperBound: 2, count: 2 },
      { upperBound: Infinity, count: 6 },
    ];
    expect(bucketDeltas(rebucketed, before)).toBe(rebucketed);
    // The cumulative counts grew, but bucket 1's own count went from 1 to 0: not the same series.
    const moved = [
      { upperBound: 1, count: 0 },
      { upperBound: Infinity, count: 4 },
    ];
    expect(bucketsContinue(before, moved)).toBe(false);
    expect(bucketDeltas(now, undefined)).toBe(now);
  });

  it('exponentialDelta: exact subtraction, undefined when the series cannot continue', () => {
    const span = (offset: number, counts: number[]) => ({ offset, counts });
    const point = (counts: number[], scale = 2): ExponentialBuckets => ({
      scale,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: span(0, counts),
      negative: span(0, []),
    });
    const delta = exponentialDelta(point([2, 3]), point([1, 1]));
    expect(delta?.positive.counts).toEqual([1, 2]);
    expect(exponentialDelta(point([0, 3]), point([1, 1]))).toBeUndefined();
    expect(exponentialDelta(point([1, 1], 3), point([1, 1], 2))).toBeUndefined();
    expect(exponentialDelta(point([1]), undefined)).toBeUndefined();
  });
});
