import type { Snapshot } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { MonotonicGuard } from './monotonic-guard.js';

const tags = [{ key: 'queue', value: 'mail' }];

function counterAt(timestamp: number, value: number, startTime = 1_000): Snapshot {
  return {
    timestamp,
    metrics: [
      {
        name: 'jobs_total',
        type: 'counter',
        description: '',
        unit: '',
        startTime: 1_000,
        points: [{ tags, value, startTime }],
      },
    ],
  };
}

function histogramAt(timestamp: number, count: number): Snapshot {
  return {
    timestamp,
    metrics: [
      {
        name: 'latency',
        type: 'histogram',
        description: '',
        unit: '',
        startTime: 1_000,
        points: [
          {
            tags,
            count,
            sum: count,
            min: 1,
            max: 1,
            buckets: [{ upperBound: Number.POSITIVE_INFINITY, count }],
            startTime: 1_000,
          },
        ],
      },
    ],
  };
}

const startOf = (snapshot: Snapshot) => snapshot.metrics[0]!.points[0]!.startTime;

describe('MonotonicGuard', () => {
  it('gives a merged counter that went down (removed in some workers only) a new start time', () => {
    const guard = new MonotonicGuard();
    expect(startOf(guard.apply(counterAt(2_000, 10)))).toBe(1_000);
    expect(startOf(guard.apply(counterAt(3_000, 12)))).toBe(1_000);
    const dropped = guard.apply(counterAt(4_000, 7));
    expect(startOf(dropped)).toBe(4_000);
    expect(dropped.metrics[0]!.points[0]).toMatchObject({ value: 7 });
    // The new stream goes on from there; rising again keeps its start time.
    expect(startOf(guard.apply(counterAt(5_000, 9)))).toBe(4_000);
  });

  it('leaves a decrease that already has a new start time, and gauges, as they are', () => {
    const guard = new MonotonicGuard();
    guard.apply(counterAt(2_000, 10));
    const restarted = counterAt(3_000, 1, 2_500);
    expect(guard.apply(restarted)).toBe(restarted);
    const gauge: Snapshot = {
      timestamp: 4_000,
      metrics: [{ ...counterAt(0, 5).metrics[0]!, type: 'gauge' } as Snapshot['metrics'][number]],
    };
    expect(guard.apply(gauge)).toBe(gauge);
  });

  it('guards histogram counts the same way', () => {
    const guard = new MonotonicGuard();
    guard.apply(histogramAt(2_000, 5));
    expect(startOf(guard.apply(histogramAt(3_000, 3)))).toBe(3_000);
  });
});
