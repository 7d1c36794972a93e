import type { CanonicalTags, Tag } from '@meterkit/core';

/** The tags with `key` set to `value`: inserted at its sorted place, or replacing an existing one. */
export function withTag(tags: CanonicalTags, key: string, value: string): CanonicalTags {
  const result: Tag[] = [];
  let placed = false;
  for (const tag of tags) {
    if (!placed && tag.key >= key) {
      result.push({ key, value });
      placed = true;
      if (tag.key === key) continue;
    }
    result.push(tag);
  }
  if (!placed) result.push({ key, value });
  return result;
}
