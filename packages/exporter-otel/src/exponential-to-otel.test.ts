import type { HistogramMetricSnapshot } from '@meterkit/core';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { exponentialHistogramData } from './exponential-to-otel.js';
import { OtlpDeltas } from './otlp-deltas.js';

const T0 = Date.UTC(2026, 0, 1);

function metric(count: number, positive: number[], infinite = 0): HistogramMetricSnapshot {
  return {
    name: 'lat',
    type: 'histogram',
    description: '',
    unit: '',
    startTime: T0,
    points: [
      {
        tags: [],
        count: count + infinite,
        sum: infinite > 0 ? Number.POSITIVE_INFINITY : count,
        min: 1.5,
        max: infinite > 0 ? Number.POSITIVE_INFINITY : 3,
        buckets: [{ upperBound: Number.POSITIVE_INFINITY, count: count + infinite }],
        exponential: {
          scale: 0,
          zeroCount: 0,
          zeroThreshold: 0,
          positive: { offset: 0, counts: positive },
          negative: { offset: 0, counts: [] },
        },
      },
    ],
  };
}

describe('exponentialHistogramData', () => {
  it('counts only what has a bucket, as OTLP requires count = zero count + bucket counts', () => {
    const data = exponentialHistogramData(metric(3, [2, 1], 1), T0 + 1000, 'cumulative', new OtlpDeltas());
    expect(data.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    expect(data.dataPoints[0]!.value).toMatchObject({
      count: 3,
      sum: Number.POSITIVE_INFINITY,
      scale: 0,
      zeroCount: 0,
      positive: { offset: 0, bucketCounts: [2, 1] },
    });
  });

  it('reports a series whose counts went down (a reset) whole, with min and max', () => {
    const deltas = new OtlpDeltas();
    const read = (m: HistogramMetricSnapshot, at: number) => {
      deltas.beginCollection();
      const point = exponentialHistogramData(m, at, 'delta', deltas).dataPoints[0]!;
      deltas.endCollection();
      return point;
    };
    read(metric(3, [2, 1]), T0 + 1000);
    const grown = read(metric(4, [2, 2]), T0 + 2000);
    expect(grown.value).toMatchObject({
      count: 1,
      positive: { offset: 1, bucketCounts: [1] },
      min: undefined,
    });
    const reset = read(metric(1, [1]), T0 + 3000);
    expect(reset.value).toMatchObject({
      count: 1,
      positive: { offset: 0, bucketCounts: [1] },
      min: 1.5,
      max: 3,
    });
    expect(reset.startTime).toEqual([Math.floor((T0 + 2000) / 1000), 0]);
  });
});
