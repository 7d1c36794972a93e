import type {
  Bucket,
  CanonicalTags,
  HistogramPoint,
  MetricSnapshot,
  Snapshot,
  SnapshotMetricType,
  SummaryPoint,
  ValueMetricSnapshot,
  ValuePoint,
} from '@meterkit/core';

/** Canonical tags from a record (sorted), for hand-written test snapshots. */
export function tags(record: Record<string, string> = {}): CanonicalTags {
  return Object.keys(record)
    .sort()
    .map((key) => ({ key, value: record[key]! }));
}

/** A value metric (counter, gauge, info) with the given series. */
export function valueMetric(
  name: string,
  type: 'counter' | 'gauge' | 'info',
  series: Array<[Record<string, string>, number]>,
  startTime = 1000,
): ValueMetricSnapshot {
  const points: ValuePoint[] = series.map(([record, value]) => ({ tags: tags(record), value }));
  return { name, type, description: `${name} help`, unit: '', startTime, points };
}

/** A histogram point from bounds (without +Inf) and per-bucket (non-cumulative) counts. */
export function histogramPoint(
  record: Record<string, string>,
  bounds: number[],
  perBucket: number[],
  sum: number,
  min?: number,
  max?: number,
): HistogramPoint {
  let running = 0;
  const buckets: Bucket[] = [...bounds, Number.POSITIVE_INFINITY].map((upperBound, i) => {
    running += perBucket[i] ?? 0;
    return { upperBound, count: running };
  });
  return { tags: tags(record), count: running, sum, min, max, buckets };
}

export function histogramMetric(
  name: string,
  points: HistogramPoint[],
  type: SnapshotMetricType = 'histogram',
): MetricSnapshot {
  return { name, type, description: '', unit: '', startTime: 1000, points } as MetricSnapshot;
}

export function summaryMetric(name: string, points: SummaryPoint[]): MetricSnapshot {
  return { name, type: 'summary', description: '', unit: '', startTime: 1000, points };
}

export function snapshotOf(metrics: MetricSnapshot[], timestamp = 2000): Snapshot {
  return { timestamp, metrics };
}

/** `name{k="v",…}` → value, for compact assertions on value metrics. */
export function valuesOf(snapshot: Snapshot, name: string): Record<string, number> {
  const metric = snapshot.metrics.find((m) => m.name === name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  const result: Record<string, number> = {};
  for (const point of metric.points as readonly ValuePoint[]) {
    result[point.tags.map((t) => `${t.key}=${t.value}`).join(',')] = point.value;
  }
  return result;
}
