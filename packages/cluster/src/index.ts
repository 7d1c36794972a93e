/**
 * @meterkit/cluster: one scrape for a node:cluster or worker_threads application. The primary asks
 * every worker for its snapshot and merges them exactly (counters and histograms summed, summaries
 * through their sketches, gauges by policy); workers answer with `exposeToPrimary` /
 * `exposeToParent`, or ask for the merged result with `fromPrimary`.
 * @packageDocumentation
 */
export {
  ClusterAggregator,
  type ClusterAggregatorOptions,
  type ClusterCollection,
  DEFAULT_COLLECT_TIMEOUT_MS,
  PRIMARY_WORKER_ID,
} from './cluster-aggregator.js';
export {
  MergeConflictError,
  type MergeConflictKind,
  PrimaryTimeoutError,
  ProtocolVersionError,
  WorkerCollectionError,
  WorkerTimeoutError,
} from './cluster-errors.js';
export { clusterWorkers } from './cluster-workers.js';
export {
  type ExposeOptions,
  type ExposeToParentOptions,
  exposeToParent,
  exposeToPrimary,
  type SnapshotResponder,
} from './expose-snapshot.js';
export {
  GAUGE_AGGREGATIONS,
  type GaugeAggregation,
  type GaugeAggregationOptions,
  RUNTIME_GAUGE_AGGREGATIONS,
} from './gauge-aggregation.js';
export { mergeSnapshots, type WorkerSnapshot } from './merge-snapshots.js';
export { type ParentChannel, portChannel, processChannel } from './parent-channel.js';
export type { WorkerOutcome } from './pending-collection.js';
export { type FromPrimaryOptions, fromPrimary, type PrimaryMetrics } from './primary-client.js';
export { PROTOCOL_VERSION } from './protocol.js';
export { DEFAULT_POINTS_PER_MESSAGE } from './send-snapshot.js';
export { type MergeOptions, type MergeResult, SnapshotMerger } from './snapshot-merger.js';
export type { ClusterErrorHandler, ClusterSnapshotSource, SnapshotSource } from './snapshot-source.js';
export { type ThreadWorkerSource, threadWorkers } from './thread-workers.js';
export { type WorkerIdentityOptions, workerId, workerTags } from './worker-identity.js';
export type { WorkerEvents, WorkerLink, WorkerSource } from './worker-source.js';
