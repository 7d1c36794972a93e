import { describe, expect, it } from 'vitest';
import { DuplicateMetricError, MetricTypeConflictError } from '../errors.js';
import type { HistogramMetricSnapshot, ValueMetricSnapshot } from '../snapshot.js';
import { normalizeTags } from '../tags.js';
import { ManualClock } from '../testing/manual-clock.js';
import { createMetricStore } from './create-metric-store.js';
import { MemoryRegistry } from './memory-registry.js';

function setup(errors: Array<[string, string]> = []) {
  const clock = new ManualClock();
  const store = createMetricStore({
    namespace: 'shop',
    subsystem: 'api',
    globalTags: normalizeTags({ env: 'prod', region: 'eu' }),
    clock,
    callbackTimeoutMs: 50,
    onError: (error, source) => errors.push([source, error.message]),
  });
  return { registry: new MemoryRegistry(store), clock, errors };
}

describe('MemoryRegistry', () => {
  it('snapshots every series with full names, global tags merged (series tags win) and descriptions', async () => {
    const { registry, clock } = setup();
    registry.counter('orders_total', { description: 'Orders placed' }).withTags({ region: 'us' }).add(3);
    registry.gauge('cart_items').set(4);
    clock.advance(1000);
    const snapshot = await registry.snapshot();
    expect(snapshot.timestamp).toBe(clock.now());
    const orders = snapshot.metrics.find((m) => m.name === 'shop_api_orders_total') as ValueMetricSnapshot;
    expect(orders.type).toBe('counter');
    expect(orders.description).toBe('Orders placed');
    expect(orders.points).toEqual([
      { tags: normalizeTags({ env: 'prod', region: 'us' }), value: 3, startTime: expect.any(Number) },
    ]);
    const cart = snapshot.metrics.find((m) => m.name === 'shop_api_cart_items') as ValueMetricSnapshot;
    expect(cart.points).toEqual([
      { tags: normalizeTags({ env: 'prod', region: 'eu' }), value: 4, startTime: expect.any(Number) },
    ]);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(orders)).toBe(true);
    expect(Object.isFrozen(orders.points)).toBe(true);
  });

  it('exports an untagged metric at zero at once, but no zero series beside tagged children', async () => {
    const { registry } = setup();
    registry.counter('idle_total');
    registry.counter('used_total').withTags({ k: 'v' }).inc();
    const snapshot = await registry.snapshot();
    expect(
      (snapshot.metrics.find((m) => m.name === 'shop_api_idle_total') as ValueMetricSnapshot).points,
    ).toHaveLength(1);
    expect(
      (snapshot.metrics.find((m) => m.name === 'shop_api_used_total') as ValueMetricSnapshot).points,
    ).toHaveLength(1);
  });

  it('exports a view handle at zero only while its family has nothing else', async () => {
    const { registry } = setup();
    const orders = registry.withTags({ service: 'api' }).counter('orders_total');
    let metric = (await registry.snapshot()).metrics.find(
      (m) => m.name === 'shop_api_orders_total',
    ) as ValueMetricSnapshot;
    expect(metric.points.map((p) => p.value)).toEqual([0]);
    orders.withTags({ status: 'paid' }).inc();
    metric = (await registry.snapshot()).metrics.find(
      (m) => m.name === 'shop_api_orders_total',
    ) as ValueMetricSnapshot;
    expect(metric.points).toEqual([
      {
        tags: normalizeTags({ env: 'prod', region: 'eu', service: 'api', status: 'paid' }),
        value: 1,
        startTime: expect.any(Number),
      },
    ]);
    orders.inc();
    metric = (await registry.snapshot()).metrics.find(
      (m) => m.name === 'shop_api_orders_total',
    ) as ValueMetricSnapshot;
    expect(metric.points).toHaveLength(2);
  });

  it('rejects tag keys that histograms (le) and summaries (quantile) write themselves', () => {
    const { registry } = setup();
    expect(() => registry.histogram('h').withTags({ le: '5' })).toThrow(/"le" is reserved on histogram/);
    expect(() => registry.timer('t', { tags: { le: '1' } })).toThrow(/"le" is reserved on timer/);
    expect(() => registry.summary('s').withTags({ quantile: '0.5' })).toThrow(
      /"quantile" is reserved on summary/,
    );
    registry.counter('c_total').withTags({ le: 'fine on a counter' }).inc();
  });

  it('handles a call with 100,000 tags without exhausting the stack', () => {
    const { registry } = setup();
    const tags: Record<string, string> = {};
    for (let i = 0; i < 100_000; i++) tags[`k${i}`] = String(i);
    const child = registry.counter('wide_total').withTags(tags);
    child.inc();
    expect(registry.counter('wide_total').withTags(tags).value()).toBe(1);
  });

  it('snapshots histograms, timers (unit seconds) and summaries', async () => {
    const { registry } = setup();
    registry.histogram('size_bytes', { buckets: [10, 100], unit: 'bytes' }).observe(50);
    registry.timer('op').record(0.2);
    registry.summary('s', { quantiles: [0.5] }).observe(5);
    const { metrics } = await registry.snapshot();
    const size = metrics.find((m) => m.name === 'shop_api_size_bytes') as HistogramMetricSnapshot;
    expect(size.points[0]).toMatchObject({ count: 1, sum: 50, min: 50, max: 50 });
    expect(size.points[0]!.buckets).toEqual([
      { upperBound: 10, count: 0 },
      { upperBound: 100, count: 1 },
      { upperBound: Number.POSITIVE_INFINITY, count: 1 },
    ]);
    expect(metrics.find((m) => m.name === 'shop_api_op')).toMatchObject({ type: 'timer', unit: 'seconds' });
    const summary = metrics.find((m) => m.name === 'shop_api_s');
    expect(summary?.type).toBe('summary');
    expect(summary?.points[0]).toMatchObject({ count: 1, sum: 5 });
  });

  it('reads sync and async callbacks at collection time', async () => {
    const { registry } = setup();
    let depth = 3;
    registry.registerCallback('queue_depth', () => depth, { tags: { queue: 'a' } });
    registry.registerCallback('queue_depth', async () => 10, { tags: { queue: 'b' } });
    depth = 5;
    const metric = (await registry.snapshot()).metrics.find(
      (m) => m.name === 'shop_api_queue_depth',
    ) as ValueMetricSnapshot;
    expect(metric.type).toBe('gauge');
    expect(metric.points.map((p) => p.value)).toEqual([5, 10]);
  });

  it('skips and reports a callback that throws, rejects, hangs or returns a non-number; the rest is produced', async () => {
    const { registry, errors } = setup();
    registry.registerCallback('throws', () => {
      throw new Error('sync failure');
    });
    registry.registerCallback('rejects', () => Promise.reject(new Error('async failure')));
    registry.registerCallback('hangs', () => new Promise<number>(() => {}));
    registry.registerCallback('wrong', () => 'seven' as unknown as number);
    registry.registerCallback('fine', () => 1);
    registry.counter('still_here_total').inc();
    const names = (await registry.snapshot()).metrics.map((m) => m.name);
    expect(names).toEqual(['shop_api_fine', 'shop_api_still_here_total']);
    expect(errors.map(([source]) => source)).toEqual(['callback', 'callback', 'callback', 'callback']);
    expect(errors.map(([, message]) => message).join('\n')).toMatch(/throws.*sync failure/);
    expect(errors.map(([, message]) => message).join('\n')).toMatch(/rejects.*async failure/);
    expect(errors.map(([, message]) => message).join('\n')).toMatch(/hangs.*50 ms/);
    expect(errors.map(([, message]) => message).join('\n')).toMatch(/wrong.*needs a number/);
  });

  it('rejects a duplicate callback and a callback over another metric type', () => {
    const { registry } = setup();
    registry.registerCallback('cb', () => 1);
    expect(() => registry.registerCallback('cb', () => 2)).toThrow(DuplicateMetricError);
    registry.counter('c_total');
    expect(() => registry.registerCallback('c_total', () => 1)).toThrow(MetricTypeConflictError);
  });

  it('exports an info metric as a gauge of 1 named _info with its labels', async () => {
    const { registry } = setup();
    const info = registry.info('build');
    info.set({ version: '1.2.3', commit: 'abc' });
    expect(info.labels()).toEqual({ commit: 'abc', version: '1.2.3' });
    const metric = (await registry.snapshot()).metrics.find(
      (m) => m.name === 'shop_api_build_info',
    ) as ValueMetricSnapshot;
    expect(metric.type).toBe('info');
    expect(metric.points).toEqual([
      { tags: normalizeTags({ commit: 'abc', env: 'prod', region: 'eu', version: '1.2.3' }), value: 1 },
    ]);
  });

  it('get, getOrCreate, register, unregister and visit', () => {
    const { registry } = setup();
    const counter = registry.getOrCreate('a_total', 'counter');
    expect(registry.get('a_total', 'counter')).toBe(counter);
    expect(registry.get('a_total', 'gauge')).toBeUndefined();
    expect(registry.get('missing', 'counter')).toBeUndefined();
    const other = new MemoryRegistry(createMetricStore()).gauge('foreign');
    registry.register('adopted', other);
    expect(() => registry.register('adopted', other)).toThrow(DuplicateMetricError);
    const seen: string[] = [];
    registry.visit((_metric, name, type) => seen.push(`${name}:${type}`));
    expect(seen).toEqual(['shop_api_a_total:counter', 'shop_api_adopted:gauge']);
    expect(registry.unregister('a_total')).toBe(true);
    expect(registry.unregister('a_total')).toBe(false);
    expect(registry.get('a_total', 'counter')).toBeUndefined();
    expect(() => registry.getOrCreate('x', 'nope' as 'counter')).toThrow(/"nope" is not a metric type/);
  });

  it('withTags views share metrics and add their tags', () => {
    const { registry } = setup();
    registry.withTags({ team: 'a' }).counter('jobs_total').inc();
    registry.withTags({ key: 'team', value: 'a' }).counter('jobs_total').inc();
    expect(registry.counter('jobs_total').withTags({ team: 'a' }).value()).toBe(2);
  });
});
