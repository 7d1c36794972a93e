import { describe, expect, it } from 'vitest';
import { InvalidMetricOptionsError } from '../errors.js';
import type { ValueMetricSnapshot } from '../snapshot.js';
import { OVERFLOW_METRIC_NAME } from './cardinality-overflow.js';
import { createMetricStore } from './create-metric-store.js';
import { MemoryRegistry } from './memory-registry.js';

describe('cardinality protection', () => {
  it('folds 10,000 distinct tag sets into limit + 1 series and loses no increment', async () => {
    const warnings: Array<[string, string]> = [];
    const store = createMetricStore({
      cardinalityLimit: 2_000,
      onError: (e, source) => warnings.push([source, e.message]),
    });
    const registry = new MemoryRegistry(store);
    const requests = registry.counter('requests_total');
    let recorded = 0;
    for (let i = 0; i < 10_000; i++) {
      const increments = (i % 3) + 1;
      requests.withTags({ user: `u${i}` }).add(increments);
      recorded += increments;
    }
    // The same tag sets again: admitted ones hit their series, folded ones the overflow series.
    for (let i = 0; i < 10_000; i++) requests.withTags({ user: `u${i}` }).inc();
    recorded += 10_000;

    const snapshot = await registry.snapshot();
    const metric = snapshot.metrics.find((m) => m.name === 'requests_total') as ValueMetricSnapshot;
    expect(metric.points).toHaveLength(2_001);
    const overflow = metric.points.filter((p) =>
      p.tags.some((t) => t.key === 'meterkit_overflow' && t.value === 'true'),
    );
    expect(overflow).toHaveLength(1);
    expect(overflow[0]!.tags).toEqual([{ key: 'meterkit_overflow', value: 'true' }]);
    expect(metric.points.reduce((sum, p) => sum + p.value, 0)).toBe(recorded);

    expect(warnings).toHaveLength(1);
    expect(warnings[0]![0]).toBe('cardinality');
    expect(warnings[0]![1]).toMatch(/"requests_total" reached its cardinality limit of 2000 series/);
    const folds = snapshot.metrics.find((m) => m.name === OVERFLOW_METRIC_NAME) as ValueMetricSnapshot;
    expect(folds.points).toEqual([
      { tags: [{ key: 'metric', value: 'requests_total' }], value: 16_000, startTime: expect.any(Number) },
    ]);
  });

  it('honours a per-metric limit and rejects a bad one', async () => {
    const registry = new MemoryRegistry(createMetricStore({ onError: () => {} }));
    const gauge = registry.gauge('small', { cardinalityLimit: 2 });
    gauge.withTags({ k: 'a' }).set(1);
    gauge.withTags({ k: 'b' }).set(2);
    gauge.withTags({ k: 'c' }).set(3);
    expect(gauge.withTags({ k: 'd' })).toBe(gauge.withTags({ k: 'c' }));
    const metric = (await registry.snapshot()).metrics.find((m) => m.name === 'small') as ValueMetricSnapshot;
    expect(metric.points.map((p) => p.value)).toEqual([1, 2, 3]);
    expect(() => registry.counter('bad_total', { cardinalityLimit: 0 })).toThrow(InvalidMetricOptionsError);
  });
});
