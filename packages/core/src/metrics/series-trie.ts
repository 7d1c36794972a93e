/**
 * A trie of tag key → tag value → series, walked in the order the caller wrote its tags.
 *
 * It is the lookup cache behind `withTags(record)`: a hit costs one `Map.get` per key and per value,
 * allocates nothing and never sorts. Misses fall through to the canonical (sorted) resolution, which
 * then records the caller's order here, so each order a call site uses is resolved once.
 */
export type TrieLevel<S> = Map<string, Map<unknown, S | TrieNode<S>>>;

/** A point where one tag set ends (`series`) and longer ones continue (`next`). */
export class TrieNode<S> {
  constructor(
    public series: S | undefined,
    public next: TrieLevel<S> | undefined,
  ) {}
}

/** Walks a record in its own key order. Returns undefined on any miss. */
export function findByRecord<S extends object>(
  level: TrieLevel<S> | undefined,
  record: Readonly<Record<string, unknown>>,
): S | undefined {
  let entry: S | TrieNode<S> | undefined;
  for (const key in record) {
    if (level === undefined) return undefined;
    const byValue = level.get(key);
    if (byValue === undefined) return undefined;
    entry = byValue.get(record[key]);
    if (entry === undefined) return undefined;
    level = entry instanceof TrieNode ? entry.next : undefined;
  }
  return entry instanceof TrieNode ? entry.series : entry;
}

/** Walks a list of `{ key, value }` in list order. Returns undefined on any miss. */
export function findByPairs<S extends object>(
  level: TrieLevel<S> | undefined,
  tags: ReadonlyArray<{ readonly key: string; readonly value: unknown }>,
): S | undefined {
  let entry: S | TrieNode<S> | undefined;
  for (let i = 0; i < tags.length; i++) {
    if (level === undefined) return undefined;
    const tag = tags[i]!;
    const byValue = level.get(tag.key);
    if (byValue === undefined) return undefined;
    entry = byValue.get(tag.value);
    if (entry === undefined) return undefined;
    level = entry instanceof TrieNode ? entry.next : undefined;
  }
  return entry instanceof TrieNode ? entry.series : entry;
}

/** Records `series` at the end of the path `pairs` (in the given order). `pairs` must be non-empty. */
export function insertPath<S extends object>(
  root: TrieLevel<S>,
  pairs: ReadonlyArray<readonly [string, unknown]>,
  series: S,
): void {
  let level = root;
  for (let i = 0; i < pairs.length; i++) {
    const [key, value] = pairs[i]!;
    let byValue = level.get(key);
    if (byValue === undefined) {
      byValue = new Map();
      level.set(key, byValue);
    }
    const entry = byValue.get(value);
    const last = i === pairs.length - 1;
    if (last) {
      if (entry instanceof TrieNode) entry.series = series;
      else byValue.set(value, series);
      return;
    }
    if (entry instanceof TrieNode) {
      if (entry.next === undefined) entry.next = new Map();
      level = entry.next;
    } else {
      const node = new TrieNode<S>(entry, new Map());
      byValue.set(value, node);
      level = node.next!;
    }
  }
}
