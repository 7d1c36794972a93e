import { createProvider, type Snapshot } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { flattenSnapshot } from './series-state.js';
import { StreamDiffer } from './stream-differ.js';

async function recorder() {
  const provider = await createProvider({ provider: 'memory' });
  const requests = provider.counter('requests_total');
  const load = provider.gauge('load');
  const differ = new StreamDiffer();
  const frame = async () => {
    const snapshot: Snapshot = await provider.registry().snapshot();
    const { entries, omitted } = flattenSnapshot(snapshot, 1000);
    return differ.update(snapshot.timestamp, entries, omitted);
  };
  return { provider, requests, load, differ, frame };
}

describe('StreamDiffer', () => {
  it('sends every series once, then only the ones whose values changed', async () => {
    const { requests, load, frame } = await recorder();
    requests.withTags({ route: '/a' }).inc();
    requests.withTags({ route: '/b' }).inc();
    load.set(3);
    const first = await frame();
    expect(first.added.map((s) => [s.family, s.tags])).toEqual([
      ['requests_total', { route: '/a' }],
      ['requests_total', { route: '/b' }],
      ['load', {}],
    ]);
    expect(first.addedValues).toEqual([[1], [1], [3]]);
    expect(first.changed).toEqual([]);

    requests.withTags({ route: '/b' }).add(4);
    const second = await frame();
    const idOfB = first.added[1]!.id;
    expect(second.added).toEqual([]);
    expect(second.changed).toEqual([[idOfB, 5]]);
    expect(second.removed).toEqual([]);

    const third = await frame();
    expect(third.changed).toEqual([]);
    expect(third.t).toBeGreaterThanOrEqual(second.t);
  });

  it('reports removed series by id and gives a series that comes back a new id', async () => {
    const { provider, frame } = await recorder();
    provider.counter('jobs_total').withTags({ queue: 'a' }).inc();
    const first = await frame();
    const jobs = first.added.find((s) => s.family === 'jobs_total')!;
    provider.registry().unregister('jobs_total');
    const second = await frame();
    expect(second.removed).toEqual([jobs.id]);
    provider.counter('jobs_total').withTags({ queue: 'a' }).inc();
    const third = await frame();
    expect(third.added).toHaveLength(1);
    expect(third.added[0]!.id).not.toBe(jobs.id);
  });

  it('describes its whole state for a page that connects later, and forgets it on reset', async () => {
    const { requests, load, differ, frame } = await recorder();
    expect(differ.fullFrame()).toBeUndefined();
    requests.inc();
    load.set(1);
    await frame();
    requests.inc();
    const latest = await frame();
    const full = differ.fullFrame()!;
    expect(full.t).toBe(latest.t);
    expect(full.added.map((s) => s.family)).toEqual(['requests_total', 'load']);
    expect(full.addedValues).toEqual([[2], [1]]);
    differ.reset();
    expect(differ.size).toBe(0);
    expect(differ.fullFrame()).toBeUndefined();
  });
});
