import { createProvider, type MetricSnapshot } from '@meterkit/core';
import { RelativeErrorSketch } from '@meterkit/core/exporter-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  histogramMetric,
  histogramPoint,
  summaryMetric,
  tags,
  valueMetric,
} from '../test/support/merge-test-support.js';
import { SnapshotAssembler } from './snapshot-assembler.js';
import { encodeParts } from './wire-format.js';

/** What cluster IPC does to a message by default. */
const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Encodes, sends through JSON and reassembles, as between two processes. */
function roundTrip(metrics: MetricSnapshot[], pointsPerPart = 1000): readonly MetricSnapshot[] {
  const parts = [...encodeParts(metrics, pointsPerPart)];
  const assembler = new SnapshotAssembler();
  let result: readonly MetricSnapshot[] = [];
  parts.forEach((part, i) => {
    const final = i === parts.length - 1;
    const snapshot = assembler.add({ type: 't', v: 1, id: 1, ts: 0, final, metrics: throughJson(part) });
    if (snapshot !== undefined) result = snapshot.metrics;
  });
  return result;
}

describe('wire format', () => {
  it('carries Infinity and NaN through JSON (cluster IPC) where plain JSON gives null', () => {
    const metrics = [
      valueMetric('g', 'gauge', [
        [{ a: '1' }, Number.NaN],
        [{ a: '2' }, Number.POSITIVE_INFINITY],
        [{ a: '3' }, Number.NEGATIVE_INFINITY],
        [{ a: '4' }, -0.5],
      ]),
      histogramMetric('h', [
        histogramPoint({}, [0.5], [1, 1], Number.POSITIVE_INFINITY, 0.1, Number.POSITIVE_INFINITY),
        histogramPoint({ empty: 'yes' }, [0.5], [0, 0], 0),
      ]),
    ];
    expect(throughJson(metrics[1])?.points[0]).toMatchObject({ sum: null, max: null });
    expect(roundTrip(metrics)).toEqual(metrics);
  });

  it('keeps summaries, their quantiles (NaN for an empty window) and sketches', () => {
    const sketch = new RelativeErrorSketch();
    for (const v of [0.001, 0.5, 3, -2, 0]) sketch.add(v);
    const metrics = [
      summaryMetric('s', [
        {
          tags: tags({ k: 'v' }),
          count: 5,
          sum: 1.501,
          quantiles: [{ quantile: 0.5, value: sketch.quantile(0.5) }],
          sketch: sketch.toData(),
        },
        { tags: [], count: 0, sum: 0, quantiles: [{ quantile: 0.5, value: Number.NaN }] },
      ]),
    ];
    const [decoded] = roundTrip(metrics);
    expect(decoded).toEqual(metrics[0]);
  });

  it('cuts large metrics into parts of at most pointsPerPart series, and joins them back', () => {
    const series: Array<[Record<string, string>, number]> = Array.from({ length: 25 }, (_, i) => [
      { i: String(i) },
      i,
    ]);
    const metrics = [
      valueMetric('a', 'counter', series),
      valueMetric('b', 'gauge', [[{}, 1]]),
      valueMetric('c', 'counter', []),
    ];
    const parts = [...encodeParts(metrics, 10)];
    expect(parts.map((part) => part.reduce((n, m) => n + m.p.length, 0))).toEqual([10, 10, 6]);
    const assembler = new SnapshotAssembler();
    const results = parts.map((part, i) =>
      assembler.add({
        type: 't',
        v: 1,
        id: 1,
        ts: 42,
        final: i === parts.length - 1,
        metrics: throughJson(part),
      }),
    );
    expect(results.slice(0, -1)).toEqual([undefined, undefined]);
    expect(results.at(-1)).toEqual({ timestamp: 42, metrics });
  });

  it('an empty snapshot is one empty part', () => {
    expect([...encodeParts([], 10)]).toEqual([[]]);
  });

  it('a real provider snapshot survives', async () => {
    const provider = await createProvider({ provider: 'memory', tags: { region: 'eu' } });
    provider.counter('c').withTags({ route: '/a"b\\c\n' }).add(3);
    provider.histogram('h', { buckets: [1, 2] }).observe(1.5);
    provider.timer('t').record(0.02);
    provider.summary('s').observe(7);
    provider.gauge('g').set(Number.NaN);
    provider.info('build').set({ version: '1' });
    provider.gauge('in_flight', { upDownCounter: true, scope: { name: 'lib', version: '1.0.0' } }).add(2);
    provider.counter('scoped', { scope: { name: 'other' } }).inc();
    const { metrics } = await provider.registry().snapshot();
    expect(roundTrip([...metrics], 2)).toStrictEqual(metrics);
    await provider.stop();
  });

  it('keeps the name parts of prefixed names (StatsD joins them with dots on the primary)', async () => {
    const provider = await createProvider({ provider: 'memory', namespace: 'shop', subsystem: 'api' });
    provider.counter('orders_total').inc();
    provider.gauge('depth').set(1);
    const { metrics } = await provider.registry().snapshot();
    expect(metrics[0]!.nameParts).toEqual({ namespace: 'shop', subsystem: 'api', name: 'orders_total' });
    expect(roundTrip([...metrics], 1)).toStrictEqual(metrics);
    await provider.stop();
  });

  it('property: any tag values and numbers round-trip through JSON', () => {
    const number = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.dictionary(fc.stringMatching(/^[a-z_]{1,5}$/), fc.string()), number)),
        (series) => {
          const metric = valueMetric('m', 'gauge', series);
          const [decoded] = roundTrip([metric], 7);
          // JSON has no -0; everything else is exact.
          const expected = {
            ...metric,
            points: metric.points.map((p) => ({ ...p, value: Object.is(p.value, -0) ? 0 : p.value })),
          };
          expect(decoded ?? { ...metric, points: [] }).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
