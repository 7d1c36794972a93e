// A library (seed 000): a task pool that runs async jobs with bounded concurrency and is instrumented
// with meterkit. As a library it never starts an HTTP server and never pushes anywhere: it exposes a
// handler, and the application decides where to mount it (app.mjs), or hands the library its own
// provider so the library's metrics join the application's.
import { createProvider } from '@meterkit/core';

export class TaskPool {
  /**
   * @param {object} [options]
   * @param {number} [options.concurrency] tasks running at once
   * @param {import('@meterkit/core').Provider} [options.metrics] the application's provider; without
   *   one the pool keeps its own Prometheus registry, served by `metricsHandler()`
   */
  static async create({ concurrency = 4, metrics } = {}) {
    const provider = metrics ?? (await createProvider({ provider: 'prometheus' }));
    return new TaskPool(concurrency, provider, metrics === undefined);
  }

  constructor(concurrency, provider, ownsProvider) {
    this.concurrency = concurrency;
    this.provider = provider;
    this.ownsProvider = ownsProvider;
    this.queue = [];
    this.running = 0;
    const tasks = provider.counter('taskpool_tasks_total', {
      description: 'Tasks finished, by outcome',
      labelNames: ['outcome'],
    });
    this.succeeded = tasks.withTags({ outcome: 'success' });
    this.failed = tasks.withTags({ outcome: 'error' });
    this.duration = provider.timer('taskpool_task_duration', { description: 'Time a task ran' });
    this.waited = provider.timer('taskpool_queue_wait', { description: 'Time a task waited to start' });
    // Read at scrape time, never stale, nothing to update: the seed's periodic collector is not needed.
    const registry = provider.registry();
    registry.registerCallback('taskpool_queue_depth', () => this.queue.length, {
      description: 'Tasks waiting',
    });
    registry.registerCallback('taskpool_workers_busy', () => this.running, {
      description: 'Tasks running now',
    });
    registry.registerCallback('taskpool_workers_max', () => this.concurrency, {
      description: 'Concurrency limit',
    });
  }

  /** Queues `task` (an async function); resolves or rejects with its result. */
  submit(task) {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject, waiting: this.waited.newStopwatch() });
      this.drain();
    });
  }

  /**
   * The node:http handler serving this library's metrics (Prometheus text or OpenMetrics). Mount it
   * in your own server; do not open a port for it from library code.
   */
  metricsHandler() {
    return this.provider.handler();
  }

  /** Releases the pool's own provider (a provider passed in belongs to the application). */
  async close() {
    if (this.ownsProvider) await this.provider.stop();
  }

  drain() {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift();
      job.waiting.stop();
      this.running++;
      this.duration
        .time(async () => job.task()) // async: a task that throws synchronously becomes a rejection
        .then(
          (value) => {
            this.succeeded.inc();
            job.resolve(value);
          },
          (error) => {
            this.failed.inc();
            job.reject(error);
          },
        )
        .finally(() => {
          this.running--;
          this.drain();
        });
    }
  }
}
