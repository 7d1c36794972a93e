import { describe, expect, it } from 'vitest';
import { bucketDeltas, DeltaTracker, monotonicDelta } from './delta-tracker.js';

const INF = Number.POSITIVE_INFINITY;

describe('DeltaTracker', () => {
  it('returns the previous flush state and forgets series absent from a flush', () => {
    const tracker = new DeltaTracker();
    tracker.remember('a', { value: 1 });
    tracker.remember('b', { value: 2 });
    expect(tracker.previous('a')).toBeUndefined();
    tracker.commit();
    expect(tracker.previous('a')).toEqual({ value: 1 });
    tracker.remember('a', { value: 5 });
    tracker.commit();
    expect(tracker.previous('a')).toEqual({ value: 5 });
    expect(tracker.previous('b')).toBeUndefined();
    expect(tracker.size).toBe(1);
  });
});

describe('monotonicDelta', () => {
  it('subtracts, treats a decrease as a restart and a new series as all new', () => {
    expect(monotonicDelta(10, 4)).toBe(6);
    expect(monotonicDelta(3, 10)).toBe(3);
    expect(monotonicDelta(7, undefined)).toBe(7);
  });
});

describe('bucketDeltas', () => {
  const before = [
    { upperBound: 1, count: 1 },
    { upperBound: INF, count: 2 },
  ];
  it('subtracts bucket by bucket', () => {
    const now = [
      { upperBound: 1, count: 4 },
      { upperBound: INF, count: 6 },
    ];
    expect(bucketDeltas(now, before)).toEqual([
      { upperBound: 1, count: 3 },
      { upperBound: INF, count: 4 },
    ]);
  });
  it('keeps the current buckets when the previous ones do not match or went down', () => {
    const reset = [
      { upperBound: 1, count: 0 },
      { upperBound: INF, count: 1 },
    ];
    const otherBounds = [
      { upperBound: 2, count: 5 },
      { upperBound: INF, count: 5 },
    ];
    expect(bucketDeltas(reset, before)).toBe(reset);
    expect(bucketDeltas(otherBounds, before)).toBe(otherBounds);
    expect(bucketDeltas(reset, undefined)).toBe(reset);
    expect(bucketDeltas(reset, [{ upperBound: INF, count: 0 }])).toBe(reset);
  });
});
