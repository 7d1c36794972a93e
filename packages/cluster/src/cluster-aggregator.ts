import { createStderrReporter, type MetricSnapshot, parseDuration, type Snapshot } from '@meterkit/core';
import {
  createScrapeHandler,
  type ScrapeHandler,
  type ScrapeHandlerOptions,
} from '@meterkit/exporter-prometheus';
import {
  type MergeConflictError,
  ProtocolVersionError,
  WorkerCollectionError,
  WorkerTimeoutError,
} from './cluster-errors.js';
import { clusterWorkers } from './cluster-workers.js';
import { cumulativePart } from './cumulative-part.js';
import { ExitedWorkerTotals } from './exited-worker-totals.js';
import { mergeInSlices } from './merge-slices.js';
import { MonotonicGuard } from './monotonic-guard.js';
import { PendingCollection, type WorkerOutcome } from './pending-collection.js';
import {
  COLLECT,
  COLLECT_FAILED,
  type FailureMessage,
  isClusterMessage,
  MERGED_FAILED,
  MERGED_PART,
  MERGED_REQUEST,
  type PartMessage,
  PROTOCOL_VERSION,
  SNAPSHOT_PART,
} from './protocol.js';
import { aggregatorMetrics } from './self-metrics.js';
import { DEFAULT_POINTS_PER_MESSAGE, sendSnapshot } from './send-snapshot.js';
import { type MergeOptions, SnapshotMerger } from './snapshot-merger.js';
import {
  asError,
  type ClusterErrorHandler,
  type ClusterSnapshotSource,
  snapshotReader,
} from './snapshot-source.js';
import type { WorkerSource } from './worker-source.js';

/** Default deadline of one collection: prom-client's, and half of Prometheus' default scrape timeout. */
export const DEFAULT_COLLECT_TIMEOUT_MS = 5000;

/** Worker id of the primary's own metrics in a merge. */
export const PRIMARY_WORKER_ID = 'primary';

/** Options of {@link ClusterAggregator}. */
export interface ClusterAggregatorOptions extends Omit<MergeOptions, 'timestamp'> {
  /** The workers to ask. Default: the node:cluster workers of this primary (`clusterWorkers()`). */
  readonly workers?: WorkerSource;
  /** Deadline of one collection, ms or `'5s'`. A worker slower than this is reported and left out. Default 5 s. */
  readonly timeout?: number | string;
  /** The primary's own metrics, merged in as worker `primary`. Default: none. */
  readonly primary?: ClusterSnapshotSource;
  /**
   * What happens to the counters of a worker that exited: `'keep'` (default) adds its last answered
   * counters, histograms and summary counts to every later collection, so cluster totals never go
   * down; `'drop'` forgets them (prom-client's behaviour: totals drop, `rate()` sees a reset).
   */
  readonly exitedWorkers?: 'keep' | 'drop';
  /** Add `meterkit_cluster_workers{state}` and `meterkit_cluster_worker_exits_total`. Default true. */
  readonly selfMetrics?: boolean;
  /** Answer workers that ask for the merged snapshot (`fromPrimary()` in a worker). Default true. */
  readonly answerWorkers?: boolean;
  /** Series per message when answering a worker. Default 2000. */
  readonly pointsPerMessage?: number;
  /** Timeouts, failures and merge conflicts. Default: a line on stderr (each message once a minute). */
  readonly onError?: ClusterErrorHandler;
}

/** A merged snapshot with how each worker answered. */
export interface ClusterCollection {
  readonly snapshot: Snapshot;
  /** Every worker asked, by id. */
  readonly workers: ReadonlyMap<string, WorkerOutcome>;
  readonly conflicts: readonly MergeConflictError[];
}

/**
 * Runs in the primary (or the main thread): asks every worker for its snapshot, merges them (see
 * `mergeSnapshots`) and serves the result. Nothing listens until `start()`, `collect()` or the
 * first scrape; `close()` stops listening. Concurrent collections share one round of requests.
 *
 * @example
 * const aggregator = new ClusterAggregator({ gaugeAggregation: { app_queue_depth: 'max' } });
 * http.createServer(aggregator.handler()).listen(9464);
 */
export class ClusterAggregator {
  /** Series whose merged total went down (removed in some workers only) start anew. */
  private readonly monotonic = new MonotonicGuard();
  private readonly source: WorkerSource;
  private readonly timeoutMs: number;
  private readonly readPrimary: (() => Promise<Snapshot>) | undefined;
  private readonly onError: ClusterErrorHandler;
  private readonly mergeOptions: MergeOptions;
  private readonly pending = new Map<number, PendingCollection>();
  private readonly lastKnown = new Map<string, readonly MetricSnapshot[]>();
  private readonly exited: ExitedWorkerTotals;
  private readonly reportedVersions = new Set<string>();
  private readonly startTime = Date.now();
  private unsubscribe: (() => void) | undefined;
  private inFlight: Promise<ClusterCollection> | undefined;
  private requestId = 0;
  private exits = 0;

  constructor(private readonly options: ClusterAggregatorOptions = {}) {
    this.source = options.workers ?? clusterWorkers();
    this.timeoutMs = parseDuration(options.timeout ?? DEFAULT_COLLECT_TIMEOUT_MS, 'timeout');
    this.readPrimary = options.primary === undefined ? undefined : snapshotReader(options.primary);
    this.onError = options.onError ?? createStderrReporter();
    this.mergeOptions = { ...options, timestamp: undefined };
    // Validates the gauge policies now, at start-up, rather than at the first scrape.
    new SnapshotMerger(this.mergeOptions);
    this.exited = new ExitedWorkerTotals(this.mergeOptions, (error) => this.onError(error, 'cluster.exit'));
  }

  /** Starts following the workers' messages and exits. Idempotent; `collect()` calls it. */
  start(): void {
    if (this.unsubscribe !== undefined) return;
    this.unsubscribe = this.source.subscribe({
      message: (workerId, message) => this.onMessage(workerId, message),
      exit: (workerId) => this.onExit(workerId),
    });
  }

  /** Stops listening; collections in flight complete with what they have. Idempotent. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const pending of this.pending.values()) pending.expire();
  }

  /** The merged snapshot of every worker (and the primary's own, if given). */
  async collect(): Promise<Snapshot> {
    return (await this.collectDetailed()).snapshot;
  }

  /** The merged snapshot with each worker's outcome and the merge conflicts. */
  collectDetailed(): Promise<ClusterCollection> {
    this.inFlight ??= this.runCollection().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * A node:http handler serving the merged snapshot as Prometheus text or OpenMetrics (negotiated
   * like `@meterkit/exporter-prometheus`'s handler, gzip included). Options are that handler's.
   */
  handler(options: Omit<ScrapeHandlerOptions, 'collect'> = {}): ScrapeHandler {
    return createScrapeHandler({ onError: this.onError, ...options, collect: () => this.collect() });
  }

  private async runCollection(): Promise<ClusterCollection> {
    this.start();
    const merger = new SnapshotMerger(this.mergeOptions);
    const links = this.source.workers();
    // Captured now: a worker exiting during this collection is folded into the exited totals for
    // the next ones, while this one uses its last answer directly (never both).
    const exitedTotals = this.exited.metrics();
    const known = new Map(links.map((link) => [link.id, this.lastKnown.get(link.id)]));
    // Workers that answered before but can no longer be asked: disconnected, their exit not yet
    // seen. Until the exit event moves them to the exited totals, they count from here.
    const unreachable = [...this.lastKnown].filter(([workerId]) => !known.has(workerId));
    const id = ++this.requestId;
    const pending = new PendingCollection(
      links.map((link) => link.id),
      merger,
      (workerId, metrics) => this.lastKnown.set(workerId, metrics),
    );
    this.pending.set(id, pending);
    const deadline = setTimeout(() => pending.expire(), this.timeoutMs);
    deadline.unref();
    const request = { type: COLLECT, v: PROTOCOL_VERSION, id };
    for (const link of links) {
      link
        .send(request)
        .catch((error: unknown) => pending.fail(link.id, `request not delivered: ${asError(error).message}`));
    }
    const own = this.readPrimary?.().catch((error: unknown) => {
      this.onError(asError(error), 'cluster.primary');
      return undefined;
    });
    try {
      await pending.settled;
    } finally {
      clearTimeout(deadline);
      this.pending.delete(id);
    }
    await pending.merged();
    await this.addMissing(merger, pending, known, unreachable, exitedTotals);
    const primarySnapshot = await own;
    if (primarySnapshot !== undefined) {
      merger.noteTimestamp(primarySnapshot.timestamp);
      await mergeInSlices(merger, PRIMARY_WORKER_ID, primarySnapshot.metrics);
    }
    const { snapshot: merged, conflicts } = merger.finish();
    const snapshot = this.monotonic.apply(merged);
    this.report(pending, known, conflicts);
    const metrics =
      this.options.selfMetrics === false
        ? snapshot.metrics
        : [...snapshot.metrics, ...aggregatorMetrics(pending.outcomes, this.exits, this.startTime)];
    return {
      snapshot: Object.freeze({ timestamp: snapshot.timestamp, metrics: Object.freeze(metrics) }),
      workers: pending.outcomes,
      conflicts,
    };
  }

  /** Workers that did not answer contribute their last answered totals; exited ones, theirs. */
  private async addMissing(
    merger: SnapshotMerger,
    pending: PendingCollection,
    known: ReadonlyMap<string, readonly MetricSnapshot[] | undefined>,
    unreachable: ReadonlyArray<readonly [string, readonly MetricSnapshot[]]>,
    exitedTotals: readonly MetricSnapshot[],
  ): Promise<void> {
    const keepExited = this.options.exitedWorkers !== 'drop';
    for (const [workerId, outcome] of pending.outcomes) {
      if (outcome === 'answered' || (outcome === 'exited' && !keepExited)) continue;
      const last = known.get(workerId);
      if (last !== undefined) await mergeInSlices(merger, workerId, cumulativePart(last));
    }
    if (keepExited) {
      for (const [workerId, last] of unreachable) await mergeInSlices(merger, workerId, cumulativePart(last));
    }
    await mergeInSlices(merger, ExitedWorkerTotals.WORKER_ID, exitedTotals);
  }

  private report(
    pending: PendingCollection,
    known: ReadonlyMap<string, readonly MetricSnapshot[] | undefined>,
    conflicts: readonly MergeConflictError[],
  ): void {
    for (const [workerId, outcome] of pending.outcomes) {
      if (outcome === 'timedOut') {
        this.onError(
          new WorkerTimeoutError(workerId, this.timeoutMs, known.get(workerId) !== undefined),
          'cluster.collect',
        );
      } else if (outcome === 'failed') {
        this.onError(
          new WorkerCollectionError(workerId, pending.failures.get(workerId) ?? 'unknown'),
          'cluster.collect',
        );
      }
    }
    for (const conflict of conflicts) this.onError(conflict, 'cluster.merge');
  }

  private onMessage(workerId: string, message: unknown): void {
    if (!isClusterMessage(message)) return;
    if (message.v !== PROTOCOL_VERSION) {
      this.rejectVersion(workerId, message.v, message.id);
      return;
    }
    switch (message.type) {
      case SNAPSHOT_PART:
        this.pending.get(message.id)?.part(workerId, message as PartMessage);
        break;
      case COLLECT_FAILED:
        this.pending.get(message.id)?.fail(workerId, (message as FailureMessage).reason);
        break;
      case MERGED_REQUEST:
        if (this.options.answerWorkers !== false) this.answerWorker(workerId, message.id);
        break;
      default:
        break;
    }
  }

  private rejectVersion(workerId: string, version: unknown, id: number): void {
    this.pending.get(id)?.fail(workerId, `protocol version ${String(version)}`);
    if (this.reportedVersions.has(workerId)) return;
    this.reportedVersions.add(workerId);
    this.onError(new ProtocolVersionError(workerId, version, PROTOCOL_VERSION), 'cluster.protocol');
  }

  private onExit(workerId: string): void {
    this.exits++;
    for (const pending of this.pending.values()) pending.exited(workerId);
    const last = this.lastKnown.get(workerId);
    this.lastKnown.delete(workerId);
    this.reportedVersions.delete(workerId);
    if (last !== undefined && this.options.exitedWorkers !== 'drop')
      this.exited.add(workerId, cumulativePart(last));
  }

  /** Sends the merged snapshot to a worker that asked for it (a worker serving the scrape). */
  private answerWorker(workerId: string, id: number): void {
    const link = this.source.workers().find((candidate) => candidate.id === workerId);
    if (link === undefined) return;
    const pointsPerMessage = this.options.pointsPerMessage ?? DEFAULT_POINTS_PER_MESSAGE;
    this.collect()
      .then((snapshot) =>
        sendSnapshot(link.send, MERGED_PART, id, snapshot.timestamp, snapshot.metrics, pointsPerMessage),
      )
      .catch(async (error: unknown) => {
        const failure: FailureMessage = {
          type: MERGED_FAILED,
          v: PROTOCOL_VERSION,
          id,
          reason: asError(error).message,
        };
        await link.send(failure);
      })
      .catch((error: unknown) => this.onError(asError(error), 'cluster.answer'));
  }
}
