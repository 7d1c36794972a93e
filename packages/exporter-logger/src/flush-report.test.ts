import type { Snapshot } from '@meterkit/core';
import { histogramQuantile } from '@meterkit/core/exporter-kit';
import { describe, expect, it } from 'vitest';
import { counterSnapshot, T0, tags } from '../test/fixtures.js';
import { FlushReportBuilder, type FlushReportOptions } from './flush-report.js';

const INF = Number.POSITIVE_INFINITY;
const cumulative: FlushReportOptions = {
  temporality: 'cumulative',
  onlyChanged: false,
  quantiles: [0.5, 0.99],
};
const delta: FlushReportOptions = { ...cumulative, temporality: 'delta' };

function histogramSnapshot(timestamp: number, counts: [number, number, number], sum: number): Snapshot {
  return {
    timestamp,
    metrics: [
      {
        name: 'latency',
        type: 'histogram',
        description: '',
        unit: 'seconds',
        startTime: T0,
        points: [
          {
            tags: tags({ route: '/' }),
            count: counts[2],
            sum,
            min: 0.05,
            max: 3,
            buckets: [
              { upperBound: 0.1, count: counts[0] },
              { upperBound: 1, count: counts[1] },
              { upperBound: INF, count: counts[2] },
            ],
          },
        ],
      },
    ],
  };
}

function summarySnapshot(count: number, sum: number, quantileValue: number): Snapshot {
  return {
    timestamp: T0,
    metrics: [
      {
        name: 's',
        type: 'summary',
        description: '',
        unit: '',
        startTime: T0,
        points: [{ tags: tags(), count, sum, quantiles: [{ quantile: 0.5, value: quantileValue }] }],
      },
    ],
  };
}

describe('FlushReportBuilder', () => {
  it('reports cumulative counter values with the change since the previous flush', () => {
    const builder = new FlushReportBuilder(cumulative);
    const first = builder.build(counterSnapshot(5));
    expect(first.series[0]).toMatchObject({ value: 5, change: undefined, changed: true });
    const second = builder.build(counterSnapshot(8));
    expect(second.series[0]).toMatchObject({ value: 8, change: 3, changed: true });
    expect(second).toMatchObject({ totalSeries: 1, changedSeries: 1, temporality: 'cumulative' });
  });

  it('reports counter deltas in delta temporality, a restart counting in full', () => {
    const builder = new FlushReportBuilder(delta);
    expect(builder.build(counterSnapshot(5)).series[0]?.value).toBe(5);
    expect(builder.build(counterSnapshot(8)).series[0]?.value).toBe(3);
    expect(builder.build(counterSnapshot(8)).series[0]).toMatchObject({
      value: 0,
      change: 0,
      changed: false,
    });
    expect(builder.build(counterSnapshot(2)).series[0]).toMatchObject({ value: 2, change: 2, changed: true });
  });

  it('logs only new or changed series with onlyChanged, but counts them all', () => {
    const builder = new FlushReportBuilder({ ...cumulative, onlyChanged: true });
    expect(builder.build(counterSnapshot(1)).series).toHaveLength(1);
    const unchanged = builder.build(counterSnapshot(1));
    expect(unchanged).toMatchObject({ series: [], totalSeries: 1, changedSeries: 0 });
    expect(builder.build(counterSnapshot(2)).series).toHaveLength(1);
  });

  it('treats a series that disappeared and came back as new', () => {
    const builder = new FlushReportBuilder({ ...cumulative, onlyChanged: true });
    builder.build(counterSnapshot(1, T0, { a: '1' }));
    builder.build(counterSnapshot(1, T0, { a: '2' }));
    expect(builder.build(counterSnapshot(1, T0, { a: '1' })).series[0]).toMatchObject({ change: undefined });
  });

  it('reports gauges as values in both temporalities, with the signed change', () => {
    const gauge = (value: number): Snapshot => ({
      timestamp: T0,
      metrics: [
        { name: 'g', type: 'gauge', description: '', unit: '', startTime: T0, points: [{ tags: [], value }] },
      ],
    });
    const builder = new FlushReportBuilder(delta);
    builder.build(gauge(10));
    expect(builder.build(gauge(4)).series[0]).toMatchObject({ value: 4, change: -6, changed: true });
    expect(builder.build(gauge(4)).series[0]).toMatchObject({ value: 4, change: 0, changed: false });
  });

  it('estimates histogram quantiles from cumulative buckets, with min and max', () => {
    // buckets 0.1:2 1:6 +Inf:8; p50: rank 4 in (0.1, 1] holding 4 → 0.1 + 0.9 * (2 / 4) = 0.55
    // p99: rank 7.92 in +Inf → 1
    const [series] = new FlushReportBuilder(cumulative).build(histogramSnapshot(T0, [2, 6, 8], 9)).series;
    expect(series).toMatchObject({ count: 8, sum: 9, min: 0.05, max: 3, unit: 'seconds' });
    expect(series?.quantiles).toEqual([
      { quantile: 0.5, value: 0.55 },
      { quantile: 0.99, value: 1 },
    ]);
    const buckets = series?.buckets ?? [];
    expect(series?.quantiles?.map((q) => q.value)).toEqual([
      histogramQuantile(0.5, buckets),
      histogramQuantile(0.99, buckets),
    ]);
  });

  it('clamps bucket estimates to the observed min and max', () => {
    const snapshot = histogramSnapshot(T0, [0, 1, 1], 0.3);
    const point = snapshot.metrics[0]!.points[0] as { min: number; max: number };
    point.min = 0.3;
    point.max = 0.3;
    // Interpolation alone says 0.1 + 0.9 * 0.5 = 0.55 for one observation of 0.3 in (0.1, 1].
    const [series] = new FlushReportBuilder(cumulative).build(snapshot).series;
    expect(series?.quantiles).toEqual([
      { quantile: 0.5, value: 0.3 },
      { quantile: 0.99, value: 0.3 },
    ]);
  });

  it('in delta temporality reports per-flush counts, sums, buckets and quantiles, without min/max', () => {
    const builder = new FlushReportBuilder(delta);
    builder.build(histogramSnapshot(T0, [2, 6, 8], 9));
    // New observations: 0.1:+0 1:+4 +Inf:+4 → p50: rank 2 in (0.1, 1] holding 4 → 0.1 + 0.9 * 0.5 = 0.55
    // p99: rank 3.96 in (0.1, 1] → 0.1 + 0.9 * 0.99 = 0.991
    const [series] = builder.build(histogramSnapshot(T0 + 1000, [2, 10, 12], 11.5)).series;
    expect(series).toMatchObject({ count: 4, sum: 2.5, change: 4, changed: true });
    expect(series?.min).toBeUndefined();
    expect(series?.buckets).toEqual([
      { upperBound: 0.1, count: 0 },
      { upperBound: 1, count: 4 },
      { upperBound: INF, count: 4 },
    ]);
    expect(series?.quantiles?.[0]?.value).toBeCloseTo(0.55, 12);
    expect(series?.quantiles?.[1]?.value).toBeCloseTo(0.991, 12);
    const idle = builder.build(histogramSnapshot(T0 + 2000, [2, 10, 12], 11.5)).series[0];
    expect(idle).toMatchObject({ count: 0, sum: 0, quantiles: [], changed: false });
  });

  it('reports summaries with their window quantiles, dropping empty (NaN) ones', () => {
    const builder = new FlushReportBuilder(delta);
    expect(builder.build(summarySnapshot(10, 55, 5)).series[0]).toMatchObject({
      count: 10,
      sum: 55,
      quantiles: [{ quantile: 0.5, value: 5 }],
    });
    expect(builder.build(summarySnapshot(12, 70, Number.NaN)).series[0]).toMatchObject({
      count: 2,
      sum: 15,
      quantiles: [],
      change: 2,
    });
  });
});
