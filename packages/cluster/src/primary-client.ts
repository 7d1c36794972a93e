import { createStderrReporter, parseDuration, type Snapshot } from '@meterkit/core';
import {
  createScrapeHandler,
  type ScrapeHandler,
  type ScrapeHandlerOptions,
} from '@meterkit/exporter-prometheus';
import { DEFAULT_COLLECT_TIMEOUT_MS } from './cluster-aggregator.js';
import { PrimaryTimeoutError } from './cluster-errors.js';
import { type ParentChannel, processChannel } from './parent-channel.js';
import {
  type FailureMessage,
  isClusterMessage,
  MERGED_FAILED,
  MERGED_PART,
  MERGED_REQUEST,
  type PartMessage,
  PROTOCOL_VERSION,
} from './protocol.js';
import { SnapshotAssembler } from './snapshot-assembler.js';
import { asError, type ClusterErrorHandler } from './snapshot-source.js';

/** Options of {@link fromPrimary}. */
export interface FromPrimaryOptions {
  /**
   * How long to wait for the merged snapshot, ms or `'6s'`. Make it longer than the primary
   * aggregator's own `timeout`, which it may spend waiting for a slow worker. Default 6 s.
   */
  readonly timeout?: number | string;
  /** Where scrape failures go. Default: a line on stderr. */
  readonly onError?: ClusterErrorHandler;
  /** The channel to the primary. Default: this cluster worker's IPC channel. */
  readonly channel?: ParentChannel;
}

/** The cluster's merged metrics, seen from one worker. */
export interface PrimaryMetrics {
  /** Asks the primary's `ClusterAggregator` for the merged snapshot of every worker. */
  collect(): Promise<Snapshot>;
  /** A node:http handler serving that snapshot (Prometheus text or OpenMetrics). */
  handler(options?: Omit<ScrapeHandlerOptions, 'collect'>): ScrapeHandler;
}

/**
 * In a node:cluster worker: the merged metrics of the whole cluster, from the primary's
 * `ClusterAggregator`. For set-ups where the scrape reaches a worker (the workers share the
 * application's port) rather than the primary. The primary does the merging; this worker only
 * receives the result and serializes it.
 */
export function fromPrimary(options: FromPrimaryOptions = {}): PrimaryMetrics {
  const channel = options.channel ?? processChannel();
  const timeoutMs = parseDuration(options.timeout ?? DEFAULT_COLLECT_TIMEOUT_MS + 1000, 'timeout');
  const onError = options.onError ?? createStderrReporter();
  // Random start: two clients in one worker must not take each other's answers.
  let nextId = Math.floor(Math.random() * 2 ** 30);

  const collect = (): Promise<Snapshot> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const assembler = new SnapshotAssembler();
      const finish = (error: Error | undefined, snapshot?: Snapshot) => {
        clearTimeout(deadline);
        stop();
        if (error !== undefined) reject(error);
        else resolve(snapshot!);
      };
      const stop = channel.listen((message) => {
        if (!isClusterMessage(message) || message.id !== id) return;
        if (message.type === MERGED_FAILED) {
          finish(new Error(`The primary failed to collect: ${(message as FailureMessage).reason}`));
        } else if (message.type === MERGED_PART) {
          try {
            const snapshot = assembler.add(message as PartMessage);
            if (snapshot !== undefined) finish(undefined, snapshot);
          } catch (error) {
            finish(asError(error));
          }
        }
      });
      const deadline = setTimeout(() => finish(new PrimaryTimeoutError(timeoutMs)), timeoutMs);
      deadline.unref();
      channel
        .send({ type: MERGED_REQUEST, v: PROTOCOL_VERSION, id })
        .catch((error: unknown) => finish(asError(error)));
    });

  return {
    collect,
    handler: (handlerOptions = {}) => createScrapeHandler({ onError, ...handlerOptions, collect }),
  };
}
