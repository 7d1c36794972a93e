import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import { seriesKey, tagsToRecord } from '@meterkit/core/exporter-kit';
import type { SeriesDescriptor, SeriesValues } from './stream-protocol.js';

/** One series of a snapshot, flattened to what the page needs. */
export interface SeriesEntry {
  readonly key: string;
  readonly descriptor: Omit<SeriesDescriptor, 'id'>;
  readonly values: SeriesValues;
}

/** JSON has no NaN or Infinity: they travel as null, which the page draws as a gap. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function descriptorBase(metric: MetricSnapshot, tags: Readonly<Record<string, string>>) {
  return {
    family: metric.name,
    type: metric.type,
    unit: metric.unit,
    description: metric.description,
    tags,
  };
}

function* entriesOf(metric: MetricSnapshot): Generator<SeriesEntry> {
  switch (metric.type) {
    case 'counter':
    case 'gauge':
    case 'info':
      for (const point of metric.points) {
        const key = seriesKey(metric.name, point.tags);
        const descriptor = descriptorBase(metric, tagsToRecord(point.tags));
        yield { key, descriptor, values: [finite(point.value)] };
      }
      return;
    case 'histogram':
    case 'timer':
      for (const point of metric.points) {
        const descriptor = {
          ...descriptorBase(metric, tagsToRecord(point.tags)),
          bounds: point.buckets.map((bucket) => finite(bucket.upperBound)),
        };
        const values = [point.count, finite(point.sum), ...point.buckets.map((bucket) => bucket.count)];
        yield { key: seriesKey(metric.name, point.tags), descriptor, values };
      }
      return;
    case 'summary':
      for (const point of metric.points) {
        const descriptor = {
          ...descriptorBase(metric, tagsToRecord(point.tags)),
          quantiles: point.quantiles.map((q) => q.quantile),
        };
        const values = [point.count, finite(point.sum), ...point.quantiles.map((q) => finite(q.value))];
        yield { key: seriesKey(metric.name, point.tags), descriptor, values };
      }
      return;
  }
}

/**
 * Every series of a snapshot, at most `maxSeries` of them (in snapshot order), keyed by series
 * identity. `omitted` counts the rest, so the page can say that it does not show everything.
 */
export function flattenSnapshot(
  snapshot: Snapshot,
  maxSeries: number,
): { entries: Map<string, SeriesEntry>; omitted: number } {
  const entries = new Map<string, SeriesEntry>();
  let omitted = 0;
  for (const metric of snapshot.metrics) {
    for (const entry of entriesOf(metric)) {
      if (entries.size < maxSeries) entries.set(entry.key, entry);
      else omitted++;
    }
  }
  return { entries, omitted };
}

/** Same numbers, position by position; null (NaN, ±Infinity) equals null. */
export function sameValues(a: SeriesValues, b: SeriesValues): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
