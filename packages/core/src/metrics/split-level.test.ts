import { describe, expect, it } from 'vitest';
import { SplitLevel } from './split-level.js';

/** A Map of `n` values `v0…v(n-1)`, each mapped to its index. */
function filled(n: number): Map<unknown, number> {
  return new Map(Array.from({ length: n }, (_, i) => [`v${i}`, i] as [string, number]));
}

describe('SplitLevel', () => {
  it('adds new values to the active Map until it holds as many as the full one, then moves them over', () => {
    const full = filled(4);
    const level = new SplitLevel(full);
    for (let i = 4; i < 8; i++) level.set(`v${i}`, i);
    expect(level.full.size).toBe(4);
    expect(level.active.size).toBe(4);
    // The ninth value finds the active Map as large as the full one: the four move, the full Map doubles.
    level.set('v8', 8);
    expect(level.full).toBe(full);
    expect(full.size).toBe(8);
    expect([...level.active.keys()]).toEqual(['v8']);
    expect(level.size).toBe(9);
    for (let i = 0; i < 9; i++) expect(level.get(`v${i}`)).toBe(i);
    expect(level.get('v9')).toBeUndefined();
  });

  it('replaces a value where it is, so neither Map grows and the order holds', () => {
    const level = new SplitLevel(filled(4));
    level.set('v4', 4);
    level.set('v1', 10);
    level.set('v4', 40);
    expect(level.full.size).toBe(4);
    expect(level.active.size).toBe(1);
    expect([...level]).toEqual([
      ['v0', 0],
      ['v1', 10],
      ['v2', 2],
      ['v3', 3],
      ['v4', 40],
    ]);
  });

  it('iterates in insertion order across both Maps, as one Map would', () => {
    const level = new SplitLevel(filled(4));
    const model = filled(4);
    const ops: Array<[string, number | undefined]> = [
      ['v9', 9],
      ['v2', undefined],
      ['v2', 22],
      ['v7', 7],
      ['v0', undefined],
      ['v5', 5],
      ['v6', 6],
      ['v8', 8],
      ['v1', 11],
    ];
    for (const [key, value] of ops) {
      if (value === undefined) expect(level.delete(key)).toBe(model.delete(key));
      else {
        level.set(key, value);
        model.set(key, value);
      }
      expect([...level.entries()]).toEqual([...model.entries()]);
      expect(level.size).toBe(model.size);
    }
    expect(level.delete('absent')).toBe(false);
  });

  it('visits values added during an iteration, also after the active Map moved into the full one', () => {
    const level = new SplitLevel(filled(4));
    level.set('v4', 4);
    const seen: unknown[] = [];
    const iterator = level.entries();
    for (let step = iterator.next(); step.done !== true; step = iterator.next()) {
      seen.push(step.value[0]);
      // While reading the active Map: three more fill it, the fourth moves it into the full one.
      if (step.value[0] === 'v4') for (let i = 5; i < 10; i++) level.set(`v${i}`, i);
    }
    expect(seen).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9']);
    expect(level.full.size).toBe(8);
  });

  it('merges back into one Map holding every value in order', () => {
    const level = new SplitLevel(filled(4));
    level.set('v4', 4);
    level.delete('v1');
    const merged = level.merged();
    expect([...merged.keys()]).toEqual(['v0', 'v2', 'v3', 'v4']);
    expect(level.active.size).toBe(0);
  });
});
