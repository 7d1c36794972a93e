/** One worker the primary can ask for its metrics. */
export interface WorkerLink {
  /** Stable for the worker's life: the cluster worker id or the thread id, as a string. */
  readonly id: string;
  /** Resolves once handed over; rejects when the worker can no longer be reached. */
  send(message: unknown): Promise<void>;
}

/** What a {@link WorkerSource} reports to its subscriber. */
export interface WorkerEvents {
  message(workerId: string, message: unknown): void;
  /** The worker is gone (exited, killed, terminated): it will never answer again. */
  exit(workerId: string): void;
}

/**
 * The set of workers behind a `ClusterAggregator`: node:cluster workers ({@link clusterWorkers}),
 * worker threads (`threadWorkers`), or your own transport.
 */
export interface WorkerSource {
  /** The workers that can be asked now. */
  workers(): WorkerLink[];
  /** Starts delivering the workers' messages and exits; returns the function that stops it. */
  subscribe(events: WorkerEvents): () => void;
}
