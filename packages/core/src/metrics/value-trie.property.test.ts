import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallerLayouts } from './caller-layouts.js';
import { SplitLevel } from './split-level.js';
import { type FusedLeaf, type SingleValue, ValueTrie } from './value-trie.js';
import { walkValueTrie } from './value-trie-walk.js';

const KEYS = ['a', 'b', 'c'];
/** Few values per level, so paths share prefixes and leaves are pushed down and merged back often. */
const path = fc.tuple(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2', '3'), fc.constantFrom('p', 'q'));
const op = fc.record({ insert: fc.boolean(), path });

interface Leaf extends FusedLeaf {
  id: string;
}

/** The allocation-free walk the scrape uses: same series, values and order as `forEach`. */
function walked(trie: ValueTrie<{ id: string }>): string[] {
  const out: string[] = [];
  let previous: readonly unknown[] | undefined;
  walkValueTrie(trie, (values, leaf, changedFrom) => {
    // Levels above `changedFrom` are promised to be the previous series' values.
    if (previous !== undefined) expect(values.slice(0, changedFrom)).toEqual(previous.slice(0, changedFrom));
    previous = [...values];
    out.push(`${values.join('/')}=${leaf.id}`);
  });
  return out;
}

function listed(trie: ValueTrie<{ id: string }>): string[] {
  const out: string[] = [];
  trie.forEach((values, leaf) => {
    out.push(`${values.join('/')}=${leaf.id}`);
  });
  return out;
}

/** One insert or delete, on a fused trie and on plain tries alike; a delete's answer is checked against `live`. */
function applyOp(
  { insert, path: values }: { insert: boolean; path: readonly string[] },
  live: Map<string, Leaf>,
  fused: ValueTrie<Leaf>,
  plains: ReadonlyArray<ValueTrie<{ id: string }>>,
): void {
  const id = values.join('/');
  if (insert) {
    if (live.has(id)) return;
    const leaf: Leaf = { id, trieTail: undefined };
    live.set(id, leaf);
    fused.insert(values, leaf);
    for (const plain of plains) plain.insert(values, { id });
  } else {
    expect(fused.delete(values)).toBe(live.has(id));
    for (const plain of plains) expect(plain.delete(values)).toBe(live.has(id));
    live.delete(id);
  }
}

describe('ValueTrie with fused leaves (property)', () => {
  it('finds, lists (same order) and removes exactly what the unfused trie does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const fused = new ValueTrie<Leaf>(KEYS, true);
        const plain = new ValueTrie<{ id: string }>(KEYS);
        const layouts = new CallerLayouts<Leaf>();
        layouts.share(fused);
        const live = new Map<string, Leaf>();
        for (const op of ops) {
          applyOp(op, live, fused, [plain]);
          expect(fused.size).toBe(live.size);
          expect(listed(fused)).toEqual(listed(plain));
          expect(walked(fused)).toEqual(listed(plain));
        }
        for (const a of ['x', 'y', 'z'])
          for (const b of ['1', '2', '3'])
            for (const c of ['p', 'q']) {
              const expected = live.get(`${a}/${b}/${c}`);
              expect(fused.find([a, b, c])).toBe(expected);
              const tags = [
                { key: 'a', value: a },
                { key: 'b', value: b },
                { key: 'c', value: c },
              ];
              expect(layouts.findByTags(tags)).toBe(expected);
              expect(layouts.findByRecord({ a, b, c })).toBe(expected);
            }
        for (const values of [...live.keys()].map((id) => id.split('/'))) fused.delete(values);
        expect(fused.root).toBeUndefined();
        // A removed series keeps nothing of the index.
        for (const leaf of live.values()) expect(leaf.trieTail).toBeUndefined();
      }),
    );
  });

  it('with levels split into two Maps, finds, lists and removes what an unsplit trie does, in its order', () => {
    // Up to 16 values on the middle level, and a split from 4 values: levels split, their active Map
    // moves into the full one, and removals merge them back, all within a short sequence.
    const wide = fc.tuple(
      fc.constantFrom('x', 'y'),
      fc.integer({ min: 0, max: 15 }).map(String),
      fc.constantFrom('p', 'q'),
    );
    fc.assert(
      fc.property(
        // Long enough (fast-check keeps arrays short by default) for levels to split and merge.
        fc.array(fc.record({ insert: fc.boolean(), path: wide }), {
          minLength: 20,
          maxLength: 100,
          size: 'max',
        }),
        (ops) => {
          const split = new ValueTrie<Leaf>(KEYS, true, 4);
          const splitPlain = new ValueTrie<{ id: string }>(KEYS, false, 4);
          const unsplit = new ValueTrie<{ id: string }>(KEYS);
          const layouts = new CallerLayouts<Leaf>();
          layouts.share(split);
          const live = new Map<string, Leaf>();
          for (const op of ops) {
            applyOp(op, live, split, [splitPlain, unsplit]);
            expect(split.size).toBe(live.size);
            const expected = listed(unsplit);
            expect(listed(split)).toEqual(expected);
            expect(walked(split)).toEqual(expected);
            expect(listed(splitPlain)).toEqual(expected);
            expect(walked(splitPlain)).toEqual(expected);
          }
          for (const id of ['x/3/p', 'y/15/q', 'x/0/q', 'y/7/p', 'x/16/p']) {
            const [a, b, c] = id.split('/') as [string, string, string];
            expect(split.find([a, b, c])).toBe(live.get(id));
            expect(layouts.findByRecord({ a, b, c })).toBe(live.get(id));
            expect(
              layouts.findByTags([
                { key: 'a', value: a },
                { key: 'b', value: b },
                { key: 'c', value: c },
              ]),
            ).toBe(live.get(id));
          }
          for (const values of [...live.keys()].map((id) => id.split('/'))) split.delete(values);
          expect(split.root).toBeUndefined();
        },
      ),
      { numRuns: 50 },
    );
  }, 60_000);

  it('a level that reaches the split size becomes two Maps and stays found; removals make it one Map again', () => {
    const trie = new ValueTrie<Leaf>(['route', 'status'], true, 8);
    const leaves = Array.from({ length: 17 }, (_, i): Leaf => ({ id: `r${i}`, trieTail: undefined }));
    for (const [i, leaf] of leaves.entries()) trie.insert([`r${i}`, '200'], leaf);
    const root = trie.root as SplitLevel<unknown>;
    expect(root).toBeInstanceOf(SplitLevel);
    // 8 values filled the first Map, 8 more the active one, the 17th moved them: 16 full, 1 active.
    expect(root.full.size).toBe(16);
    expect([...root.active.keys()]).toEqual(['r16']);
    for (const [i, leaf] of leaves.entries()) expect(trie.find([`r${i}`, '200'])).toBe(leaf);
    // Down to 3 values (under half the split size): one Map again, in insertion order.
    for (let i = 1; i < 15; i++) trie.delete([`r${i}`, '200']);
    expect(trie.root).toBeInstanceOf(Map);
    expect([...(trie.root as Map<unknown, unknown>).keys()]).toEqual(['r0', 'r15', 'r16']);
    expect(trie.find(['r16', '200'])).toBe(leaves[16]);
  });

  it('a series with a unique value before the last level holds that last value, not a trie node', () => {
    const trie = new ValueTrie<Leaf>(KEYS, true);
    const first: Leaf = { id: 'u1', trieTail: undefined };
    const second: Leaf = { id: 'u2', trieTail: undefined };
    trie.insert(['GET', 'u1', '200'], first);
    trie.insert(['GET', 'u2', '200'], second);
    const byRoute = (trie.root as SingleValue<Leaf>).child as Map<unknown, unknown>;
    expect(byRoute.get('u1')).toBe(first);
    expect(first.trieTail).toBe('200');
    expect(trie.find(['GET', 'u1', '201'])).toBeUndefined();
    expect(trie.find(['GET', 'u2', '200'])).toBe(second);
    expect(trie.delete(['GET', 'u2', '200'])).toBe(true);
    // The level left with one series is a SingleValue again; the series keeps its last value.
    expect(((trie.root as SingleValue<Leaf>).child as SingleValue<Leaf>).child).toBe(first);
    expect(trie.find(['GET', 'u1', '200'])).toBe(first);
  });
});
