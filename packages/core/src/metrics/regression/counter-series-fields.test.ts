import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../../registry/create-metric-store.js';
import { MemoryRegistry } from '../../registry/memory-registry.js';
import type { MetricSnapshot, ValuePoint } from '../../snapshot.js';
import { ManualClock } from '../../testing/manual-clock.js';

// Protects the retained heap per counter series (issue 23: ≤ 100 B with 3 tags): every field is
// 8 bytes on Node 20 x64, so a series carries only what recording and collection need, and what
// only expiry needs lives on the series of families with `expireAfter`.

function setup() {
  const clock = new ManualClock(1_767_225_600_000);
  const registry = new MemoryRegistry(createMetricStore({ clock, onError: () => {} }));
  const points = async (name: string) => {
    const metric = (await registry.snapshot()).metrics.find((m: MetricSnapshot) => m.name === name);
    return (metric?.points ?? []) as ValuePoint[];
  };
  const routes = async (name: string) => (await points(name)).map((p) => p.tags[0]?.value).sort();
  return { clock, registry, points, routes };
}

describe('counter series fields', () => {
  it('a counter series holds its family, start, index slot and value, nothing else', () => {
    const { registry } = setup();
    const series = registry.counter('a_total').withTags({ method: 'GET', route: '/x', status: '200' });
    series.inc();
    expect(Object.keys(series).sort()).toEqual(['current', 'family', 'startOffset', 'trieTail']);
  });

  it('with expireAfter the series also keeps when it was last active and its value at the last check', () => {
    const { registry } = setup();
    const series = registry.counter('b_total', { expireAfter: '5m' }).withTags({ route: '/x' });
    expect(Object.keys(series).sort()).toEqual([
      'activeOffset',
      'checked',
      'current',
      'family',
      'startOffset',
      'trieTail',
    ]);
  });

  it('an unrecorded series of an expiring family counts its idle time from its creation', async () => {
    const { registry, clock, routes } = setup();
    const counter = registry.counter('c_total', { expireAfter: '5m' });
    clock.advance(4 * 60_000);
    counter.withTags({ route: '/late' });
    clock.advance(2 * 60_000);
    expect(await routes('c_total')).toEqual(['/late']);
    clock.advance(3 * 60_000 + 30_000);
    expect(await routes('c_total')).toEqual([]);
  });

  it('a removed handle recording again starts a new start time and a new idle time', async () => {
    const { registry, clock, routes, points } = setup();
    const counter = registry.counter('d_total', { expireAfter: '5m' });
    const held = counter.withTags({ route: '/a' });
    held.inc();
    expect(await routes('d_total')).toEqual(['/a']);
    clock.advance(10 * 60_000);
    expect(await routes('d_total')).toEqual([]);
    held.add(2);
    const reattachedAt = clock.now();
    clock.advance(4 * 60_000);
    // The check sees the record of the re-attached series: idle from here.
    const [point] = await points('d_total');
    expect(point?.value).toBe(2);
    expect(point?.startTime).toBe(reattachedAt);
    clock.advance(4 * 60_000);
    expect(await routes('d_total')).toEqual(['/a']);
    clock.advance(60_000);
    expect(await routes('d_total')).toEqual([]);
  });

  it('start times are exact whatever the clock says (offsets beyond a small integer too)', async () => {
    const { registry, clock, points } = setup();
    const counter = registry.counter('e_total');
    clock.advance(0.25);
    counter.withTags({ route: '/frac' }).inc();
    clock.advance(30 * 24 * 3_600_000);
    counter.withTags({ route: '/month' }).inc();
    const byRoute = new Map((await points('e_total')).map((p) => [p.tags[0]?.value, p.startTime]));
    expect(byRoute.get('/frac')).toBe(1_767_225_600_000.25);
    expect(byRoute.get('/month')).toBe(1_767_225_600_000.25 + 30 * 24 * 3_600_000);
  });
});
