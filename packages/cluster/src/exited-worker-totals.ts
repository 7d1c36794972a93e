import type { MetricSnapshot } from '@meterkit/core';
import type { MergeConflictError } from './cluster-errors.js';
import { mergeSnapshots } from './merge-snapshots.js';
import type { MergeOptions } from './snapshot-merger.js';

/**
 * The cumulative totals of every worker that exited, folded into one set of series: memory stays
 * bounded by the number of series, not by the number of workers that ever ran (a crash loop
 * restarting workers for days adds nothing).
 */
export class ExitedWorkerTotals {
  /** Worker id of the folded totals in a merge (seen only on series kept per worker). */
  static readonly WORKER_ID = 'exited';
  private totals: readonly MetricSnapshot[] = [];

  constructor(
    private readonly options: MergeOptions,
    private readonly onConflict: (error: MergeConflictError) => void,
  ) {}

  /** Folds an exited worker's cumulative metrics in. */
  add(workerId: string, metrics: readonly MetricSnapshot[]): void {
    const { snapshot, conflicts } = mergeSnapshots(
      [
        { worker: ExitedWorkerTotals.WORKER_ID, snapshot: { timestamp: 0, metrics: this.totals } },
        { worker: workerId, snapshot: { timestamp: 0, metrics } },
      ],
      this.options,
    );
    for (const conflict of conflicts) this.onConflict(conflict);
    // Replaced, never changed in place: collections in flight keep the totals they started with.
    this.totals = snapshot.metrics;
  }

  /** The current totals (an immutable array). */
  metrics(): readonly MetricSnapshot[] {
    return this.totals;
  }
}
