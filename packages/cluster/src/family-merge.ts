import type { MetricSnapshot } from '@meterkit/core';
import type { MergeConflictError } from './cluster-errors.js';

/** The points of one merged metric, any type. */
export type MergedPoints = MetricSnapshot['points'];

/**
 * Merges the points of one metric (one name) from every worker. `add` may be called several times
 * for the same worker when its metric arrived in parts; a part never repeats a series.
 */
export interface FamilyMerge {
  add(worker: string, points: MetricSnapshot['points']): void;
  /** The merged points; conflicts found on the way are appended to `conflicts`. */
  finish(conflicts: MergeConflictError[]): MergedPoints;
}

/** Where the merge puts the worker's id when series stay per worker. */
export interface WorkerTagging {
  /** Tag key holding the worker id. Default `worker`. */
  readonly workerTag: string;
}
