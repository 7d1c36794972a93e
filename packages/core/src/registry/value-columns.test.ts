import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import type { ValueMetricSnapshot } from '../snapshot.js';
import { forEachColumnSeries, valueColumns } from './value-columns.js';

const tagKey = fc.constantFrom('method', 'route', 'status', 'a');
const tagValue = fc.constantFrom('GET', 'POST', '/a', '/b', '200', 'x"y', 'Zürich');
const operation = fc.record({
  tags: fc.dictionary(tagKey, tagValue, { maxKeys: 3 }),
  amount: fc.integer({ min: 0, max: 5 }),
  remove: fc.boolean(),
});

/** Expected totals by canonical tags (sorted keys, global tags merged, the series' own key wins). */
function model(
  operations: ReadonlyArray<{ tags: Record<string, string>; amount: number; remove: boolean }>,
  global: Record<string, string>,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const op of operations) {
    const merged = { ...global, ...op.tags };
    const key = JSON.stringify(
      Object.keys(merged)
        .sort()
        .map((k) => [k, merged[k]]),
    );
    if (op.remove) totals.delete(key);
    else totals.set(key, (totals.get(key) ?? 0) + op.amount);
  }
  return totals;
}

describe('value columns', () => {
  it('hold exactly the series recorded, and build the same points the columns describe', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { maxLength: 40 }),
        fc.dictionary(fc.constantFrom('env', 'zone'), fc.constantFrom('prod', 'eu'), { maxKeys: 2 }),
        async (operations, global) => {
          const provider = await createProvider({ provider: 'memory', tags: global });
          const counter = provider.counter('jobs_total');
          for (const op of operations) {
            if (op.remove) counter.remove(op.tags);
            else counter.withTags(op.tags).add(op.amount);
          }
          const metric = (await provider.registry().snapshot()).metrics.find(
            (m) => m.name === 'jobs_total',
          ) as ValueMetricSnapshot | undefined;
          const expected = model(operations, global);
          if (metric === undefined) return;
          const columns = valueColumns(metric);
          expect(columns).toBeDefined();
          // Every series is listed once, with its merged, sorted tags and its total.
          const seen = new Map<string, number>();
          for (const point of metric.points) {
            seen.set(JSON.stringify(point.tags.map((t) => [t.key, t.value])), point.value);
          }
          // An untagged family shows its root at zero only when nothing else exists.
          for (const [key, total] of expected)
            if (key !== JSON.stringify(Object.entries(global).sort())) {
              expect(seen.get(key)).toBe(total);
            }
          expect(metric.points.length).toBe(columns!.size);
          // The columns' own walk gives the same tags in the same order as the points.
          forEachColumnSeries(columns!, (i, { keys, plan }, levelValues) => {
            const tags = plan.map((slot) =>
              typeof slot === 'number' ? [keys[slot], levelValues[slot]] : [slot.key, slot.value],
            );
            expect(tags).toEqual(metric.points[i]!.tags.map((t) => [t.key, t.value]));
            expect(columns!.values[i]).toBe(metric.points[i]!.value);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keep the snapshot shape: points are enumerable, frozen, and read the same twice', async () => {
    const provider = await createProvider({ provider: 'memory' });
    provider.counter('hits_total').withTags({ route: '/a' }).add(2);
    const metric = (await provider.registry().snapshot()).metrics[0] as ValueMetricSnapshot;
    expect(Object.keys(metric)).toContain('points');
    expect(Object.isFrozen(metric)).toBe(true);
    expect(Object.isFrozen(metric.points)).toBe(true);
    expect(metric.points).toBe(metric.points);
    expect({ ...metric }.points).toEqual([
      { tags: [{ key: 'route', value: '/a' }], value: 2, startTime: metric.points[0]!.startTime },
    ]);
  });

  it('hold thousands of series across the value chunks, each with its own tags and value', async () => {
    // 3 × 1,500 series over two levels: more tag values than several chunks of newValues hold.
    const provider = await createProvider({ provider: 'memory', cardinalityLimit: 10_000 });
    const counter = provider.counter('requests_total', { cardinalityLimit: 10_000 });
    const methods = ['GET', 'POST', 'PUT'];
    for (let i = 0; i < 4500; i++) counter.withTags({ method: methods[i % 3]!, route: `/r/${i}` }).add(i);
    const metric = (await provider.registry().snapshot()).metrics[0] as ValueMetricSnapshot;
    const columns = valueColumns(metric)!;
    expect(columns.size).toBe(4500);
    const seen = new Map<string, number>();
    forEachColumnSeries(columns, (i, { keys }, levelValues) => {
      expect(keys).toEqual(['method', 'route']);
      seen.set(`${levelValues[0]} ${levelValues[1]}`, columns.values[i]!);
    });
    expect(seen.size).toBe(4500);
    for (let i = 0; i < 4500; i++) expect(seen.get(`${methods[i % 3]} /r/${i}`)).toBe(i);
  });
});
