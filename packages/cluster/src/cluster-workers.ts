import cluster, { type Cluster, type Worker } from 'node:cluster';
import type { WorkerLink, WorkerSource } from './worker-source.js';

function linkTo(worker: Worker): WorkerLink {
  return {
    id: String(worker.id),
    send: (message) =>
      new Promise((resolve, reject) => {
        worker.send(message as object, undefined, (error: Error | null) =>
          error ? reject(error) : resolve(),
        );
      }),
  };
}

/**
 * The workers of node:cluster, seen from the primary: every connected worker is asked, and the
 * cluster's `message` and `exit` events are followed (only while a subscriber listens). Pass
 * another `Cluster` object only for tests.
 */
export function clusterWorkers(primary: Cluster = cluster): WorkerSource {
  return {
    workers() {
      const links: WorkerLink[] = [];
      for (const worker of Object.values(primary.workers ?? {})) {
        // A worker that exited abruptly can still be listed for a moment; it cannot answer.
        if (worker?.isConnected() && !worker.isDead()) links.push(linkTo(worker));
      }
      return links;
    },
    subscribe(events) {
      const onMessage = (worker: Worker, message: unknown) => events.message(String(worker.id), message);
      const onExit = (worker: Worker) => events.exit(String(worker.id));
      primary.on('message', onMessage);
      primary.on('exit', onExit);
      return () => {
        primary.off('message', onMessage);
        primary.off('exit', onExit);
      };
    },
  };
}
