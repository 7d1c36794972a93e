import type { CanonicalTags } from './tags.js';

/**
 * A string that identifies a canonical tag set, for exporters that keep per-series state between
 * snapshots (deltas, last-sent values, merges). Each value is prefixed by its length, so no value,
 * whatever characters it holds, can make two different tag sets look alike (keys never contain `=`).
 */
export function tagsKey(tags: CanonicalTags): string {
  let key = '';
  for (const tag of tags) key += `${tag.key}=${tag.value.length}:${tag.value}`;
  return key;
}

/** {@link tagsKey} with the metric name in front (metric names never contain `{`). */
export function seriesKey(name: string, tags: CanonicalTags): string {
  return `${name}{${tagsKey(tags)}`;
}
