import { describe, expect, it } from 'vitest';
import { SplitLevel } from './split-level.js';

/** A Map of `n` values `v0…v(n-1)`, each mapped to its index. */
function filled(n: number): Map<unknown, number> {
  return new Map(Array.from({ length: n }, (_, i) => [`v${i}`, i] as [string, number]));
}

describe('SplitLevel', () => {
  it('moves the active values into the full Map as it fills: to half again its size, then to a full table', () => {
    const full = filled(4);
    const level = new SplitLevel(full);
    level.set('v4', 4);
    level.set('v5', 5);
    expect([...level.active.keys()]).toEqual(['v4', 'v5']);
    // The full Map's table (4) has no room: two values (half its size) move, its table doubles to 8.
    level.set('v6', 6);
    expect(level.full).toBe(full);
    expect(full.size).toBe(6);
    expect([...level.active.keys()]).toEqual(['v6']);
    level.set('v7', 7);
    // Room for two more in the full Map's table of 8: they move, and it is full again.
    level.set('v8', 8);
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
      // While reading the active Map: one more fills it, the next moves both into the full one.
      if (step.value[0] === 'v4') for (let i = 5; i < 8; i++) level.set(`v${i}`, i);
    }
    expect(seen).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
    expect(level.full.size).toBe(6);
  });

  it('never visits a value twice, even when the active Map moves twice during an iteration', () => {
    const level = new SplitLevel(filled(4));
    level.set('v4', 4);
    const seen: unknown[] = [];
    for (const [key] of level) {
      seen.push(key);
      if (key === 'v4') for (let i = 5; i < 10; i++) level.set(`v${i}`, i);
    }
    expect(new Set(seen).size).toBe(seen.length);
    // v6 and v7 were in the active Map in between: the next walk has them.
    expect(seen).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v8', 'v9']);
    expect([...level.entries()].map(([key]) => key)).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
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
