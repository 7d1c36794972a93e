import { ConfigError, createProvider, type SummaryPoint } from '@meterkit/core';
import { RelativeErrorSketch } from '@meterkit/core/exporter-kit';
import { describe, expect, it } from 'vitest';
import {
  histogramMetric,
  histogramPoint,
  snapshotOf,
  summaryMetric,
  tags,
  valueMetric,
  valuesOf,
} from '../test/support/merge-test-support.js';
import { mergeSnapshots } from './merge-snapshots.js';

describe('mergeSnapshots: counters', () => {
  it.each([
    {
      case: 'same series in every worker is summed',
      a: [[{ route: '/a' }, 3]],
      b: [[{ route: '/a' }, 4]],
      want: { 'route=/a': 7 },
    },
    {
      case: 'series of one worker only are kept',
      a: [[{ route: '/a' }, 3]],
      b: [[{ route: '/b' }, 5]],
      want: { 'route=/a': 3, 'route=/b': 5 },
    },
    {
      case: 'tag order never matters (canonical tags)',
      a: [[{ a: '1', b: '2' }, 1]],
      b: [[{ b: '2', a: '1' }, 2]],
      want: { 'a=1,b=2': 3 },
    },
    {
      case: 'a value containing separators is not confused with two tags',
      a: [[{ a: 'x=1:y' }, 1]],
      b: [[{ a: 'x', y: '' }, 2]],
      want: { 'a=x=1:y': 1, 'a=x,y=': 2 },
    },
    { case: 'untagged series', a: [[{}, 1.5]], b: [[{}, 2.25]], want: { '': 3.75 } },
  ] as const)('$case', ({ a, b, want }) => {
    const { snapshot, conflicts } = mergeSnapshots([
      {
        worker: '1',
        snapshot: snapshotOf([
          valueMetric(
            'jobs_total',
            'counter',
            a.map(([t, v]) => [t, v]),
          ),
        ]),
      },
      {
        worker: '2',
        snapshot: snapshotOf([
          valueMetric(
            'jobs_total',
            'counter',
            b.map(([t, v]) => [t, v]),
          ),
        ]),
      },
    ]);
    expect(valuesOf(snapshot, 'jobs_total')).toEqual(want);
    expect(conflicts).toEqual([]);
  });

  it('keeps the earliest start time, the first non-empty description and the latest timestamp', () => {
    const early = { ...valueMetric('c', 'counter', [[{}, 1]], 500), description: '' };
    const late = valueMetric('c', 'counter', [[{}, 1]], 900);
    const { snapshot } = mergeSnapshots([
      { worker: '1', snapshot: snapshotOf([early], 10) },
      { worker: '2', snapshot: snapshotOf([late], 30) },
    ]);
    expect(snapshot.timestamp).toBe(30);
    expect(snapshot.metrics[0]).toMatchObject({ startTime: 500, description: 'c help' });
    expect(Object.isFrozen(snapshot.metrics[0])).toBe(true);
  });

  it('is pure: the inputs are unchanged', () => {
    const input = snapshotOf([valueMetric('c', 'counter', [[{}, 1]])]);
    const copy = structuredClone(input);
    mergeSnapshots([
      { worker: '1', snapshot: input },
      { worker: '2', snapshot: input },
    ]);
    expect(input).toEqual(copy);
  });
});

describe('mergeSnapshots: gauges by policy', () => {
  const workers = [
    [{ pool: 'db' }, 2],
    [{ pool: 'db' }, 8],
    [{ pool: 'db' }, 5],
  ] as const;
  it.each([
    { policy: 'sum', want: { 'pool=db': 15 } },
    { policy: 'min', want: { 'pool=db': 2 } },
    { policy: 'max', want: { 'pool=db': 8 } },
    { policy: 'average', want: { 'pool=db': 5 } },
    { policy: 'perWorker', want: { 'pool=db,worker=1': 2, 'pool=db,worker=2': 8, 'pool=db,worker=3': 5 } },
  ] as const)('$policy', ({ policy, want }) => {
    const { snapshot } = mergeSnapshots(
      workers.map(([t, v], i) => ({
        worker: String(i + 1),
        snapshot: snapshotOf([valueMetric('conns', 'gauge', [[t, v]])]),
      })),
      { gaugeAggregation: { conns: policy } },
    );
    expect(valuesOf(snapshot, 'conns')).toEqual(want);
  });

  it('averages over the workers that have the series, not over all workers', () => {
    const { snapshot } = mergeSnapshots(
      [
        { worker: '1', snapshot: snapshotOf([valueMetric('g', 'gauge', [[{ a: 'x' }, 4]])]) },
        { worker: '2', snapshot: snapshotOf([valueMetric('g', 'gauge', [[{ a: 'y' }, 9]])]) },
        { worker: '3', snapshot: snapshotOf([valueMetric('g', 'gauge', [[{ a: 'x' }, 6]])]) },
      ],
      { defaultGaugeAggregation: 'average' },
    );
    expect(valuesOf(snapshot, 'g')).toEqual({ 'a=x': 5, 'a=y': 9 });
  });

  it('sums by default and uses runtime-metric defaults unless overridden', () => {
    const inputs = [3, 7].map((v, i) => ({
      worker: String(i + 1),
      snapshot: snapshotOf([
        valueMetric('in_flight', 'gauge', [[{}, v]]),
        valueMetric('nodejs_eventloop_lag_p99_seconds', 'gauge', [[{}, v / 10]]),
        valueMetric('process_start_time_seconds', 'gauge', [[{}, 1000 + v]]),
      ]),
    }));
    const { snapshot } = mergeSnapshots(inputs);
    expect(valuesOf(snapshot, 'in_flight')).toEqual({ '': 10 });
    expect(valuesOf(snapshot, 'nodejs_eventloop_lag_p99_seconds')).toEqual({ '': 0.7 });
    expect(valuesOf(snapshot, 'process_start_time_seconds')).toEqual({ '': 1003 });
    const overridden = mergeSnapshots(inputs, { gaugeAggregation: { process_start_time_seconds: 'max' } });
    expect(valuesOf(overridden.snapshot, 'process_start_time_seconds')).toEqual({ '': 1007 });
  });

  it('min and max skip NaN; sum propagates it', () => {
    const inputs = [Number.NaN, 4].map((v, i) => ({
      worker: String(i + 1),
      snapshot: snapshotOf([valueMetric('g', 'gauge', [[{}, v]])]),
    }));
    expect(valuesOf(mergeSnapshots(inputs, { defaultGaugeAggregation: 'min' }).snapshot, 'g')).toEqual({
      '': 4,
    });
    expect(valuesOf(mergeSnapshots(inputs, { defaultGaugeAggregation: 'max' }).snapshot, 'g')).toEqual({
      '': 4,
    });
    expect(valuesOf(mergeSnapshots(inputs).snapshot, 'g')['']).toBeNaN();
  });

  it('a metric named like an Object.prototype member is not given a bogus policy', () => {
    const inputs = [1, 2].map((v, i) => ({
      worker: String(i + 1),
      snapshot: snapshotOf([valueMetric('constructor', 'gauge', [[{}, v]])]),
    }));
    expect(valuesOf(mergeSnapshots(inputs, { gaugeAggregation: {} }).snapshot, 'constructor')).toEqual({
      '': 3,
    });
  });

  it('rejects an unknown policy with a ConfigError naming it', () => {
    expect(() => mergeSnapshots([], { gaugeAggregation: { conns: 'median' as 'sum' } })).toThrow(ConfigError);
    expect(() => mergeSnapshots([], { gaugeAggregation: { conns: 'median' as 'sum' } })).toThrow(
      /gaugeAggregation\.conns="median"/,
    );
  });

  it('uses a custom worker tag for per-worker series', () => {
    const { snapshot } = mergeSnapshots(
      [1, 2].map((v) => ({
        worker: `w${v}`,
        snapshot: snapshotOf([valueMetric('g', 'gauge', [[{ z: 'z' }, v]])]),
      })),
      { defaultGaugeAggregation: 'perWorker', workerTag: 'pid' },
    );
    expect(valuesOf(snapshot, 'g')).toEqual({ 'pid=w1,z=z': 1, 'pid=w2,z=z': 2 });
  });
});

describe('mergeSnapshots: info metrics', () => {
  it('appears once when every worker reports the same labels', () => {
    const info = valueMetric('build_info', 'info', [[{ version: '1.2.0' }, 1]]);
    const { snapshot } = mergeSnapshots(
      ['1', '2', '3'].map((worker) => ({ worker, snapshot: snapshotOf([info]) })),
    );
    expect(valuesOf(snapshot, 'build_info')).toEqual({ 'version=1.2.0': 1 });
  });

  it('is kept per worker when workers differ (a rolling deploy)', () => {
    const { snapshot } = mergeSnapshots([
      { worker: '1', snapshot: snapshotOf([valueMetric('build_info', 'info', [[{ version: '1.2.0' }, 1]])]) },
      { worker: '2', snapshot: snapshotOf([valueMetric('build_info', 'info', [[{ version: '1.3.0' }, 1]])]) },
    ]);
    expect(valuesOf(snapshot, 'build_info')).toEqual({
      'version=1.2.0,worker=1': 1,
      'version=1.3.0,worker=2': 1,
    });
  });
});

describe('mergeSnapshots: histograms and timers', () => {
  const bounds = [0.1, 1];
  it.each(['histogram', 'timer'] as const)(
    '%s: counts, sums and every bucket are added; min/max kept',
    (type) => {
      const { snapshot, conflicts } = mergeSnapshots([
        {
          worker: '1',
          snapshot: snapshotOf([
            histogramMetric('lat', [histogramPoint({ r: 'a' }, bounds, [1, 2, 0], 2.05, 0.05, 0.9)], type),
          ]),
        },
        {
          worker: '2',
          snapshot: snapshotOf([
            histogramMetric(
              'lat',
              [
                histogramPoint({ r: 'a' }, bounds, [0, 1, 3], 15.5, 0.5, 5),
                histogramPoint({ r: 'b' }, bounds, [0, 0, 0], 0),
              ],
              type,
            ),
          ]),
        },
      ]);
      expect(conflicts).toEqual([]);
      const [merged] = snapshot.metrics;
      expect(merged?.type).toBe(type);
      expect(merged?.points).toEqual([
        {
          tags: tags({ r: 'a' }),
          count: 7,
          sum: 17.55,
          min: 0.05,
          max: 5,
          buckets: [
            { upperBound: 0.1, count: 1 },
            { upperBound: 1, count: 4 },
            { upperBound: Number.POSITIVE_INFINITY, count: 7 },
          ],
        },
        {
          tags: tags({ r: 'b' }),
          count: 0,
          sum: 0,
          min: undefined,
          max: undefined,
          buckets: [
            { upperBound: 0.1, count: 0 },
            { upperBound: 1, count: 0 },
            { upperBound: Number.POSITIVE_INFINITY, count: 0 },
          ],
        },
      ]);
    },
  );

  it('different bounds: exported once per worker with the worker tag, and reported', () => {
    const { snapshot, conflicts } = mergeSnapshots([
      { worker: '1', snapshot: snapshotOf([histogramMetric('lat', [histogramPoint({}, [1], [1, 0], 0.5)])]) },
      { worker: '2', snapshot: snapshotOf([histogramMetric('lat', [histogramPoint({}, [2], [1, 1], 4)])]) },
    ]);
    expect(snapshot.metrics[0]?.points.map((p) => [p.tags, (p as { count: number }).count])).toEqual([
      [tags({ worker: '1' }), 1],
      [tags({ worker: '2' }), 2],
    ]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ metricName: 'lat', kind: 'buckets', workers: ['1', '2'] });
    expect(conflicts[0]?.message).toContain('worker 1: [1, +Inf], worker 2: [2, +Inf]');
  });
});

describe('mergeSnapshots: summaries through their sketches', () => {
  function summaryPoint(values: number[], record: Record<string, string> = {}): SummaryPoint {
    const sketch = new RelativeErrorSketch();
    for (const v of values) sketch.add(v);
    const levels = [0.5, 0.9, 0.99];
    return {
      tags: tags(record),
      count: values.length,
      sum: values.reduce((a, b) => a + b, 0),
      quantiles: levels.map((quantile) => ({ quantile, value: sketch.quantile(quantile) })),
      sketch: sketch.toData(),
    };
  }

  it('quantiles equal those of one sketch fed every observation (an exact merge)', () => {
    const fast = Array.from({ length: 900 }, (_, i) => 0.001 * (1 + (i % 50)));
    const slow = Array.from({ length: 100 }, (_, i) => 2 + i / 10);
    const { snapshot } = mergeSnapshots([
      { worker: '1', snapshot: snapshotOf([summaryMetric('rt', [summaryPoint(fast)])]) },
      { worker: '2', snapshot: snapshotOf([summaryMetric('rt', [summaryPoint(slow)])]) },
    ]);
    const everything = summaryPoint([...fast, ...slow]);
    const merged = snapshot.metrics[0]?.points[0] as SummaryPoint;
    expect(merged.count).toBe(1000);
    expect(merged.sum).toBeCloseTo(everything.sum, 9);
    expect(merged.quantiles).toEqual(everything.quantiles);
    // p99 is in the slow worker's range: averaging the two workers' p99 (what per-process
    // summaries allow) would say ~6, the truth is ~11.
    expect(merged.quantiles[2]?.value).toBeGreaterThan(10);
    expect(RelativeErrorSketch.fromData(merged.sketch!).count).toBe(1000);
  });

  it('a count-only point (retained totals) adds count and sum, not quantiles', () => {
    const live = summaryPoint([1, 2, 3]);
    const retained: SummaryPoint = { tags: [], count: 10, sum: 100, quantiles: [] };
    const { snapshot, conflicts } = mergeSnapshots([
      { worker: 'exited', snapshot: snapshotOf([summaryMetric('rt', [retained])]) },
      { worker: '1', snapshot: snapshotOf([summaryMetric('rt', [live])]) },
    ]);
    const merged = snapshot.metrics[0]?.points[0] as SummaryPoint;
    expect(merged).toMatchObject({ count: 13, sum: 106, quantiles: live.quantiles });
    expect(conflicts).toEqual([]);
  });

  it('quantiles without a sketch: kept when alone, reported when they would need merging', () => {
    const { sketch: _ignored, ...old } = summaryPoint([5, 6]);
    const alone = mergeSnapshots([{ worker: '1', snapshot: snapshotOf([summaryMetric('rt', [old])]) }]);
    expect((alone.snapshot.metrics[0]!.points[0] as SummaryPoint).quantiles).toEqual(old.quantiles);
    expect(alone.conflicts).toEqual([]);

    const mixed = mergeSnapshots([
      { worker: '1', snapshot: snapshotOf([summaryMetric('rt', [old])]) },
      { worker: '2', snapshot: snapshotOf([summaryMetric('rt', [summaryPoint([1])])]) },
    ]);
    expect((mixed.snapshot.metrics[0]!.points[0] as SummaryPoint).count).toBe(3);
    expect(mixed.conflicts).toHaveLength(1);
    expect(mixed.conflicts[0]).toMatchObject({ kind: 'sketch', workers: ['1'] });
  });
});

describe('mergeSnapshots: type conflicts', () => {
  it('keeps the first type and reports the workers whose series were left out', () => {
    const { snapshot, conflicts } = mergeSnapshots([
      { worker: '1', snapshot: snapshotOf([valueMetric('x', 'counter', [[{}, 1]])]) },
      { worker: '2', snapshot: snapshotOf([valueMetric('x', 'gauge', [[{}, 5]])]) },
      { worker: '3', snapshot: snapshotOf([valueMetric('x', 'gauge', [[{}, 6]])]) },
      { worker: '4', snapshot: snapshotOf([valueMetric('x', 'counter', [[{}, 2]])]) },
    ]);
    expect(valuesOf(snapshot, 'x')).toEqual({ '': 3 });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ metricName: 'x', kind: 'type', workers: ['2', '3'] });
    expect(conflicts[0]?.message).toMatch(/counter .* gauge/);
  });
});

describe('mergeSnapshots: real core snapshots', () => {
  it('merges what two providers recorded', async () => {
    const providers = await Promise.all(
      [1, 2].map(() => createProvider({ provider: 'memory', namespace: 'app', tags: { region: 'eu' } })),
    );
    providers.forEach((provider, i) => {
      provider
        .counter('jobs_total')
        .withTags({ queue: 'q' })
        .add(i + 1);
      provider.timer('work').record(0.2 * (i + 1));
      provider.summary('size').observe(10 * (i + 1));
      provider.info('build').set({ version: '1' });
    });
    const inputs = await Promise.all(
      providers.map(async (p, i) => ({ worker: String(i), snapshot: await p.registry().snapshot() })),
    );
    const { snapshot, conflicts } = mergeSnapshots(inputs);
    expect(conflicts).toEqual([]);
    expect(valuesOf(snapshot, 'app_jobs_total')).toEqual({ 'queue=q,region=eu': 3 });
    expect(valuesOf(snapshot, 'app_build_info')).toEqual({ 'region=eu,version=1': 1 });
    const timer = snapshot.metrics.find((m) => m.name === 'app_work');
    expect(timer?.points[0]).toMatchObject({ count: 2, min: 0.2, max: 0.4 });
    const summary = snapshot.metrics.find((m) => m.name === 'app_size')?.points[0] as SummaryPoint;
    expect(summary.count).toBe(2);
    // rank floor(0.99 * (2 - 1)) = 0: the smaller of the two observations, within 1%.
    expect(Math.abs(summary.quantiles.find((q) => q.quantile === 0.99)!.value - 10)).toBeLessThan(0.1);
    expect(RelativeErrorSketch.fromData(summary.sketch!).count).toBe(2);
    await Promise.all(providers.map((p) => p.stop()));
  });
});
