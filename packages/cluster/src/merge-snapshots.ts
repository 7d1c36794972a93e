import type { Snapshot } from '@meterkit/core';
import { type MergeOptions, type MergeResult, SnapshotMerger } from './snapshot-merger.js';

/** One worker's snapshot, named by the worker's id (cluster worker id, thread id, or your own). */
export interface WorkerSnapshot {
  readonly worker: string;
  readonly snapshot: Snapshot;
}

/**
 * Merges several processes' snapshots into one, as if one process had recorded everything:
 * counters, histograms and timers summed per series (tag set), summaries merged through their
 * sketches, gauges by their policy (`gaugeAggregation`, default `sum`), info metrics deduplicated.
 * Pure: the inputs are not changed. Throws a `ConfigError` for an unknown gauge policy.
 *
 * @example
 * const { snapshot, conflicts } = mergeSnapshots([
 *   { worker: '1', snapshot: await a.registry().snapshot() },
 *   { worker: '2', snapshot: await b.registry().snapshot() },
 * ], { gaugeAggregation: { app_temperature_celsius: 'max' } });
 */
export function mergeSnapshots(inputs: readonly WorkerSnapshot[], options: MergeOptions = {}): MergeResult {
  const merger = new SnapshotMerger(options);
  for (const { worker, snapshot } of inputs) merger.add(worker, snapshot);
  return merger.finish();
}
