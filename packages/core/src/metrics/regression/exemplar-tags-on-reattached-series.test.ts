import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../../registry/create-metric-store.js';
import { MemoryRegistry } from '../../registry/memory-registry.js';
import type { HistogramMetricSnapshot, ValueMetricSnapshot } from '../../snapshot.js';
import { ManualClock } from '../../testing/manual-clock.js';

/*
 * A held handle whose series was removed re-attaches itself when it records again. Its explicit
 * exemplar tags were lost on that first record: they went to the dropped handle, not to the series
 * that counted the value (the one re-created meanwhile through withTags).
 */

const registry = () =>
  new MemoryRegistry(createMetricStore({ exemplars: true, clock: new ManualClock(1_000) }));

async function points(r: MemoryRegistry, name: string) {
  const metric = (await r.snapshot()).metrics.find((m) => m.name === name);
  return metric!.points;
}

type Recorder = 'counter.inc' | 'counter.add' | 'histogram.observe' | 'timer.record';
const CASES: Recorder[] = ['counter.inc', 'counter.add', 'histogram.observe', 'timer.record'];

function record(r: MemoryRegistry, how: Recorder) {
  const [kind] = how.split('.') as ['counter' | 'histogram' | 'timer'];
  const metric =
    kind === 'counter'
      ? r.counter('m_total')
      : kind === 'histogram'
        ? r.histogram('m', { buckets: [1] })
        : r.timer('m', { buckets: [1] });
  const name = kind === 'counter' ? 'm_total' : 'm';
  const write = (handle: unknown, tags: Record<string, string>) => {
    const h = handle as Record<string, (...args: unknown[]) => void>;
    if (how === 'counter.inc') h.inc!(tags);
    else if (how === 'counter.add') h.add!(1, tags);
    else if (how === 'histogram.observe') h.observe!(0.5, tags);
    else h.record!(0.5, tags);
  };
  return { metric, name, write };
}

function exemplarOf(point: unknown): Record<string, string> | undefined {
  const p = point as ValueMetricSnapshot['points'][number] &
    Partial<HistogramMetricSnapshot['points'][number]>;
  return (p.buckets ? p.buckets[0]!.exemplar : p.exemplar)?.tags;
}

describe('explicit exemplar tags on the first record of a re-attached series', () => {
  it.each(CASES)('%s through the removed handle keeps them', async (how) => {
    const r = registry();
    const { metric, name, write } = record(r, how);
    const held = metric.withTags({ route: 'a' });
    write(held, { trace_id: 'before' });
    metric.remove({ route: 'a' });
    write(held, { trace_id: 'after' });
    const [point] = await points(r, name);
    expect(exemplarOf(point)).toEqual({ trace_id: 'after' });
  });

  it.each(CASES)(
    '%s through the removed handle, its series re-created meanwhile, keeps them',
    async (how) => {
      const r = registry();
      const { metric, name, write } = record(r, how);
      const held = metric.withTags({ route: 'a' });
      write(held, { trace_id: 'before' });
      metric.remove({ route: 'a' });
      write(metric.withTags({ route: 'a' }), { trace_id: 'fresh' });
      write(held, { trace_id: 'after' });
      const all = await points(r, name);
      expect(all).toHaveLength(1);
      expect(exemplarOf(all[0])).toEqual({ trace_id: 'after' });
    },
  );
});
