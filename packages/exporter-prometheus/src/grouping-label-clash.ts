import type { CanonicalTags, MetricSnapshot, Snapshot, Tag } from '@meterkit/core';

/**
 * The Pushgateway overwrites a pushed series' label with the grouping key's value when their names
 * match (`job`, `instance`, any grouping label), silently losing the tag. Such tags are renamed to
 * `exported_<name>`, as Prometheus itself does for a scraped label that clashes with a target label
 * (`honor_labels: false`), so the value survives and the convention is familiar.
 */
export function renameGroupingLabelClashes(
  snapshot: Snapshot,
  groupingLabels: ReadonlySet<string>,
): Snapshot {
  let changed = false;
  const metrics = snapshot.metrics.map((metric) => {
    if (!metric.points.some((point) => clashes(point.tags, groupingLabels))) return metric;
    changed = true;
    const points = metric.points.map((point) =>
      clashes(point.tags, groupingLabels) ? { ...point, tags: renamed(point.tags, groupingLabels) } : point,
    );
    return { ...metric, points } as MetricSnapshot;
  });
  return changed ? { ...snapshot, metrics } : snapshot;
}

function clashes(tags: CanonicalTags, groupingLabels: ReadonlySet<string>): boolean {
  return tags.some((tag) => groupingLabels.has(tag.key));
}

function renamed(tags: CanonicalTags, groupingLabels: ReadonlySet<string>): CanonicalTags {
  const result = new Map<string, string>();
  for (const tag of tags) {
    const key = groupingLabels.has(tag.key) ? `exported_${tag.key}` : tag.key;
    // A tag literally named exported_job keeps its own value over a renamed `job`.
    if (!result.has(key) || key === tag.key) result.set(key, tag.value);
  }
  return [...result.keys()].sort().map((key): Tag => ({ key, value: result.get(key)! }));
}
