/**
 * Errors the cluster aggregation reports to `onError`. None of them is thrown into the application:
 * a scrape always completes with what could be merged, and these say what was left out and why.
 */

/** Why two workers' copies of one metric could not be merged into one set of series. */
export type MergeConflictKind = 'type' | 'buckets' | 'sketch';

/**
 * Workers disagree about a metric: another type (`type`: the later worker's series are left out),
 * other histogram bounds (`buckets`: the metric is exported once per worker, with the worker tag), or
 * summaries without a mergeable sketch (`sketch`: their quantiles are not merged).
 */
export class MergeConflictError extends Error {
  readonly code = 'METERKIT_CLUSTER_MERGE_CONFLICT';
  constructor(
    readonly metricName: string,
    readonly kind: MergeConflictKind,
    readonly workers: readonly string[],
    detail: string,
  ) {
    super(`Cannot merge "${metricName}" across workers ${workers.join(', ')}: ${detail}`);
    this.name = 'MergeConflictError';
  }
}

/** A worker did not send its whole snapshot before the collection deadline. */
export class WorkerTimeoutError extends Error {
  readonly code = 'METERKIT_CLUSTER_WORKER_TIMEOUT';
  constructor(
    readonly workerId: string,
    readonly timeoutMs: number,
    /** True when the worker's last answered counters were used instead, so totals do not drop. */
    readonly usedLastKnown: boolean,
  ) {
    super(
      `Worker ${workerId} did not answer the metrics request within ${timeoutMs} ms; ` +
        (usedLastKnown
          ? 'its last answered counters, histograms and summary counts were used (no gauges)'
          : 'it was left out of this collection'),
    );
    this.name = 'WorkerTimeoutError';
  }
}

/** A worker answered the metrics request with a failure (its own collection threw). */
export class WorkerCollectionError extends Error {
  readonly code = 'METERKIT_CLUSTER_WORKER_FAILED';
  constructor(
    readonly workerId: string,
    readonly reason: string,
  ) {
    super(`Worker ${workerId} failed to collect its metrics: ${reason}`);
    this.name = 'WorkerCollectionError';
  }
}

/** A worker's message used another protocol version (mixed versions of @meterkit/cluster). */
export class ProtocolVersionError extends Error {
  readonly code = 'METERKIT_CLUSTER_PROTOCOL';
  constructor(
    readonly workerId: string,
    readonly version: unknown,
    readonly expected: number,
  ) {
    super(
      `Worker ${workerId} speaks cluster protocol version ${String(version)}, this process ${expected}: ` +
        'install the same @meterkit/cluster version everywhere',
    );
    this.name = 'ProtocolVersionError';
  }
}

/** A worker asked the primary for the merged snapshot and got no (complete) answer in time. */
export class PrimaryTimeoutError extends Error {
  readonly code = 'METERKIT_CLUSTER_PRIMARY_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(
      `The primary did not send the merged snapshot within ${timeoutMs} ms ` +
        '(is a ClusterAggregator started in the primary, with answerWorkers left on?)',
    );
    this.name = 'PrimaryTimeoutError';
  }
}
