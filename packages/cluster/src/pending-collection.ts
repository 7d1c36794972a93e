import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { MetricSnapshot } from '@meterkit/core';
import { mergeInSlices } from './merge-slices.js';
import type { PartMessage } from './protocol.js';
import type { SnapshotMerger } from './snapshot-merger.js';
import { decodePart } from './wire-format.js';

/** Where one worker stands in one collection. */
export type WorkerOutcome = 'waiting' | 'answered' | 'failed' | 'timedOut' | 'exited';

/**
 * One collection in flight on the primary: which workers were asked, the parts each has sent, and
 * the merge of every complete answer.
 *
 * Messages are never decoded where they arrive. When the primary is busy, a worker's parts pile up
 * in the IPC pipe and Node delivers a whole batch of them in one callback; decoding them there
 * would add up to one long stall. Instead each part is queued, and the queue is worked off one part
 * (or one merge slice) per turn of the event loop. A worker's decoded parts are kept aside until its
 * last one, so an answer cut short (timeout, exit, failure) never leaves half a worker in the merge.
 */
export class PendingCollection {
  readonly outcomes = new Map<string, WorkerOutcome>();
  readonly failures = new Map<string, string>();
  private readonly buffers = new Map<string, MetricSnapshot[]>();
  private work: Promise<void> = Promise.resolve();
  private waiting: number;
  private settle!: () => void;
  /** Resolves when every worker answered, failed or exited, or at `expire()`. */
  readonly settled = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  constructor(
    workerIds: readonly string[],
    private readonly merger: SnapshotMerger,
    /** Called with a worker's complete answer (the aggregator keeps it as the worker's last known). */
    private readonly onAnswer: (workerId: string, metrics: readonly MetricSnapshot[]) => void,
  ) {
    for (const id of workerIds) this.outcomes.set(id, 'waiting');
    this.waiting = workerIds.length;
    if (this.waiting === 0) this.settle();
  }

  /** Queues a part message of a worker; returns false if the worker is not (or no longer) awaited. */
  part(workerId: string, message: PartMessage): boolean {
    if (this.outcomes.get(workerId) !== 'waiting') return false;
    // The whole answer arrived in time: the worker counts as answered even while its parts are
    // still being decoded.
    if (message.final) this.conclude(workerId, 'answered');
    this.enqueue(() => this.decode(workerId, message));
    return true;
  }

  fail(workerId: string, reason: string): void {
    if (this.outcomes.get(workerId) !== 'waiting') return;
    this.failures.set(workerId, reason);
    this.conclude(workerId, 'failed');
  }

  exited(workerId: string): void {
    if (this.outcomes.get(workerId) === 'waiting') this.conclude(workerId, 'exited');
  }

  /** The deadline: every worker still waiting is timed out. */
  expire(): void {
    for (const [id, outcome] of this.outcomes) if (outcome === 'waiting') this.conclude(id, 'timedOut');
  }

  /** Resolves once every queued part is decoded and every complete answer is in the merger. */
  merged(): Promise<void> {
    return this.work;
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.work = this.work.then(async () => {
      await yieldToEventLoop();
      await task();
    });
  }

  private async decode(workerId: string, message: PartMessage): Promise<void> {
    const outcome = this.outcomes.get(workerId);
    // Parts of a worker that timed out, failed or exited before its last part are dropped.
    if (outcome !== 'waiting' && outcome !== 'answered') return;
    let buffer = this.buffers.get(workerId);
    if (buffer === undefined) {
      buffer = [];
      this.buffers.set(workerId, buffer);
    }
    try {
      for (const metric of decodePart(message.metrics)) buffer.push(metric);
    } catch (error) {
      // A malformed part (another sender on the channel, a bug): the worker fails this collection.
      this.buffers.delete(workerId);
      this.failures.set(
        workerId,
        `unreadable answer: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (outcome === 'waiting') this.conclude(workerId, 'failed');
      else this.outcomes.set(workerId, 'failed');
      return;
    }
    if (!message.final) return;
    this.buffers.delete(workerId);
    this.merger.noteTimestamp(message.ts);
    this.onAnswer(workerId, buffer);
    await mergeInSlices(this.merger, workerId, buffer);
  }

  private conclude(workerId: string, outcome: WorkerOutcome): void {
    this.outcomes.set(workerId, outcome);
    if (outcome !== 'answered') this.buffers.delete(workerId);
    if (--this.waiting === 0) this.settle();
  }
}
