import { describe, expect, it } from 'vitest';
import type { CanonicalTags } from '../tags.js';
import { SeriesMemory } from './series-memory.js';

const tags = (record: Record<string, string>): CanonicalTags =>
  Object.keys(record)
    .sort()
    .map((key) => ({ key, value: record[key]! }));

describe('SeriesMemory', () => {
  it('finds a series again from new tag arrays of equal content', () => {
    const memory = new SeriesMemory<number>();
    memory.beginFlush();
    memory.see('jobs_total', tags({ queue: 'a', outcome: 'ok' }), 1).last = 5;
    memory.endFlush();
    memory.beginFlush();
    expect(memory.see('jobs_total', tags({ outcome: 'ok', queue: 'a' }), 1).last).toBe(5);
    expect(memory.see('jobs_total', tags({ queue: 'a' }), 1).last).toBeUndefined();
    expect(memory.see('jobs', tags({ queue: 'a', outcome: 'ok' }), 1).last).toBeUndefined();
    expect(memory.size).toBe(3);
  });

  it('keeps tag sets apart that a naive join would merge', () => {
    const memory = new SeriesMemory<string>();
    memory.beginFlush();
    memory.see('m', tags({ a: 'x', b: 'y' })).last = 'first';
    memory.see('m', tags({ a: 'x=b', c: 'y' })).last = 'second';
    memory.see('m', [{ key: 'a', value: 'x' }]).last = 'third';
    expect(memory.see('m', tags({ a: 'x', b: 'y' })).last).toBe('first');
    expect(memory.size).toBe(3);
  });

  it('forgets a series absent from a flush and returns it once, so a comeback starts from zero', () => {
    const memory = new SeriesMemory<number, string>({ describe: (name, t) => `${name}/${t.length}` });
    memory.beginFlush();
    memory.see('a', tags({ k: '1' })).last = 1;
    memory.see('b', tags({})).last = 2;
    memory.endFlush();
    memory.beginFlush();
    memory.see('a', tags({ k: '1' }));
    const gone = memory.endFlush();
    expect(gone.map((series) => [series.name, series.data, series.last])).toEqual([['b', 'b/0', 2]]);
    memory.beginFlush();
    memory.see('a', tags({ k: '1' }));
    expect(memory.endFlush()).toEqual([]);
    memory.beginFlush();
    expect(memory.see('b', tags({})).last).toBeUndefined();
    expect(memory.size).toBe(2);
  });

  it('clears last and lastTime of a series seen with a new start time (re-created)', () => {
    const memory = new SeriesMemory<number>();
    memory.beginFlush();
    const series = memory.see('c', tags({}), 100);
    series.last = 7;
    series.lastTime = 150;
    memory.endFlush();
    memory.beginFlush();
    const again = memory.see('c', tags({}), 200);
    expect([again.last, again.lastTime, again.startTime]).toEqual([undefined, undefined, 200]);
  });

  it('computes data once per series', () => {
    let calls = 0;
    const memory = new SeriesMemory<number, number>({ describe: () => ++calls });
    for (let flush = 0; flush < 3; flush++) {
      memory.beginFlush();
      memory.see('x', tags({ a: '1' }));
      memory.endFlush();
    }
    expect(calls).toBe(1);
  });
});
