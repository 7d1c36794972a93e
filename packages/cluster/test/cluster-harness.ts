import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/cluster-worker.mjs', import.meta.url));

/** One fixture worker to fork: which data it records and whether it answers. */
export interface WorkerSpec {
  readonly index: number;
  readonly mode?: 'answer' | 'silent';
}

/** Waits for the first message of `worker` matching `fixture`. */
export function nextMessage<T = Record<string, unknown>>(
  worker: Worker,
  fixture: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker ${worker.id}: no "${fixture}" in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: { fixture?: string }) => {
      if (message?.fixture !== fixture) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(message as T);
    };
    worker.on('message', onMessage);
  });
}

/** Forks real node:cluster workers running the fixture and waits until each has recorded its data. */
export async function forkWorkers(
  specs: readonly WorkerSpec[],
  serialization: 'json' | 'advanced' = 'json',
): Promise<Worker[]> {
  cluster.setupPrimary({ exec: FIXTURE, serialization });
  const workers = specs.map((spec) =>
    cluster.fork({ FIXTURE_INDEX: String(spec.index), FIXTURE_MODE: spec.mode ?? 'answer' }),
  );
  await Promise.all(workers.map((worker) => nextMessage(worker, 'ready')));
  return workers;
}

/** Resolves when the worker's process has exited (at once if it already has). */
export function exited(worker: Worker): Promise<void> {
  if (worker.isDead()) return Promise.resolve();
  return new Promise((resolve) => worker.once('exit', () => resolve()));
}

/** Kills every cluster worker still running (by its own process) and waits for each exit. */
export async function stopAllWorkers(): Promise<void> {
  const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  for (const worker of running) worker.process.kill('SIGKILL');
  await Promise.all(running.map(exited));
}
