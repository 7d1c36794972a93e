import { describe, expect, it } from 'vitest';
import { SharedTails } from './shared-tails.js';
import { type FusedLeaf, ValueTrie } from './value-trie.js';

interface Leaf extends FusedLeaf {
  id: string;
}

const leaf = (id: string): Leaf => ({ id, trieTail: undefined });

describe('SharedTails', () => {
  it('hands out one frozen array per distinct tail and forgets it when its last user lets go', () => {
    const tails = new SharedTails();
    const a = tails.acquire(['u1', 'GET', '200'], 1);
    const b = tails.acquire(['u2', 'GET', '200'], 1);
    expect(a).toEqual(['GET', '200']);
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(tails.acquire(['u3', 'PUT', '200'], 1)).toEqual(['PUT', '200']);
    expect(tails.size).toBe(2);
    tails.release(a!);
    expect(tails.size).toBe(2);
    tails.release(b!);
    expect(tails.size).toBe(1);
  });

  it('does not share a tail whose key collides with another one (a value holding the separator)', () => {
    const tails = new SharedTails();
    const first = tails.acquire(['a\u0000b', 'c'], 0);
    expect(first).toEqual(['a\u0000b', 'c']);
    expect(tails.acquire(['a', 'b\u0000c'], 0)).toBeUndefined();
  });

  it('stops sharing beyond its limit of distinct tails', () => {
    const tails = new SharedTails();
    let shared = 0;
    for (let i = 0; i < 1000; i++) if (tails.acquire([`u${i}`, 'x'], 0) !== undefined) shared++;
    expect(shared).toBe(256);
    expect(tails.size).toBe(256);
  });
});

describe('ValueTrie with shared tails', () => {
  it('with the unique tag first, each series hangs below the unique level holding a shared tail', () => {
    const trie = new ValueTrie<Leaf>(['id', 'method', 'status'], true);
    const series = Array.from({ length: 6 }, (_, i) => leaf(`u${i}`));
    for (const [i, s] of series.entries()) trie.insert([s.id, i % 2 ? 'GET' : 'PUT', '200'], s);
    const byId = trie.root as Map<unknown, unknown>;
    expect(byId).toBeInstanceOf(Map);
    for (const s of series) expect(byId.get(s.id)).toBe(s);
    expect(series[1]!.trieTail).toEqual(['GET', '200']);
    expect(series[3]!.trieTail).toBe(series[1]!.trieTail);
    expect(series[0]!.trieTail).toEqual(['PUT', '200']);
    expect(trie.find(['u3', 'GET', '200'])).toBe(series[3]);
    expect(trie.find(['u3', 'PUT', '200'])).toBeUndefined();
    expect(trie.find(['u3', 'GET', '201'])).toBeUndefined();
  });

  it('a leaf holding a shared tail moves down when another series shares its first values', () => {
    const trie = new ValueTrie<Leaf>(['id', 'method', 'status'], true);
    const a = leaf('a');
    const b = leaf('b');
    const c = leaf('c');
    trie.insert(['u1', 'GET', '200'], a);
    trie.insert(['u2', 'GET', '200'], b);
    trie.insert(['u1', 'GET', '500'], c);
    expect(trie.find(['u1', 'GET', '200'])).toBe(a);
    expect(trie.find(['u1', 'GET', '500'])).toBe(c);
    expect(trie.find(['u2', 'GET', '200'])).toBe(b);
    expect(a.trieTail).toBeUndefined();
    expect(b.trieTail).toEqual(['GET', '200']);
    const listed: string[] = [];
    trie.forEach((values, s) => {
      listed.push(`${values.join('/')}=${s.id}`);
    });
    expect(listed).toEqual(['u1/GET/200=a', 'u1/GET/500=c', 'u2/GET/200=b']);
    for (const [values, s] of [
      [['u1', 'GET', '200'], a],
      [['u1', 'GET', '500'], c],
      [['u2', 'GET', '200'], b],
    ] as const) {
      expect(trie.delete(values)).toBe(true);
      expect(s.trieTail).toBeUndefined();
    }
    expect(trie.root).toBeUndefined();
  });
});
