import { describe, expect, it } from 'vitest';
import type { SendOutcome } from './remote-write-client.js';
import { type QueuedRequest, SendQueue } from './send-queue.js';

const request = (id: number, samples = 10): QueuedRequest => ({ body: Uint8Array.of(id), samples });

/** A queue whose receiver answers from a script; records the order of every attempt. */
function scripted(answers: (id: number, attempt: number) => SendOutcome, maxQueuedSamples = 1_000) {
  const attempts: number[] = [];
  const errors: Error[] = [];
  const perId = new Map<number, number>();
  const queue = new SendQueue({
    send: async (body) => {
      const id = body[0]!;
      attempts.push(id);
      const attempt = perId.get(id) ?? 0;
      perId.set(id, attempt + 1);
      await new Promise((resolve) => setImmediate(resolve));
      return answers(id, attempt);
    },
    maxQueuedSamples,
    minBackoffMs: 1,
    maxBackoffMs: 4,
    maxRetryAfterMs: 1_000,
    shownUrl: 'http://receiver/api/v1/write',
    onError: (error) => errors.push(error),
  });
  return { queue, attempts, errors };
}

const SENT: SendOutcome = { kind: 'sent' };
const RETRY_500: SendOutcome = { kind: 'retry', status: 500, message: 'boom', retryAfterMs: undefined };

describe('SendQueue', () => {
  it('sends in queue order and retries a 5xx before anything newer goes out', async () => {
    const { queue, attempts, errors } = scripted((id, attempt) =>
      id === 2 && attempt < 3 ? RETRY_500 : SENT,
    );
    queue.enqueue([request(1), request(2), request(3)]);
    await queue.flush(Date.now() + 5_000);
    expect(attempts).toEqual([1, 2, 2, 2, 2, 3]);
    expect(queue.counts).toMatchObject({ sentSamples: 30, sentRequests: 3, retries: 3 });
    // One report per outage, not per retry.
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('answered 500; retrying')]);
  });

  it('drops a 4xx (other than 429) at once, reports it, and goes on', async () => {
    const { queue, attempts, errors } = scripted((id) =>
      id === 1 ? { kind: 'rejected', status: 400, message: 'out of order sample' } : SENT,
    );
    queue.enqueue([request(1), request(2)]);
    await queue.flush(Date.now() + 5_000);
    expect(attempts).toEqual([1, 2]);
    expect(queue.counts.droppedRejected).toBe(10);
    expect(errors[0]!.message).toMatch(/rejected with 400; 10 samples dropped: out of order sample/);
  });

  it('waits at least Retry-After on a 429', async () => {
    const { queue } = scripted((_, attempt) =>
      attempt === 0 ? { kind: 'retry', status: 429, message: 'slow down', retryAfterMs: 300 } : SENT,
    );
    const started = Date.now();
    queue.enqueue([request(1)]);
    await queue.flush(Date.now() + 5_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(queue.counts.sentRequests).toBe(1);
  });

  it('holds at most maxQueuedSamples: the oldest (the one being retried first) are dropped and counted', async () => {
    let down = true;
    const { queue, attempts, errors } = scripted(() => (down ? RETRY_500 : SENT), 30);
    queue.enqueue([request(1)]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    queue.enqueue([request(2), request(3), request(4), request(5)]);
    expect(queue.pendingSamples).toBe(30);
    down = false;
    await queue.flush(Date.now() + 5_000);
    expect(queue.counts.droppedQueueFull).toBe(20);
    // 1 (in flight) and 2 went; 3, 4, 5 arrived in order.
    expect(attempts.filter((id) => id !== 1)).toEqual([3, 4, 5]);
    expect(errors.some((e) => /queue full \(30 samples\)/.test(e.message))).toBe(true);
  });

  it('gives up at the flush deadline, counts and reports what was left', async () => {
    const { queue, errors } = scripted(() => RETRY_500);
    queue.enqueue([request(1), request(2)]);
    await queue.flush(Date.now() + 100);
    expect(queue.counts.droppedAtStop).toBe(20);
    expect(queue.pendingSamples).toBe(0);
    expect(errors.at(-1)!.message).toMatch(/20 samples not sent before stop\(\) timed out/);
  });
});

describe('SendQueue at stop()', () => {
  it('drops all but the newest requests of a backlog, counted apart from losses', async () => {
    const { queue, attempts } = scripted(() => SENT);
    queue.enqueue([request(1), request(2), request(3), request(4)]);
    // 1 is already in flight; 2 and 3 are older pushes behind it, 4 is the final push.
    expect(queue.dropQueuedExceptLast(1)).toBe(20);
    await queue.flush(Date.now() + 5_000);
    expect(attempts).toEqual([1, 4]);
    expect(queue.counts).toMatchObject({ supersededAtStop: 20, droppedAtStop: 0, sentSamples: 20 });
  });
});
