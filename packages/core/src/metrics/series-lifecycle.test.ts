import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate-config.js';
import { ConfigError, InvalidMetricOptionsError } from '../errors.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import type { HistogramPoint, MetricSnapshot, SummaryPoint, ValuePoint } from '../snapshot.js';
import { ManualClock } from '../testing/manual-clock.js';
import { ValueTrie } from './value-trie.js';

type AnyPoint = ValuePoint | HistogramPoint | SummaryPoint;

function setup(options: { seriesExpiryMs?: number; cardinalityLimit?: number } = {}) {
  const clock = new ManualClock();
  const store = createMetricStore({ clock, onError: () => {}, ...options });
  const registry = new MemoryRegistry(store);
  const points = async (name: string): Promise<AnyPoint[]> => {
    const metric = (await registry.snapshot()).metrics.find((m: MetricSnapshot) => m.name === name);
    return (metric?.points ?? []) as AnyPoint[];
  };
  const byTag = async (name: string, key: string) =>
    new Map((await points(name)).map((p) => [p.tags.find((t) => t.key === key)?.value, p]));
  return { clock, registry, points, byTag, store };
}

describe('remove and clear', () => {
  it('remove drops one series from the next collection and says whether it existed', async () => {
    const { registry, byTag } = setup();
    const requests = registry.counter('requests_total');
    requests.withTags({ route: '/a' }).add(5);
    requests.withTags({ route: '/b' }).add(7);
    expect(requests.remove({ route: '/a' })).toBe(true);
    expect(requests.remove({ route: '/a' })).toBe(false);
    expect(requests.remove({ route: '/never' })).toBe(false);
    const series = await byTag('requests_total', 'route');
    expect([...series.keys()]).toEqual(['/b']);
    expect((series.get('/b') as ValuePoint).value).toBe(7);
  });

  it('a held child that records after removal comes back from zero with a new start time', async () => {
    const { registry, byTag, clock } = setup();
    const held = registry.counter('jobs_total').withTags({ queue: 'q1' });
    held.add(10);
    const first = (await byTag('jobs_total', 'queue')).get('q1') as ValuePoint;
    clock.advance(1_000);
    registry.counter('jobs_total').remove({ queue: 'q1' });
    expect(held.value()).toBe(0);
    clock.advance(1_000);
    held.add(3);
    const again = (await byTag('jobs_total', 'queue')).get('q1') as ValuePoint;
    expect(again.value).toBe(3);
    expect(again.startTime).toBe(first.startTime! + 2_000);
    // The same tags asked for again resolve to the re-attached series, not a second one.
    registry.counter('jobs_total').withTags({ queue: 'q1' }).inc();
    expect(((await byTag('jobs_total', 'queue')).get('q1') as ValuePoint).value).toBe(4);
  });

  it('a stale handle whose tags were re-created meanwhile records into the live series', async () => {
    const { registry, points } = setup();
    const gauge = registry.gauge('depth');
    const stale = gauge.withTags({ q: 'x' });
    stale.set(4);
    gauge.remove({ q: 'x' });
    gauge.withTags({ q: 'x' }).set(9);
    stale.inc();
    const all = await points('depth');
    expect(all).toHaveLength(1);
    expect((all[0] as ValuePoint).value).toBe(10);
  });

  it('clear drops every series of every kind; untagged ones restart hidden until recorded', async () => {
    const { registry, points, clock } = setup();
    const histogram = registry.histogram('latency', { buckets: [1, 2] });
    const summary = registry.summary('size');
    const timer = registry.timer('work');
    histogram.observe(1);
    histogram.withTags({ a: '1' }).observe(1.5);
    summary.withTags({ a: '1' }).observe(3);
    timer.withTags({ a: '1' }).record(0.1);
    clock.advance(500);
    histogram.clear();
    summary.clear();
    timer.clear();
    expect(await points('latency')).toEqual([]);
    expect(await points('size')).toEqual([]);
    expect(await points('work_seconds')).toEqual([]);
    histogram.observe(2);
    const [root] = (await points('latency')) as HistogramPoint[];
    expect(root!.count).toBe(1);
    expect(root!.buckets.map((b) => b.count)).toEqual([0, 1, 1]);
    expect(root!.startTime).toBe(Date.UTC(2026, 0, 1) + 500);
  });

  it('removal frees room under the cardinality limit', async () => {
    const { registry, byTag } = setup({ cardinalityLimit: 2 });
    const counter = registry.counter('c_total');
    counter.withTags({ k: 'a' }).inc();
    counter.withTags({ k: 'b' }).inc();
    counter.remove({ k: 'a' });
    counter.withTags({ k: 'c' }).inc();
    const series = await byTag('c_total', 'k');
    expect([...series.keys()].sort()).toEqual(['b', 'c']);
  });
});

describe('idle expiry', () => {
  it('drops a series with nothing recorded for expireAfter, at collection', async () => {
    const { registry, byTag, clock } = setup();
    const counter = registry.counter('hits_total', { expireAfter: '5m' });
    const busy = counter.withTags({ t: 'busy' });
    counter.withTags({ t: 'idle' }).inc();
    busy.inc();
    await byTag('hits_total', 't');
    clock.advance(4 * 60_000);
    busy.inc();
    expect([...(await byTag('hits_total', 't')).keys()].sort()).toEqual(['busy', 'idle']);
    clock.advance(60_000);
    expect([...(await byTag('hits_total', 't')).keys()]).toEqual(['busy']);
  });

  it('a gauge set to the same value is recorded, so not idle', async () => {
    const { registry, byTag, clock } = setup({ seriesExpiryMs: 60_000 });
    const gauge = registry.gauge('temperature');
    const steady = gauge.withTags({ room: 'steady' });
    gauge.withTags({ room: 'forgotten' }).set(20);
    for (let minute = 0; minute < 3; minute++) {
      steady.set(21);
      await byTag('temperature', 'room');
      clock.advance(40_000);
    }
    steady.set(21);
    expect([...(await byTag('temperature', 'room')).keys()]).toEqual(['steady']);
  });

  it('callback gauges never expire while they return a value', async () => {
    const { registry, points, clock } = setup({ seriesExpiryMs: 1_000 });
    registry.registerCallback('open_files', () => 12);
    await points('open_files');
    clock.advance(10_000);
    expect(((await points('open_files'))[0] as ValuePoint).value).toBe(12);
  });

  it('rejects a bad expireAfter and seriesExpiry with typed errors naming the value', () => {
    const { registry } = setup();
    expect(() => registry.counter('x_total', { expireAfter: 'soon' })).toThrow(InvalidMetricOptionsError);
    expect(() => registry.counter('y_total', { expireAfter: -5 })).toThrow(/-5/);
    expect(() => registry.counter('z_total', { expireAfter: '999h' })).toThrow(/999h/);
    expect(() => validateConfig({ provider: 'memory', seriesExpiry: 'forever' })).toThrow(ConfigError);
    expect(validateConfig({ provider: 'memory', seriesExpiry: '5m' }).seriesExpiryMs).toBe(300_000);
  });
});

describe('ValueTrie.delete', () => {
  it('unlinks emptied levels and shrinks a one-value Map back to a single value', () => {
    const trie = new ValueTrie<{ id: number }>(['a', 'b']);
    trie.insert(['x', '1'], { id: 1 });
    trie.insert(['x', '2'], { id: 2 });
    trie.insert(['y', '1'], { id: 3 });
    expect(trie.delete(['x', '2'])).toBe(true);
    expect(trie.delete(['x', '2'])).toBe(false);
    expect(trie.find(['x', '1'])).toEqual({ id: 1 });
    expect(trie.delete(['x', '1'])).toBe(true);
    expect(trie.delete(['y', '1'])).toBe(true);
    expect(trie.root).toBeUndefined();
    expect(trie.size).toBe(0);
  });
});

describe('a family with more series under one tag level than a Map is split at (SPLIT_FROM)', () => {
  it('keeps, finds, removes, re-attaches and exports every series through the split and back', async () => {
    const { registry, byTag } = setup({ cardinalityLimit: 10_000 });
    const requests = registry.counter('requests_total');
    const count = 3_000;
    const held = Array.from({ length: count }, (_, i) =>
      requests.withTags({ method: i % 2 === 0 ? 'GET' : 'POST', user: `u${i}` }),
    );
    held.forEach((child, i) => {
      child.add(i + 1);
    });
    // The same series is found again by its tags, with its value.
    for (const i of [0, 1, 1_023, 1_024, 2_047, 2_048, 2_999]) {
      expect(requests.withTags({ user: `u${i}`, method: i % 2 === 0 ? 'GET' : 'POST' })).toBe(held[i]);
    }
    let series = await byTag('requests_total', 'user');
    expect(series.size).toBe(count);
    for (let i = 0; i < count; i++) expect((series.get(`u${i}`) as ValuePoint).value).toBe(i + 1);
    // Remove all but 10 of the GET series: the level shrinks back to one Map, the rest stay.
    for (let i = 0; i < count - 20; i += 2)
      expect(requests.remove({ method: 'GET', user: `u${i}` })).toBe(true);
    series = await byTag('requests_total', 'user');
    expect(series.size).toBe(count / 2 + 10);
    expect(series.has('u0')).toBe(false);
    expect((series.get('u2980') as ValuePoint).value).toBe(2981);
    expect((series.get('u1') as ValuePoint).value).toBe(2);
    // A removed series' held handle comes back from zero.
    held[0]!.inc();
    series = await byTag('requests_total', 'user');
    expect((series.get('u0') as ValuePoint).value).toBe(1);
  });
});
