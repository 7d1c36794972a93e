import { describe, expect, it } from 'vitest';
import type { FrameMessage, SeriesDescriptor } from '../stream-protocol.js';
import { SeriesStore } from './series-store.js';

const counter = (id: number, tags: Record<string, string> = {}): SeriesDescriptor => ({
  id,
  family: 'hits_total',
  type: 'counter',
  unit: '',
  description: '',
  tags,
});

function frame(t: number, parts: Partial<FrameMessage> = {}): FrameMessage {
  return { t, added: [], addedValues: [], changed: [], removed: [], omitted: 0, ...parts };
}

/** The values of one line of the only series of `family`, oldest first. */
function line(store: SeriesStore, family: string, index = 0, lineIndex = 0): number[] {
  const series = store.families.get(family)!.series[index]!;
  return store.times.window(Number.POSITIVE_INFINITY).map((slot) => series.lines[lineIndex]![slot]!);
}

describe('SeriesStore', () => {
  it('turns counter readings into rates and carries unchanged series forward as 0/s', () => {
    const store = new SeriesStore(100);
    store.connected();
    store.applyFrame(frame(1000, { added: [counter(1)], addedValues: [[10]] }));
    store.applyFrame(frame(3000, { changed: [[1, 50]] }));
    store.applyFrame(frame(4000)); // not listed: unchanged
    expect(line(store, 'hits_total')).toEqual([Number.NaN, 20, 0]);
  });

  it('keeps gauges as values and summaries as their quantiles (null is a gap)', () => {
    const store = new SeriesStore(10);
    store.connected();
    const gauge: SeriesDescriptor = { ...counter(1), family: 'load', type: 'gauge' };
    const summary: SeriesDescriptor = {
      ...counter(2),
      family: 'latency',
      type: 'summary',
      quantiles: [0.5, 0.9],
    };
    store.applyFrame(frame(1000, { added: [gauge, summary], addedValues: [[3], [2, 0.5, 0.2, null]] }));
    expect(store.families.get('latency')!.lines).toEqual(['p50', 'p90']);
    expect(line(store, 'load')).toEqual([3]);
    expect(line(store, 'latency', 0, 0)[0]).toBeCloseTo(0.2, 6);
    expect(line(store, 'latency', 0, 1)).toEqual([Number.NaN]);
  });

  it('drops removed series and a family whose last series is gone', () => {
    const store = new SeriesStore(10);
    store.connected();
    store.applyFrame(
      frame(1000, { added: [counter(1, { a: '1' }), counter(2, { a: '2' })], addedValues: [[1], [1]] }),
    );
    expect(store.applyFrame(frame(2000, { removed: [1] })).structureChanged).toBe(true);
    expect(store.families.get('hits_total')!.series.map((s) => s.label)).toEqual(['a=2']);
    store.applyFrame(frame(3000, { removed: [2] }));
    expect(store.families.has('hits_total')).toBe(false);
    expect(store.seriesCount).toBe(0);
  });

  it('after a reconnect, matches series by name and tags so history and rates continue', () => {
    const store = new SeriesStore(10);
    store.connected();
    store.applyFrame(
      frame(1000, { added: [counter(1, { a: '1' }), counter(2, { a: '2' })], addedValues: [[0], [0]] }),
    );
    store.connected(); // the server gives new ids; a=2 no longer exists
    const effect = store.applyFrame(frame(5000, { added: [counter(7, { a: '1' })], addedValues: [[40]] }));
    expect(effect.structureChanged).toBe(true);
    expect(store.families.get('hits_total')!.series.map((s) => s.label)).toEqual(['a=1']);
    expect(line(store, 'hits_total')).toEqual([Number.NaN, 10]); // 40 over the 4 s gap
    store.applyFrame(frame(6000, { changed: [[7, 45]] }));
    expect(line(store, 'hits_total').at(-1)).toBe(5);
  });

  it('ignores a repeated frame of the same collection but learns its ids', () => {
    const store = new SeriesStore(10);
    store.connected();
    store.applyFrame(frame(1000, { added: [counter(1)], addedValues: [[5]] }));
    store.connected();
    store.applyFrame(frame(1000, { added: [counter(9)], addedValues: [[5]] }));
    store.applyFrame(frame(2000, { changed: [[9, 8]] }));
    expect(line(store, 'hits_total')).toEqual([Number.NaN, 3]);
  });

  it('bounds memory: each line holds `capacity` values however long the page runs', () => {
    const store = new SeriesStore(4);
    store.connected();
    store.applyFrame(frame(0, { added: [counter(1)], addedValues: [[0]] }));
    for (let i = 1; i <= 100; i++) store.applyFrame(frame(i * 1000, { changed: [[1, i * 2]] }));
    const series = store.families.get('hits_total')!.series[0]!;
    expect(series.lines[0]!.length).toBe(4);
    expect(line(store, 'hits_total')).toEqual([2, 2, 2, 2]);
  });
});
