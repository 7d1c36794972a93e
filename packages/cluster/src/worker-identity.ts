import cluster from 'node:cluster';
import { isMainThread, threadId } from 'node:worker_threads';

/** Options of {@link workerId} and {@link workerTags}. */
export interface WorkerIdentityOptions {
  /** Environment to read `NODE_APP_INSTANCE` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A short id of this process or thread, for tagging what it pushes: PM2's `NODE_APP_INSTANCE`
 * (0…n-1, kept across restarts, so restarts create no new series), else the node:cluster worker id
 * (a new one after each restart), else `thread-<threadId>` in a worker thread, else `primary`.
 */
export function workerId(options: WorkerIdentityOptions = {}): string {
  const env = options.env ?? process.env;
  const instance = env.NODE_APP_INSTANCE;
  if (instance !== undefined && instance !== '') return instance;
  if (cluster.isWorker && cluster.worker !== undefined) return String(cluster.worker.id);
  if (!isMainThread) return `thread-${threadId}`;
  return 'primary';
}

/**
 * `{ worker: workerId() }`: global tags for a provider whose push backend (StatsD, logger) receives
 * the same metric names from every worker. Use `tags: { ...workerTags(), … }` in the Config.
 */
export function workerTags(options: WorkerIdentityOptions & { key?: string } = {}): Record<string, string> {
  return { [options.key ?? 'worker']: workerId(options) };
}
