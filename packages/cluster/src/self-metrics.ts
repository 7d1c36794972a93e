import type { MetricSnapshot, ValuePoint } from '@meterkit/core';
import type { WorkerOutcome } from './pending-collection.js';

/** The states counted by `meterkit_cluster_workers`, always all present so alerts can use them. */
const STATES: ReadonlyArray<[WorkerOutcome, string]> = [
  ['answered', 'answered'],
  ['timedOut', 'timed_out'],
  ['failed', 'failed'],
  ['exited', 'exited'],
];

/**
 * The aggregator's own metrics, added to every merged snapshot: how many workers answered this
 * collection (and how many did not, by reason), and how many workers exited since it started.
 * `meterkit_cluster_workers{state="timed_out"} > 0` is the alert for a stuck worker.
 */
export function aggregatorMetrics(
  outcomes: ReadonlyMap<string, WorkerOutcome>,
  exits: number,
  startTime: number,
): MetricSnapshot[] {
  const counts = new Map<WorkerOutcome, number>();
  for (const outcome of outcomes.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  const states: ValuePoint[] = STATES.map(([outcome, value]) => ({
    tags: [{ key: 'state', value }],
    value: counts.get(outcome) ?? 0,
  }));
  return [
    {
      name: 'meterkit_cluster_workers',
      type: 'gauge',
      description: 'Workers asked for metrics in this collection, by how they answered',
      unit: '',
      startTime,
      points: states,
    },
    {
      name: 'meterkit_cluster_worker_exits_total',
      type: 'counter',
      description: 'Workers that exited since the aggregator started',
      unit: '',
      startTime,
      points: [{ tags: [], value: exits }],
    },
  ];
}
