import type { SendOutcome } from './remote-write-client.js';
import { RemoteWriteError } from './remote-write-error.js';

/** One compressed request waiting to be sent. */
export interface QueuedRequest {
  readonly body: Uint8Array;
  readonly samples: number;
}

/** Options of {@link SendQueue}. */
export interface SendQueueOptions {
  /** POSTs one request; never rejects. */
  readonly send: (body: Uint8Array) => Promise<SendOutcome>;
  /** Most samples held (queued plus the one in flight) before the oldest are dropped. */
  readonly maxQueuedSamples: number;
  /** First retry delay; doubled per attempt up to `maxBackoffMs`. */
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** The longest `Retry-After` honoured (a receiver asking for an hour is capped to this). */
  readonly maxRetryAfterMs: number;
  /** The URL as shown in messages (credentials redacted). */
  readonly shownUrl: string;
  readonly onError: (error: Error) => void;
}

/** Counts the exporter reports about itself. */
export interface SendCounts {
  sentSamples: number;
  sentRequests: number;
  /** Dropped because the queue was full (the receiver down or slow for long). */
  droppedQueueFull: number;
  /** Dropped because the receiver refused them (4xx other than 429). */
  droppedRejected: number;
  /** Dropped because `stop()` ran out of time. */
  droppedAtStop: number;
  /** Older pushes dropped at `stop()` so that the final one goes out first (cumulative values: no total is lost). */
  supersededAtStop: number;
  retries: number;
}

/**
 * A bounded FIFO of compressed requests with one sender. Requests leave in the order they were
 * queued and one at a time, and a request is retried until it is sent, refused or dropped: so a
 * series' samples (one per snapshot, snapshots queued in time order) reach the receiver in timestamp
 * order, and a retry never sends older data after newer. When the samples held exceed
 * `maxQueuedSamples` the oldest go first (the one being retried, then the head of the queue): for
 * cumulative metrics the newest snapshot carries everything the dropped ones did.
 */
export class SendQueue {
  readonly counts: SendCounts = {
    sentSamples: 0,
    sentRequests: 0,
    droppedQueueFull: 0,
    droppedRejected: 0,
    droppedAtStop: 0,
    supersededAtStop: 0,
    retries: 0,
  };
  private readonly queue: QueuedRequest[] = [];
  private queuedSamples = 0;
  private inFlight: QueuedRequest | undefined;
  /** Set when the queue overflowed while `inFlight` was being retried: give up on it. */
  private abandonInFlight = false;
  private draining: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** No request leaves before this time (ms since epoch): the backoff or Retry-After of the last failure. */
  private notBefore = 0;
  private stopping = false;
  /** Whether the current outage was reported already (one report per outage, not per retry). */
  private failing = false;
  private overflowReported = false;

  constructor(private readonly options: SendQueueOptions) {}

  /** Samples waiting or in flight (not counting an in-flight request already given up on). */
  get pendingSamples(): number {
    const inFlight = this.inFlight !== undefined && !this.abandonInFlight ? this.inFlight.samples : 0;
    return this.queuedSamples + inFlight;
  }

  /** Queues requests (oldest first) and starts the sender if idle. */
  enqueue(requests: readonly QueuedRequest[]): void {
    for (const request of requests) {
      this.queue.push(request);
      this.queuedSamples += request.samples;
    }
    this.dropOverflow();
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  /**
   * Drops every queued request but the newest `keep` (the request in flight stays): at `stop()`, a
   * backlog of older pushes would otherwise stand between the final totals and the deadline. Returns
   * the samples dropped.
   */
  dropQueuedExceptLast(keep: number): number {
    const drop = Math.max(0, this.queue.length - keep);
    let samples = 0;
    for (const request of this.queue.splice(0, drop)) samples += request.samples;
    this.queuedSamples -= samples;
    this.counts.supersededAtStop += samples;
    return samples;
  }

  /**
   * Sends what is queued, retrying until done or until `deadline` (ms since epoch); what is left then
   * is dropped and reported. Resolves once nothing is pending.
   */
  async flush(deadline: number): Promise<void> {
    const timer = setTimeout(() => this.giveUp(), Math.max(0, deadline - Date.now()));
    timer.unref();
    try {
      while (this.draining !== undefined) await this.draining;
    } finally {
      clearTimeout(timer);
    }
  }

  private giveUp(): void {
    this.stopping = true;
    const left = this.pendingSamples;
    this.abandonInFlight = this.inFlight !== undefined;
    this.counts.droppedAtStop += left;
    this.queue.length = 0;
    this.queuedSamples = 0;
    this.wakeUp?.();
    if (left > 0) {
      this.options.onError(
        new RemoteWriteError(
          `Remote write to ${this.options.shownUrl}: ${left} samples not sent before stop() timed out`,
          this.options.shownUrl,
          undefined,
          left,
        ),
      );
    }
  }

  private dropOverflow(): void {
    let dropped = 0;
    while (this.pendingSamples > this.options.maxQueuedSamples) {
      if (this.inFlight !== undefined && !this.abandonInFlight) {
        // Given up at its next turn; the wait before it stays, so a Retry-After is still honoured.
        this.abandonInFlight = true;
        dropped += this.inFlight.samples;
        continue;
      }
      const oldest = this.queue.shift();
      if (oldest === undefined) break;
      this.queuedSamples -= oldest.samples;
      dropped += oldest.samples;
    }
    if (dropped === 0) return;
    this.counts.droppedQueueFull += dropped;
    if (!this.overflowReported) {
      this.overflowReported = true;
      this.options.onError(
        new RemoteWriteError(
          `Remote write to ${this.options.shownUrl}: queue full (${this.options.maxQueuedSamples} samples), ` +
            `dropping the oldest (${dropped} so far; counted in meterkit_remote_write_dropped_samples_total)`,
          this.options.shownUrl,
          undefined,
          dropped,
        ),
      );
    }
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      this.queuedSamples -= next.samples;
      this.inFlight = next;
      this.abandonInFlight = false;
      try {
        await this.deliver(next);
      } finally {
        this.inFlight = undefined;
      }
    }
  }

  private async deliver(request: QueuedRequest): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.notBefore - Date.now();
      if (wait > 0) await this.sleep(wait);
      if (this.abandonInFlight || this.stopping) return;
      const outcome = await this.options.send(request.body);
      if (outcome.kind === 'sent') {
        this.counts.sentSamples += request.samples;
        this.counts.sentRequests++;
        this.failing = false;
        this.overflowReported = false;
        this.notBefore = 0;
        return;
      }
      if (outcome.kind === 'rejected') {
        this.counts.droppedRejected += request.samples;
        this.options.onError(
          new RemoteWriteError(
            `Remote write to ${this.options.shownUrl} was rejected with ${outcome.status}; ` +
              `${request.samples} samples dropped: ${outcome.message || '(no message)'}`,
            this.options.shownUrl,
            outcome.status,
            request.samples,
          ),
        );
        return;
      }
      if (!this.failing) {
        this.failing = true;
        const status = outcome.status === undefined ? 'failed' : `answered ${outcome.status}`;
        this.options.onError(
          new RemoteWriteError(
            `Remote write to ${this.options.shownUrl} ${status}; retrying with backoff: ${outcome.message || '(no message)'}`,
            this.options.shownUrl,
            outcome.status,
            0,
          ),
        );
      }
      this.counts.retries++;
      this.notBefore = Date.now() + this.delay(attempt, outcome.retryAfterMs);
    }
  }

  /** Exponential backoff with equal jitter, or the receiver's `Retry-After` when it is longer. */
  private delay(attempt: number, retryAfterMs: number | undefined): number {
    const { minBackoffMs, maxBackoffMs, maxRetryAfterMs } = this.options;
    const ceiling = Math.min(maxBackoffMs, minBackoffMs * 2 ** attempt);
    const backoff = ceiling / 2 + Math.random() * (ceiling / 2);
    return retryAfterMs === undefined ? backoff : Math.max(backoff, Math.min(retryAfterMs, maxRetryAfterMs));
  }

  /** A wait that only stop()'s deadline cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => {
      this.wakeUp = undefined;
    });
  }
}
