import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { exposeToParent } from '../../src/expose-snapshot.js';
import { portChannel } from '../../src/parent-channel.js';
import type { ClusterSnapshotSource } from '../../src/snapshot-source.js';
import type { WorkerEvents, WorkerSource } from '../../src/worker-source.js';

interface FakeWorker {
  readonly id: string;
  readonly primarySide: MessagePort;
  readonly workerSide: MessagePort;
  /** Requests the worker side received (to count rounds). */
  requests: number;
}

/**
 * In-process workers for aggregator tests: each "worker" is a MessageChannel whose far end answers
 * with the real `exposeToParent`, so the whole protocol (parts, encoding, failures) is exercised
 * without starting processes. `exit(id)` simulates a worker dying.
 */
export class ChannelWorkers implements WorkerSource {
  private readonly live = new Map<string, FakeWorker>();
  private readonly all: FakeWorker[] = [];
  private events: WorkerEvents | undefined;

  add(id: string, source: ClusterSnapshotSource, pointsPerMessage?: number): FakeWorker {
    const { port1, port2 } = new MessageChannel();
    const worker: FakeWorker = { id, primarySide: port1, workerSide: port2, requests: 0 };
    port2.on('message', () => worker.requests++);
    exposeToParent(source, { port: port2, pointsPerMessage });
    port1.on('message', (message) => this.events?.message(id, message));
    this.live.set(id, worker);
    this.all.push(worker);
    return worker;
  }

  /** A channel end for `fromPrimary({ channel })` in the worker `id`. */
  workerChannel(id: string) {
    return portChannel(this.live.get(id)!.workerSide);
  }

  /** The worker can no longer be asked, but its exit has not been seen yet (cluster: disconnected). */
  disconnect(id: string): void {
    this.live.delete(id);
  }

  exit(id: string): void {
    this.live.delete(id);
    this.events?.exit(id);
  }

  workers() {
    return [...this.live.values()].map((worker) => ({
      id: worker.id,
      send: async (message: unknown) => worker.primarySide.postMessage(message),
    }));
  }

  subscribe(events: WorkerEvents) {
    this.events = events;
    return () => {
      this.events = undefined;
    };
  }

  close(): void {
    for (const worker of this.all) {
      worker.primarySide.close();
      worker.workerSide.close();
    }
  }
}
