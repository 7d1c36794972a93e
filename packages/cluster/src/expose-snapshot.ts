import type { MessagePort } from 'node:worker_threads';
import { parentPort } from 'node:worker_threads';
import { createStderrReporter } from '@meterkit/core';
import { type ParentChannel, portChannel, processChannel } from './parent-channel.js';
import {
  COLLECT,
  COLLECT_FAILED,
  type FailureMessage,
  isClusterMessage,
  PROTOCOL_VERSION,
  SNAPSHOT_PART,
} from './protocol.js';
import { DEFAULT_POINTS_PER_MESSAGE, sendSnapshot } from './send-snapshot.js';
import {
  asError,
  type ClusterErrorHandler,
  type ClusterSnapshotSource,
  snapshotReader,
} from './snapshot-source.js';

/** Options of {@link exposeToPrimary} and {@link exposeToParent}. */
export interface ExposeOptions {
  /** Series per IPC message (the primary parses each message in one go). Default 2000. */
  readonly pointsPerMessage?: number;
  /** Where failures to answer go. Default: a line on stderr. */
  readonly onError?: ClusterErrorHandler;
}

/** A worker's answering of metrics requests; `close()` stops listening. */
export interface SnapshotResponder {
  close(): void;
}

function answerRequests(
  channel: ParentChannel,
  source: ClusterSnapshotSource,
  options: ExposeOptions,
): SnapshotResponder {
  const collect = snapshotReader(source);
  const pointsPerMessage = options.pointsPerMessage ?? DEFAULT_POINTS_PER_MESSAGE;
  if (!(Number.isInteger(pointsPerMessage) && pointsPerMessage > 0)) {
    throw new RangeError(`pointsPerMessage must be a positive integer, got ${pointsPerMessage}`);
  }
  const onError = options.onError ?? createStderrReporter();

  const answer = async (id: number): Promise<void> => {
    try {
      const snapshot = await collect();
      await sendSnapshot(
        channel.send,
        SNAPSHOT_PART,
        id,
        snapshot.timestamp,
        snapshot.metrics,
        pointsPerMessage,
      );
    } catch (error) {
      const failure: FailureMessage = {
        type: COLLECT_FAILED,
        v: PROTOCOL_VERSION,
        id,
        reason: asError(error).message,
      };
      await channel.send(failure);
    }
  };

  const stop = channel.listen((message) => {
    if (!isClusterMessage(message) || message.type !== COLLECT) return;
    // The answer carries this side's protocol version; the primary reports a mismatch.
    answer(message.id).catch((error: unknown) => onError(asError(error), 'cluster.worker'));
  });
  return { close: stop };
}

/**
 * In a node:cluster worker: answers the primary's metrics requests (from a `ClusterAggregator`)
 * with this worker's snapshot, sent over the cluster IPC channel in parts of `pointsPerMessage`
 * series. Non-finite numbers are encoded, so the default JSON serialization of cluster IPC works.
 * Listening on `process` keeps the IPC channel referenced until `close()`, as any
 * `process.on('message')` does. Throws a TypeError outside a worker (no `process.send`).
 */
export function exposeToPrimary(
  source: ClusterSnapshotSource,
  options: ExposeOptions = {},
): SnapshotResponder {
  return answerRequests(processChannel(), source, options);
}

/** Options of {@link exposeToParent}. */
export interface ExposeToParentOptions extends ExposeOptions {
  /** The port to answer on. Default: `parentPort` of node:worker_threads. */
  readonly port?: MessagePort | null;
}

/**
 * In a worker thread: answers the parent thread's metrics requests (from a `ClusterAggregator`
 * with `threadWorkers`) on `parentPort`. The listener keeps the port referenced until `close()`:
 * close it when the thread's work is done, or the thread will not exit by itself.
 */
export function exposeToParent(
  source: ClusterSnapshotSource,
  options: ExposeToParentOptions = {},
): SnapshotResponder {
  const port = options.port === undefined ? parentPort : options.port;
  if (port === null) {
    throw new TypeError('exposeToParent needs a MessagePort: there is no parentPort on the main thread');
  }
  return answerRequests(portChannel(port), source, options);
}
