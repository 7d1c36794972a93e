import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { FIRST_SENTINEL, withNonFiniteAsSentinels } from './json-non-finite.js';

const batch = (values: number[], histogram: { sum: number; min: number; max: number }): ResourceMetrics =>
  ({
    resource: { attributes: {} },
    scopeMetrics: [
      {
        scope: { name: 'test' },
        metrics: [
          { descriptor: { name: 'g' }, dataPoints: values.map((value) => ({ attributes: {}, value })) },
          { descriptor: { name: 'h' }, dataPoints: [{ attributes: {}, value: { ...histogram, count: 1 } }] },
        ],
      },
    ],
  }) as unknown as ResourceMetrics;

describe('non-finite doubles in OTLP/JSON', () => {
  it('become the protobuf JSON mapping strings, finite values untouched, the input unchanged', () => {
    const input = batch([Number.NaN, 1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], {
      sum: Number.POSITIVE_INFINITY,
      min: 0.25,
      max: Number.NaN,
    });
    const { metrics, restore } = withNonFiniteAsSentinels(input);
    const json = JSON.parse(restore(JSON.stringify(metrics)));
    const [gauge, histogram] = json.scopeMetrics[0].metrics;
    expect(gauge.dataPoints.map((p: { value: unknown }) => p.value)).toEqual([
      'NaN',
      1.5,
      'Infinity',
      '-Infinity',
    ]);
    expect(histogram.dataPoints[0].value).toEqual({ sum: 'Infinity', min: 0.25, max: 'NaN', count: 1 });
    expect((input.scopeMetrics[0]!.metrics[0]!.dataPoints[0] as { value: number }).value).toBeNaN();
  });

  it('never mistakes a real value for a sentinel', () => {
    const { metrics, restore } = withNonFiniteAsSentinels(
      batch([FIRST_SENTINEL, Number.NaN], { sum: 1, min: 1, max: 1 }),
    );
    const json = JSON.parse(restore(JSON.stringify(metrics)));
    expect(json.scopeMetrics[0].metrics[0].dataPoints.map((p: { value: unknown }) => p.value)).toEqual([
      FIRST_SENTINEL,
      'NaN',
    ]);
  });

  it('leaves a batch without non-finite values alone', () => {
    const input = batch([1, 2], { sum: 3, min: 1, max: 2 });
    const { metrics, restore } = withNonFiniteAsSentinels(input);
    expect(metrics).toBe(input);
    expect(restore('{"a":1}')).toBe('{"a":1}');
  });
});
