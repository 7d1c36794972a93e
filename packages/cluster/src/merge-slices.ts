import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { MetricSnapshot } from '@meterkit/core';
import type { SnapshotMerger } from './snapshot-merger.js';

/** Series merged between two yields to the event loop: about a millisecond of work. */
export const POINTS_PER_SLICE = 2000;

/**
 * Adds a worker's metrics to a merger in slices of about {@link POINTS_PER_SLICE} series, yielding to
 * the event loop between slices so the primary keeps serving while it merges a large cluster.
 */
export async function mergeInSlices(
  merger: SnapshotMerger,
  workerId: string,
  metrics: readonly MetricSnapshot[],
): Promise<void> {
  let sinceYield = 0;
  for (const metric of metrics) {
    merger.addMetric(workerId, metric);
    sinceYield += metric.points.length;
    if (sinceYield >= POINTS_PER_SLICE) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
}
