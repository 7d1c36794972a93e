import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import { seriesKey } from '@meterkit/core/exporter-kit';

interface Seen {
  readonly total: number;
  readonly startTime: number;
}

/**
 * Keeps the merged cumulative series honest across collections: no backend may see a counter (or a
 * histogram's or summary's count) go down without a new start time. A merged total can go down
 * without any worker's series restarting, when a series is removed or expires in some workers
 * only: the merge then loses their share. Such a series is given the collection's timestamp as its
 * start time, so backends start a new cumulative stream instead of reading a decrease.
 *
 * State: one entry per live merged series, replaced at every collection, so series that are gone
 * are forgotten with it.
 */
export class MonotonicGuard {
  private seen = new Map<string, Seen>();

  /** The snapshot with the start times of series whose total went down moved to its timestamp. */
  apply(snapshot: Snapshot): Snapshot {
    const next = new Map<string, Seen>();
    let changed = false;
    const metrics = snapshot.metrics.map((metric) => {
      if (metric.type === 'gauge' || metric.type === 'info') return metric;
      const guarded = this.guardMetric(metric, snapshot.timestamp, next);
      if (guarded !== metric) changed = true;
      return guarded;
    });
    this.seen = next;
    return changed
      ? Object.freeze({ timestamp: snapshot.timestamp, metrics: Object.freeze(metrics) })
      : snapshot;
  }

  private guardMetric(metric: MetricSnapshot, now: number, next: Map<string, Seen>): MetricSnapshot {
    let points: Array<MetricSnapshot['points'][number]> | undefined;
    for (const [index, point] of metric.points.entries()) {
      const key = seriesKey(metric.name, point.tags);
      const total = 'value' in point ? point.value : point.count;
      const own = point.startTime ?? metric.startTime;
      const before = this.seen.get(key);
      // A stream this guard started stays started: the workers' own start times are older.
      let startTime = before === undefined ? own : Math.max(own, before.startTime);
      if (before !== undefined && total < before.total && startTime <= before.startTime)
        startTime = Math.max(now, before.startTime + 1);
      if (startTime !== own) {
        points ??= [...metric.points];
        points[index] = { ...point, startTime };
      }
      next.set(key, { total, startTime });
    }
    if (points === undefined) return metric;
    return Object.freeze({ ...metric, points: Object.freeze(points) }) as MetricSnapshot;
  }
}
