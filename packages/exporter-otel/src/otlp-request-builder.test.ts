import type {
  CanonicalTags,
  HistogramMetricSnapshot,
  HistogramPoint,
  MetricSnapshot,
  Snapshot,
} from '@meterkit/core';
import {
  AggregationTemporality,
  DataPointType,
  type GaugeMetricData,
  type HistogramMetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { OtlpRequestBuilder } from './otlp-request-builder.js';
import { SUMMARY_DATA_POINT_TYPE, type SummaryMetricData } from './summary-metric-data.js';

const T0 = Date.UTC(2026, 0, 1);
const tags = (record: Record<string, string>): CanonicalTags =>
  Object.keys(record)
    .sort()
    .map((key) => ({ key, value: record[key]! }));
const snap = (timestamp: number, ...metrics: MetricSnapshot[]): Snapshot => ({ timestamp, metrics });
const hr = (ms: number) => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

function counter(value: number, extra: Partial<MetricSnapshot> = {}): MetricSnapshot {
  return {
    name: 'app_requests',
    type: 'counter',
    description: 'Requests',
    unit: '',
    startTime: T0,
    points: [{ tags: tags({ method: 'GET' }), value }],
    ...extra,
  } as MetricSnapshot;
}

function histogram(cumulative: number[], sum: number, min: number, max: number): MetricSnapshot {
  const bounds = [0.1, 1, Number.POSITIVE_INFINITY];
  return {
    name: 'app_latency',
    type: 'timer',
    description: 'Latency',
    unit: 'seconds',
    startTime: T0,
    points: [
      {
        tags: tags({ route: '/a' }),
        count: cumulative[2]!,
        sum,
        min,
        max,
        buckets: bounds.map((upperBound, i) => ({ upperBound, count: cumulative[i]! })),
      },
    ],
  };
}

describe('OtlpRequestBuilder, cumulative', () => {
  const translator = () => new OtlpRequestBuilder({ temporality: 'cumulative', summaries: 'otlp' });

  it('turns counters into monotonic cumulative sums starting at the metric start', () => {
    const [sum] = translator().translate(snap(T0 + 5000, counter(3))) as [SumMetricData];
    expect(sum.dataPointType).toBe(DataPointType.SUM);
    expect(sum.isMonotonic).toBe(true);
    expect(sum.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(sum.descriptor).toMatchObject({ name: 'app_requests', description: 'Requests', unit: '' });
    expect(sum.dataPoints).toEqual([
      { startTime: hr(T0), endTime: hr(T0 + 5000), attributes: { method: 'GET' }, value: 3 },
    ]);
  });

  it('turns gauges and info metrics into gauges; units become UCUM', () => {
    const gauge: MetricSnapshot = {
      name: 'temp',
      type: 'gauge',
      description: 'Temperature',
      unit: 'celsius',
      startTime: T0,
      points: [{ tags: tags({ room: 'a' }), value: -3.5 }],
    };
    const info: MetricSnapshot = {
      name: 'build_info',
      type: 'info',
      description: 'Build',
      unit: '',
      startTime: T0,
      points: [{ tags: tags({ version: '1.2.3' }), value: 1 }],
    };
    const [g, i] = translator().translate(snap(T0 + 1, gauge, info)) as [GaugeMetricData, GaugeMetricData];
    expect(g.dataPointType).toBe(DataPointType.GAUGE);
    expect(g.descriptor.unit).toBe('Cel');
    expect(g.dataPoints[0]?.value).toBe(-3.5);
    expect(i.dataPointType).toBe(DataPointType.GAUGE);
    expect(i.dataPoints[0]).toMatchObject({ attributes: { version: '1.2.3' }, value: 1 });
  });

  it('turns cumulative le-buckets into per-bucket counts with finite bounds, min and max', () => {
    const [h] = translator().translate(snap(T0 + 10, histogram([1, 3, 4], 12.25, 0.05, 9))) as [
      HistogramMetricData,
    ];
    expect(h.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(h.descriptor.unit).toBe('s');
    expect(h.dataPoints[0]?.value).toEqual({
      buckets: { boundaries: [0.1, 1], counts: [1, 2, 1] },
      count: 4,
      sum: 12.25,
      min: 0.05,
      max: 9,
    });
  });

  it('gives each series the bounds of its own buckets, sharing them when they agree', () => {
    const point = (route: string, bounds: number[]): HistogramPoint => ({
      tags: tags({ route }),
      count: bounds.length,
      sum: 1,
      min: 1,
      max: 1,
      buckets: bounds.map((upperBound, i) => ({ upperBound, count: i + 1 })),
    });
    const metric: MetricSnapshot = {
      ...(histogram([1, 3, 4], 12.25, 0.05, 9) as HistogramMetricSnapshot),
      points: [
        point('/a', [0.1, 1, Number.POSITIVE_INFINITY]),
        point('/b', [0.1, 1, Number.POSITIVE_INFINITY]),
        point('/c', [5, Number.POSITIVE_INFINITY]),
        point('/d', [0.1, 2, Number.POSITIVE_INFINITY]),
      ],
    };
    const [h] = translator().translate(snap(T0, metric)) as [HistogramMetricData];
    const buckets = h.dataPoints.map((p) => p.value.buckets);
    expect(buckets).toEqual([
      { boundaries: [0.1, 1], counts: [1, 1, 1] },
      { boundaries: [0.1, 1], counts: [1, 1, 1] },
      { boundaries: [5], counts: [1, 1] },
      { boundaries: [0.1, 2], counts: [1, 1, 1] },
    ]);
    expect(buckets[1]!.boundaries).toBe(buckets[0]!.boundaries);
  });

  it('leaves min and max out of an empty histogram', () => {
    const empty = histogram([0, 0, 0], 0, 0, 0);
    (empty.points[0] as { min: unknown }).min = undefined;
    (empty.points[0] as { max: unknown }).max = undefined;
    const [h] = translator().translate(snap(T0, empty)) as [HistogramMetricData];
    expect(h.dataPoints[0]?.value).toEqual({
      buckets: { boundaries: [0.1, 1], counts: [0, 0, 0] },
      count: 0,
      sum: 0,
    });
  });

  it('writes summaries as OTLP summary points, without quantiles that have no value yet', () => {
    const summary: MetricSnapshot = {
      name: 'payload',
      type: 'summary',
      description: 'Payload',
      unit: 'bytes',
      startTime: T0,
      points: [
        {
          tags: tags({}),
          count: 10,
          sum: 55,
          quantiles: [
            { quantile: 0.5, value: 5 },
            { quantile: 0.99, value: Number.NaN },
          ],
        },
      ],
    };
    const [s] = translator().translate(snap(T0 + 2, summary)) as [SummaryMetricData];
    expect(s.dataPointType).toBe(SUMMARY_DATA_POINT_TYPE);
    expect(s.descriptor.unit).toBe('By');
    expect(s.dataPoints[0]?.value).toEqual({ count: 10, sum: 55, quantiles: [{ quantile: 0.5, value: 5 }] });
  });

  it('writes summaries as gauges and sums in gauges mode', () => {
    const summary: MetricSnapshot = {
      name: 'payload',
      type: 'summary',
      description: 'Payload',
      unit: 'bytes',
      startTime: T0,
      points: [{ tags: tags({ a: 'b' }), count: 4, sum: -2, quantiles: [{ quantile: 0.9, value: 7 }] }],
    };
    const out = new OtlpRequestBuilder({ temporality: 'cumulative', summaries: 'gauges' }).translate(
      snap(T0, summary),
    );
    const [q, count, sum] = out as [GaugeMetricData, SumMetricData, SumMetricData];
    expect(q.descriptor.name).toBe('payload');
    expect(q.dataPoints[0]).toMatchObject({ attributes: { a: 'b', quantile: '0.9' }, value: 7 });
    expect(count).toMatchObject({ isMonotonic: true, descriptor: { name: 'payload_count', unit: '1' } });
    expect(count.dataPoints[0]?.value).toBe(4);
    expect(sum).toMatchObject({ isMonotonic: false, descriptor: { name: 'payload_sum', unit: 'By' } });
    expect(sum.dataPoints[0]?.value).toBe(-2);
  });
});

describe('OtlpRequestBuilder, delta', () => {
  it('reports only the change since the previous translation, tiling time', () => {
    const translator = new OtlpRequestBuilder({ temporality: 'delta', summaries: 'otlp' });
    const first = translator.translate(snap(T0 + 1000, counter(5)))[0] as SumMetricData;
    const second = translator.translate(snap(T0 + 2000, counter(7.5)))[0] as SumMetricData;
    const third = translator.translate(snap(T0 + 3000, counter(7.5)))[0] as SumMetricData;
    expect(first.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(first.dataPoints[0]).toMatchObject({ startTime: hr(T0), endTime: hr(T0 + 1000), value: 5 });
    expect(second.dataPoints[0]).toMatchObject({
      startTime: hr(T0 + 1000),
      endTime: hr(T0 + 2000),
      value: 2.5,
    });
    expect(third.dataPoints[0]).toMatchObject({ startTime: hr(T0 + 2000), endTime: hr(T0 + 3000), value: 0 });
  });

  it('treats a counter that went down as a reset and a vanished series as new when it returns', () => {
    const translator = new OtlpRequestBuilder({ temporality: 'delta', summaries: 'otlp' });
    translator.translate(snap(T0 + 1000, counter(5)));
    const reset = translator.translate(
      snap(T0 + 2000, counter(2, { startTime: T0 + 1500 })),
    )[0] as SumMetricData;
    expect(reset.dataPoints[0]).toMatchObject({ startTime: hr(T0 + 1500), value: 2 });
    translator.translate(snap(T0 + 3000));
    const back = translator.translate(snap(T0 + 4000, counter(9)))[0] as SumMetricData;
    expect(back.dataPoints[0]).toMatchObject({ startTime: hr(T0), value: 9 });
  });

  it('subtracts histogram buckets, counts and sums; min and max only on the first point', () => {
    const translator = new OtlpRequestBuilder({ temporality: 'delta', summaries: 'otlp' });
    const a = translator.translate(
      snap(T0 + 1000, histogram([1, 3, 4], 12, 0.05, 9)),
    )[0] as HistogramMetricData;
    const b = translator.translate(
      snap(T0 + 2000, histogram([2, 5, 7], 15.5, 0.05, 9)),
    )[0] as HistogramMetricData;
    expect(a.dataPoints[0]?.value).toEqual({
      buckets: { boundaries: [0.1, 1], counts: [1, 2, 1] },
      count: 4,
      sum: 12,
      min: 0.05,
      max: 9,
    });
    expect(b.dataPoints[0]?.startTime).toEqual(hr(T0 + 1000));
    expect(b.dataPoints[0]?.value).toEqual({
      buckets: { boundaries: [0.1, 1], counts: [1, 1, 1] },
      count: 3,
      sum: 3.5,
    });
  });

  it('keeps summaries cumulative (OTLP summaries have no temporality)', () => {
    const translator = new OtlpRequestBuilder({ temporality: 'delta', summaries: 'otlp' });
    const summary = (count: number): MetricSnapshot => ({
      name: 's',
      type: 'summary',
      description: '',
      unit: '',
      startTime: T0,
      points: [{ tags: [], count, sum: count, quantiles: [] }],
    });
    translator.translate(snap(T0 + 1000, summary(3)));
    const [s] = translator.translate(snap(T0 + 2000, summary(5))) as [SummaryMetricData];
    expect(s.dataPoints[0]).toMatchObject({ startTime: hr(T0), value: { count: 5, sum: 5 } });
  });
});

describe('OtlpRequestBuilder, metrics from OpenTelemetry instruments', () => {
  const inFlight = (value: number): MetricSnapshot =>
    ({
      name: 'http.server.active_requests',
      type: 'gauge',
      upDownCounter: true,
      description: 'In flight',
      unit: '',
      startTime: T0,
      points: [{ tags: tags({ method: 'GET' }), value }],
    }) as MetricSnapshot;

  it.each(['cumulative', 'delta'] as const)(
    'writes an up-down counter as a non-monotonic cumulative sum (%s temporality preference)',
    (temporality) => {
      const translator = new OtlpRequestBuilder({ temporality, summaries: 'otlp' });
      translator.translate(snap(T0 + 1000, inFlight(5)));
      const [sum] = translator.translate(snap(T0 + 2000, inFlight(-2))) as [SumMetricData];
      expect(sum.dataPointType).toBe(DataPointType.SUM);
      expect(sum.isMonotonic).toBe(false);
      expect(sum.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
      expect(sum.dataPoints).toEqual([
        { attributes: { method: 'GET' }, startTime: hr(T0), endTime: hr(T0 + 2000), value: -2 },
      ]);
    },
  );

  it('groups metrics by their instrumentation scope, unscoped ones apart', () => {
    const translator = new OtlpRequestBuilder({ temporality: 'cumulative', summaries: 'otlp' });
    const scoped = (name: string, scope?: { name: string; version?: string }) =>
      counter(1, scope ? { name, scope } : { name });
    const groups = translator.translateByScope(
      snap(
        T0 + 1000,
        scoped('a', { name: 'lib-a', version: '1.0.0' }),
        scoped('plain'),
        scoped('b', { name: 'lib-b' }),
        scoped('a2', { name: 'lib-a', version: '1.0.0' }),
        scoped('a_v2', { name: 'lib-a', version: '2.0.0' }),
      ),
    );
    expect(groups.map((g) => [g.scope, g.metrics.map((m) => m.descriptor.name)])).toEqual([
      [{ name: 'lib-a', version: '1.0.0' }, ['a', 'a2']],
      [undefined, ['plain']],
      [{ name: 'lib-b' }, ['b']],
      [{ name: 'lib-a', version: '2.0.0' }, ['a_v2']],
    ]);
  });
});
