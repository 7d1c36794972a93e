import type { MetricSnapshot } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { tags } from '../test/support/merge-test-support.js';
import { decodePart, encodeParts } from './wire-format.js';

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const roundTrip = (metrics: MetricSnapshot[], pointsPerPart = 1000) =>
  [...encodeParts(metrics, pointsPerPart)].flatMap((part) => decodePart(throughJson(part)));

const exemplar = (trace: string, value: number, timestamp: number) => ({
  tags: { trace_id: trace, span_id: 's' },
  value,
  timestamp,
});

describe('wire format exemplars', () => {
  it('carry counter, classic bucket (an infinite value included) and exponential exemplars through JSON', () => {
    const metrics: MetricSnapshot[] = [
      {
        name: 'jobs',
        type: 'counter',
        description: '',
        unit: '',
        startTime: 1,
        points: [
          { tags: tags({ a: '1' }), value: 1 },
          { tags: tags({ a: '2' }), value: 2, exemplar: exemplar('t1', 2, 1_700_000_000_001) },
        ],
      },
      {
        name: 'wait',
        type: 'timer',
        description: '',
        unit: 'seconds',
        startTime: 1,
        exponential: { maxBuckets: 160, maxScale: 20 },
        points: [
          {
            tags: tags({}),
            count: 2,
            sum: Number.POSITIVE_INFINITY,
            min: 0.5,
            max: Number.POSITIVE_INFINITY,
            buckets: [
              { upperBound: 1, count: 1, exemplar: exemplar('t2', 0.5, 5) },
              {
                upperBound: Number.POSITIVE_INFINITY,
                count: 2,
                exemplar: exemplar('t3', Number.POSITIVE_INFINITY, 6),
              },
            ],
            exponential: {
              scale: 3,
              zeroCount: 0,
              zeroThreshold: 0,
              positive: { offset: -8, counts: [1] },
              negative: { offset: 0, counts: [] },
              exemplars: [exemplar('t2', 0.5, 5)],
            },
          },
        ],
      },
    ];
    expect(roundTrip(metrics)).toEqual(metrics);
    // Split into one point per part, each part numbers its own points.
    const pointsOf = (list: readonly MetricSnapshot[]) =>
      list.flatMap((metric): unknown[] => [...metric.points]);
    expect(pointsOf(roundTrip(metrics, 1))).toEqual(pointsOf(metrics));
  });

  it('add nothing to a part without exemplars', () => {
    const [part] = [
      ...encodeParts(
        [
          {
            name: 'c',
            type: 'counter',
            description: '',
            unit: '',
            startTime: 1,
            points: [{ tags: [], value: 1 }],
          },
        ],
        10,
      ),
    ];
    expect(part![0]).not.toHaveProperty('v');
  });
});
