import type { Exemplar, HistogramPoint, ValuePoint } from '@meterkit/core';

/**
 * The exemplars of one series as the JSON format logs them: a counter's latest, a histogram's latest
 * per bucket (classic and exponential; one exemplar kept in both is logged once), oldest first.
 * `since` (delta temporality: the previous flush's time) keeps only those recorded after it.
 * Undefined when there are none, so exemplar-less series log no field.
 */
export function seriesExemplars(
  point: ValuePoint | HistogramPoint,
  since: number | undefined,
): readonly Exemplar[] | undefined {
  const found = new Set<Exemplar>();
  if ('buckets' in point) {
    for (const bucket of point.buckets) if (bucket.exemplar !== undefined) found.add(bucket.exemplar);
    for (const exemplar of point.exponential?.exemplars ?? []) found.add(exemplar);
  } else if (point.exemplar !== undefined) {
    found.add(point.exemplar);
  }
  const kept = [...found].filter((exemplar) => since === undefined || exemplar.timestamp > since);
  return kept.length === 0 ? undefined : kept.sort((a, b) => a.timestamp - b.timestamp);
}
