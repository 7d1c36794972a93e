import type { CanonicalTags, Tag } from '@meterkit/core';

/**
 * A series' tags with the static labels (`remoteWrite.labels`) merged in, sorted by name. A tag the
 * series has itself wins, as Prometheus does with `external_labels`; empty values are dropped, since
 * the spec forbids empty label values and an empty tag means the same series as no tag.
 */
export function withStaticLabels(tags: CanonicalTags, labels: CanonicalTags): CanonicalTags {
  if (labels.length === 0 && !hasEmptyValue(tags)) return tags;
  const merged: Tag[] = [];
  let i = 0;
  let j = 0;
  while (i < tags.length || j < labels.length) {
    const tag = tags[i];
    const label = labels[j];
    if (label === undefined || (tag !== undefined && tag.key <= label.key)) {
      if (label !== undefined && tag !== undefined && tag.key === label.key) j++;
      if (tag!.value !== '') merged.push(tag!);
      i++;
    } else {
      if (label.value !== '') merged.push(label);
      j++;
    }
  }
  return merged;
}

function hasEmptyValue(tags: CanonicalTags): boolean {
  for (const tag of tags) if (tag.value === '') return true;
  return false;
}
