import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import type { HistogramMetricSnapshot } from '../snapshot.js';
import {
  firstHistogramPoint,
  histogramColumns,
  histogramPointsToEncode,
  histogramPointViews,
} from './histogram-columns.js';
import { forEachColumnSeries } from './tag-columns.js';

const BOUNDS = [0.1, 1, 10];
const observation = fc.record({
  route: fc.constantFrom('/a', '/b', '/c"d', 'Zürich'),
  method: fc.option(fc.constantFrom('GET', 'POST'), { nil: undefined }),
  value: fc.oneof(fc.double({ min: -5, max: 50, noNaN: true }), fc.constantFrom(0.1, 1, 10, 10.5)),
});

/** What each series must show, computed from the observations alone. */
function model(observations: ReadonlyArray<{ route: string; method: string | undefined; value: number }>) {
  const series = new Map<string, number[]>();
  for (const o of observations) {
    const key = JSON.stringify(
      o.method === undefined
        ? [['route', o.route]]
        : [
            ['method', o.method],
            ['route', o.route],
          ],
    );
    series.set(key, [...(series.get(key) ?? []), o.value]);
  }
  return series;
}

async function histogramSnapshot(
  observations: ReadonlyArray<{ route: string; method: string | undefined; value: number }>,
  options: Record<string, unknown> = {},
): Promise<HistogramMetricSnapshot> {
  const provider = await createProvider({ provider: 'memory' });
  const histogram = provider.histogram('latency_seconds', { buckets: BOUNDS, ...options });
  for (const o of observations) {
    histogram
      .withTags(o.method === undefined ? { route: o.route } : { method: o.method, route: o.route })
      .observe(o.value);
  }
  return (await provider.registry().snapshot()).metrics[0] as HistogramMetricSnapshot;
}

describe('histogram columns', () => {
  it('describe every series exactly: cumulative buckets, sum, count, min, max, tags', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { minLength: 1, maxLength: 30 }), async (observations) => {
        const metric = await histogramSnapshot(observations);
        const columns = histogramColumns(metric);
        expect(columns).toBeDefined();
        const expected = model(observations);
        expect(metric.points.length).toBe(expected.size);
        expect(columns!.size).toBe(expected.size);
        for (const point of metric.points) {
          const values = expected.get(JSON.stringify(point.tags.map((t) => [t.key, t.value])))!;
          expect(values).toBeDefined();
          expect(point.count).toBe(values.length);
          expect(point.sum).toBeCloseTo(
            values.reduce((a, b) => a + b, 0),
            9,
          );
          expect(point.min).toBe(Math.min(...values));
          expect(point.max).toBe(Math.max(...values));
          expect(point.buckets.map((b) => b.upperBound)).toEqual([...BOUNDS, Number.POSITIVE_INFINITY]);
          expect(point.buckets.map((b) => b.count)).toEqual(
            [...BOUNDS, Number.POSITIVE_INFINITY].map((bound) => values.filter((v) => v <= bound).length),
          );
          expect(point.startTime).toBeGreaterThan(0);
        }
        // The columns' own walk names the series in the order of the points.
        forEachColumnSeries(columns!, (i, { keys, plan }, levelValues) => {
          const tags = plan.map((slot) =>
            typeof slot === 'number' ? [keys[slot], levelValues[slot]] : [slot.key, slot.value],
          );
          expect(tags).toEqual(metric.points[i]!.tags.map((t) => [t.key, t.value]));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('are not used where points carry more: exemplars and exponential buckets', async () => {
    const observations = [{ route: '/a', method: 'GET', value: 0.5 }];
    const withExemplars = await histogramSnapshot(observations, { exemplars: true });
    expect(histogramColumns(withExemplars)).toBeUndefined();
    expect(withExemplars.points[0]!.buckets[1]!.count).toBe(1);
    const exponential = await histogramSnapshot(observations, { exponential: {} });
    expect(histogramColumns(exponential)).toBeUndefined();
    expect(exponential.points[0]!.exponential).toBeDefined();
  });

  it('keep the snapshot shape: points enumerable, frozen, the same object on every read', async () => {
    const metric = await histogramSnapshot([{ route: '/a', method: undefined, value: 2 }]);
    expect(Object.keys(metric)).toContain('points');
    expect(Object.isFrozen(metric)).toBe(true);
    expect(Object.isFrozen(metric.points)).toBe(true);
    expect(metric.points).toBe(metric.points);
    expect(JSON.parse(JSON.stringify(metric)).points[0].buckets[2]).toEqual({ upperBound: 10, count: 1 });
  });

  it('are read one series at a time through one reused point that shows each series exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { minLength: 1, maxLength: 30 }), async (observations) => {
        const metric = await histogramSnapshot(observations);
        const viewed: unknown[] = [];
        let reused: unknown;
        for (const point of histogramPointViews(histogramColumns(metric)!)) {
          reused ??= point;
          expect(point).toBe(reused);
          viewed.push(JSON.parse(JSON.stringify(point)));
        }
        // The points built from the same columns are the reference (checked against a model above).
        expect(viewed).toEqual(JSON.parse(JSON.stringify(metric.points)));
        expect([...histogramPointsToEncode(metric)].length).toBe(metric.points.length);
        expect(firstHistogramPoint(metric)).toEqual(metric.points[0]);
      }),
      { numRuns: 100 },
    );
  });

  it('read histograms without columns from their points', async () => {
    const metric = await histogramSnapshot([{ route: '/a', method: 'GET', value: 0.5 }], { exemplars: true });
    expect(histogramPointsToEncode(metric)).toBe(metric.points);
    expect(firstHistogramPoint(metric)).toBe(metric.points[0]);
  });
});
