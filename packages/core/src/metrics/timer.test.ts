import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import { ManualClock } from '../testing/manual-clock.js';

function setup() {
  const clock = new ManualClock();
  const timer = new MemoryRegistry(createMetricStore({ clock })).timer('job_duration', {
    buckets: [0.1, 1, 10],
  });
  return { clock, timer };
}

describe('timer', () => {
  it('records seconds', () => {
    const { timer } = setup();
    timer.record(0.25);
    timer.record(2);
    expect(timer.snapshot().count).toBe(2);
    expect(timer.snapshot().sum).toBe(2.25);
  });

  it('drops finite negative durations, refuses NaN, keeps zero and infinity', () => {
    const { timer } = setup();
    timer.record(-0.5);
    expect(() => timer.record(Number.NaN)).toThrow(RangeError);
    timer.record(0);
    timer.record(Number.POSITIVE_INFINITY);
    expect(timer.snapshot().count).toBe(2);
    expect(timer.snapshot().buckets.map((b) => b.count)).toEqual([1, 1, 1, 2]);
  });

  it('times a sync function and returns its value', () => {
    const { clock, timer } = setup();
    const result = timer.time(() => {
      clock.advance(1500);
      return 'done';
    });
    expect(result).toBe('done');
    expect(timer.snapshot().sum).toBe(1.5);
  });

  it('records a sync function that throws, and rethrows', () => {
    const { clock, timer } = setup();
    expect(() =>
      timer.time(() => {
        clock.advance(200);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(timer.snapshot().count).toBe(1);
    expect(timer.snapshot().sum).toBe(0.2);
  });

  it('returns the same promise and records when it settles, fulfilled or rejected', async () => {
    const { clock, timer } = setup();
    let resolve!: (v: number) => void;
    const pending = new Promise<number>((r) => {
      resolve = r;
    });
    const returned = timer.time(() => pending);
    expect(returned).toBe(pending);
    clock.advance(3000);
    expect(timer.snapshot().count).toBe(0);
    resolve(7);
    await expect(returned).resolves.toBe(7);
    await Promise.resolve();
    expect(timer.snapshot().sum).toBe(3);

    const failing = timer.time(async () => {
      clock.advance(500);
      throw new Error('nope');
    });
    await expect(failing).rejects.toThrow('nope');
    await Promise.resolve();
    expect(timer.snapshot().count).toBe(2);
    expect(timer.snapshot().sum).toBe(3.5);
  });

  it('stopwatch: stop returns the seconds recorded, reset restarts', () => {
    const { clock, timer } = setup();
    const stopwatch = timer.newStopwatch();
    clock.advance(10_000);
    stopwatch.reset();
    clock.advance(750);
    expect(stopwatch.stop()).toBe(0.75);
    expect(timer.snapshot().sum).toBe(0.75);
    expect(timer.snapshot().buckets.map((b) => b.count)).toEqual([0, 1, 1, 1]);
  });

  it('withTags returns a timer', () => {
    const { timer } = setup();
    const child = timer.withTags({ job: 'import' });
    child.record(1);
    expect(child.newStopwatch()).toBeDefined();
    expect(timer.withTags({ job: 'import' }).snapshot().count).toBe(1);
  });
});
