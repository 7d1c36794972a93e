import type { Worker } from 'node:worker_threads';
import type { WorkerEvents, WorkerLink, WorkerSource } from './worker-source.js';

/** Worker threads the aggregator asks; add threads as you start them. */
export interface ThreadWorkerSource extends WorkerSource {
  /** Adds a thread; its id is `String(worker.threadId)` unless given. Removed by itself on exit. */
  add(worker: Worker, id?: string): void;
  /** Stops asking a thread (it is treated as exited). */
  remove(worker: Worker): void;
}

interface Entry {
  readonly id: string;
  readonly onMessage: (message: unknown) => void;
  readonly onExit: () => void;
}

/**
 * The worker threads of this thread, for a `ClusterAggregator`. Each thread answers with
 * `exposeToParent(provider)`. Listening adds no reference: the threads' lifetimes are unchanged.
 */
export function threadWorkers(initial: Iterable<Worker> = []): ThreadWorkerSource {
  const entries = new Map<Worker, Entry>();
  let subscriber: WorkerEvents | undefined;

  const remove = (worker: Worker): void => {
    const entry = entries.get(worker);
    if (entry === undefined) return;
    entries.delete(worker);
    worker.off('message', entry.onMessage);
    worker.off('exit', entry.onExit);
    subscriber?.exit(entry.id);
  };

  const add = (worker: Worker, id = String(worker.threadId)): void => {
    if (entries.has(worker)) return;
    const entry: Entry = {
      id,
      onMessage: (message) => subscriber?.message(id, message),
      onExit: () => remove(worker),
    };
    entries.set(worker, entry);
    worker.on('message', entry.onMessage);
    worker.on('exit', entry.onExit);
  };

  for (const worker of initial) add(worker);

  return {
    add,
    remove,
    workers() {
      return [...entries].map(
        ([worker, { id }]): WorkerLink => ({
          id,
          send: async (message) => worker.postMessage(message),
        }),
      );
    },
    subscribe(events) {
      subscriber = events;
      return () => {
        if (subscriber === events) subscriber = undefined;
      };
    },
  };
}
