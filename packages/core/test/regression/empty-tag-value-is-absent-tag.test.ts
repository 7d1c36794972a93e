import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../../src/registry/create-metric-store.js';
import { MemoryRegistry } from '../../src/registry/memory-registry.js';
import type { CanonicalTags } from '../../src/tags.js';
import { canonicalTags, EMPTY_TAGS, normalizeTags } from '../../src/tags.js';
import { ManualClock } from '../../src/testing/manual-clock.js';

/**
 * Issue 14, item 10: `{ a: 'x', b: '' }` and `{ a: 'x' }` were two series, so a Prometheus scrape held
 * two samples of what Prometheus stores as one series (an empty label value is an absent label) and
 * queries flipped between them. API.md: "An empty tag value is the same series as the tag being
 * absent (Prometheus' rule), in every backend."
 */
function setup(globalTags: Readonly<Record<string, string>> = {}) {
  const store = createMetricStore({
    globalTags: normalizeTags(globalTags),
    clock: new ManualClock(),
    callbackTimeoutMs: 50,
    onError: (error) => {
      throw error;
    },
  });
  return new MemoryRegistry(store);
}

async function pointsOf(registry: MemoryRegistry, name: string) {
  const snapshot = await registry.snapshot();
  const metric = snapshot.metrics.find((m) => m.name === name);
  return (metric?.points ?? []).map((point) => ({
    tags: Object.fromEntries(point.tags.map((tag) => [tag.key, tag.value])),
    value: 'value' in point ? point.value : (point as { count: number }).count,
  }));
}

describe('an empty tag value is the tag being absent', () => {
  it('drops the empty tag from canonical tags, and a later empty value removes an earlier one', () => {
    expect(normalizeTags({ a: 'x', b: '' })).toEqual([{ key: 'a', value: 'x' }]);
    expect(normalizeTags([{ key: 'b', value: '' }])).toEqual(EMPTY_TAGS);
    const base: CanonicalTags = normalizeTags({ a: 'x', b: 'y' });
    expect(canonicalTags(base, [{ b: '' }])).toEqual([{ key: 'a', value: 'x' }]);
    // Keys are still validated when the value is empty.
    expect(() => normalizeTags({ 'bad\u0001key': '' })).toThrow(/bad\\u0001key|bad.key/);
  });

  it('records { a, b: "" } and { a } on one counter series, in every input form and key order', async () => {
    const registry = setup();
    const counter = registry.counter('requests_total');
    counter.withTags({ a: 'x', b: '' }).inc();
    counter.withTags({ a: 'x' }).inc();
    counter.withTags({ b: '', a: 'x' }).inc();
    counter
      .withTags([
        { key: 'a', value: 'x' },
        { key: 'b', value: '' },
      ])
      .inc();
    counter.withTags({ key: 'a', value: 'x' }, { key: 'b', value: '' }).inc();
    // Repeated calls take the cached caller-order path: it must lead to the same series.
    for (let i = 0; i < 3; i++) counter.withTags({ a: 'x', b: '' }).inc();
    expect(await pointsOf(registry, 'requests_total')).toEqual([{ tags: { a: 'x' }, value: 8 }]);
  });

  it('keeps one series when the sorted key set already exists with a non-empty value', async () => {
    // The canonical index of keys [a, b] also serves callers who write sorted keys; a caller's
    // `b: ''` must not be filed in it, or the series would be listed twice.
    const registry = setup();
    const counter = registry.counter('jobs_total');
    counter.withTags({ a: 'x', b: 'y' }).inc();
    counter.withTags({ a: 'x', b: '' }).add(2);
    counter.withTags({ a: 'x', b: '' }).add(3);
    counter.withTags({ a: 'x', b: 'y' }).inc();
    expect(await pointsOf(registry, 'jobs_total')).toEqual([
      { tags: { a: 'x', b: 'y' }, value: 2 },
      { tags: { a: 'x' }, value: 5 },
    ]);
  });

  it('makes an all-empty tag set the untagged series, for histograms too', async () => {
    const registry = setup();
    const histogram = registry.histogram('latency_seconds', { buckets: [1] });
    histogram.withTags({ route: '' }).observe(0.5);
    histogram.observe(2);
    expect(await pointsOf(registry, 'latency_seconds')).toEqual([{ tags: {}, value: 2 }]);
  });

  it('drops empty global tags, and an empty series tag does not hide a global one', async () => {
    const registry = setup({ env: 'prod', zone: '' });
    registry.gauge('temperature').withTags({ env: '', room: 'a' }).set(20);
    expect(await pointsOf(registry, 'temperature')).toEqual([
      { tags: { env: 'prod', room: 'a' }, value: 20 },
    ]);
  });

  it('accepts an empty value for a declared label, meaning the label is absent', async () => {
    const registry = setup();
    const counter = registry.counter('orders_total', { labelNames: ['method', 'status'] });
    counter.withTags({ method: 'GET', status: '' }).inc();
    counter.withTags({ method: 'GET' }).inc();
    expect(() => counter.withTags({ other: '' })).toThrow(/labelNames/);
    expect(await pointsOf(registry, 'orders_total')).toEqual([{ tags: { method: 'GET' }, value: 2 }]);
  });

  it('drops empty values from option tags and provider-level tag views', async () => {
    const registry = setup();
    registry
      .withTags({ team: '' })
      .counter('a_total', { tags: { kind: '' } })
      .inc();
    registry.withTags({ team: 'core' }).withTags({ team: '' }).counter('b_total').inc();
    expect(await pointsOf(registry, 'a_total')).toEqual([{ tags: {}, value: 1 }]);
    expect(await pointsOf(registry, 'b_total')).toEqual([{ tags: {}, value: 1 }]);
  });
});
