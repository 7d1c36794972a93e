import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FusedLeaf, ValueTrie } from './value-trie.js';
import { TrieCursor } from './value-trie-cursor.js';
import { walkValueTrie } from './value-trie-walk.js';

interface Leaf extends FusedLeaf {
  id: string;
}

const KEYS = ['a', 'b', 'c'];
const path = fc.tuple(
  fc.constantFrom('x', 'y', 'z'),
  fc.constantFrom('1', '2', '3'),
  fc.constantFrom('p', 'q'),
);
const op = fc.record({ insert: fc.boolean(), path });

function build(
  ops: ReadonlyArray<{ insert: boolean; path: readonly string[] }>,
  fused: boolean,
  splitFrom?: number,
): ValueTrie<Leaf> {
  const trie = new ValueTrie<Leaf>(KEYS, fused, splitFrom);
  const live = new Set<string>();
  for (const { insert, path: values } of ops) {
    const id = values.join('/');
    if (insert && !live.has(id)) {
      trie.insert(values, { id, trieTail: undefined });
      live.add(id);
    } else if (!insert) {
      trie.delete(values);
      live.delete(id);
    }
  }
  return trie;
}

type Visit = [string, string, number];

function recursive(trie: ValueTrie<Leaf>): Visit[] {
  const out: Visit[] = [];
  walkValueTrie(trie, (values, leaf, changedFrom) => out.push([values.join('/'), leaf.id, changedFrom]));
  return out;
}

/** The visits of a walk in steps; the first series of each step is marked (its changedFrom is 0). */
function stepwise(
  trie: ValueTrie<Leaf>,
  budgets: readonly number[],
  firsts: Set<number> = new Set(),
  iterateAbove?: number,
): Visit[] {
  const out: Visit[] = [];
  const cursor = new TrieCursor(trie, iterateAbove);
  for (let i = 0; !cursor.finished; i++) {
    const before = out.length;
    const budget = budgets[i % budgets.length]!;
    firsts.add(before);
    const visited = cursor.walk(budget, {
      visitSeries: (values, leaf, changedFrom) => out.push([values.join('/'), leaf.id, changedFrom]),
    });
    expect(visited).toBe(out.length - before);
    expect(visited).toBeLessThanOrEqual(budget);
    // A step that visits fewer than its budget is the last.
    if (visited < budget) expect(cursor.finished).toBe(true);
  }
  return out;
}

describe('TrieCursor', () => {
  it('visits what the recursive walk visits, in its order and with its changedFrom, at any step size', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
        // Large Maps keep an iterator: with small thresholds both ways of walking a level mix.
        fc.constantFrom(undefined, 0, 1, 2),
        (ops, fused, budgets, iterateAbove) => {
          const trie = build(ops, fused);
          const expected = recursive(trie);
          const firsts = new Set<number>();
          const actual = stepwise(trie, budgets, firsts, iterateAbove);
          // Same series, values and order; the first series of a step counts every level as changed.
          expect(actual.map(([values, id]) => [values, id])).toEqual(
            expected.map(([values, id]) => [values, id]),
          );
          actual.forEach(([, , changedFrom], i) => {
            expect(changedFrom).toBe(firsts.has(i) ? 0 : expected[i]![2]);
          });
          // Every series shows its own path.
          for (const [values, id] of expected) expect(values).toBe(id);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('sees series added after its position and never one twice when only additions happen', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 40 }),
        fc.array(path, { maxLength: 10 }),
        fc.boolean(),
        // Small thresholds: Maps grow past them between steps and switch to an iterator.
        fc.constantFrom(undefined, 0, 1, 2),
        (ops, added, fused, iterateAbove) => {
          const trie = build(ops, fused);
          const seen: string[] = [];
          const cursor = new TrieCursor(trie, iterateAbove);
          let next = 0;
          while (!cursor.finished) {
            cursor.walk(1, {
              visitSeries: (values, leaf) => {
                expect(values.join('/')).toBe(leaf.id);
                seen.push(leaf.id);
              },
            });
            // Between steps the application records into new tag sets.
            const values = added[next++];
            if (values !== undefined && trie.find(values) === undefined) {
              trie.insert(values, { id: values.join('/'), trieTail: undefined });
            }
          }
          expect(new Set(seen).size).toBe(seen.length);
          // Everything that existed before the walk was visited.
          for (const [, id] of recursive(build(ops, fused))) expect(seen).toContain(id);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('walks levels split into two Maps as the recursive walk does, and sees series added while a level moves', () => {
    // Up to 12 values on the middle level and a split from 4: levels split and their active Map
    // moves into the full one between steps.
    const wide = fc.tuple(
      fc.constantFrom('x', 'y'),
      fc.integer({ min: 0, max: 11 }).map(String),
      fc.constantFrom('p', 'q'),
    );
    const ops = fc.array(fc.record({ insert: fc.boolean(), path: wide }), {
      minLength: 10,
      maxLength: 60,
      size: 'max',
    });
    fc.assert(
      fc.property(
        ops,
        fc.array(wide, { maxLength: 20, size: 'max' }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(undefined, 0, 3),
        (built, added, fused, budgets, iterateAbove) => {
          const trie = build(built, fused, 4);
          const expected = recursive(trie);
          expect(
            stepwise(trie, budgets, new Set(), iterateAbove).map(([values, id]) => [values, id]),
          ).toEqual(expected.map(([values, id]) => [values, id]));
          // Additions between steps of one walk: each series once, everything that was there seen.
          const seen: string[] = [];
          const cursor = new TrieCursor(trie, iterateAbove);
          let next = 0;
          while (!cursor.finished) {
            cursor.walk(1, { visitSeries: (_values, leaf) => seen.push(leaf.id) });
            const values = added[next++];
            if (values !== undefined && trie.find(values) === undefined) {
              trie.insert(values, { id: values.join('/'), trieTail: undefined });
            }
          }
          expect(new Set(seen).size).toBe(seen.length);
          for (const [, id] of expected) expect(seen).toContain(id);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
