import { describe, expect, it } from 'vitest';
import { SharedCollection } from './shared-collection.js';

/** A collection that stays pending until released, counting how often it ran. */
function controlledProducer() {
  const state = { runs: 0, release: (_value: string) => {}, fail: (_error: Error) => {} };
  const produce = () => {
    state.runs++;
    return new Promise<string>((resolve, reject) => {
      state.release = resolve;
      state.fail = reject;
    });
  };
  return { state, produce };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedCollection', () => {
  it('shares the collection in flight and starts a new one afterwards when there is no interval', async () => {
    const { state, produce } = controlledProducer();
    const shared = new SharedCollection(produce, 0, () => 0);
    const callers = [shared.get(), shared.get(), shared.get()];
    await tick();
    state.release('first');
    expect(await Promise.all(callers)).toEqual(['first', 'first', 'first']);
    expect(state.runs).toBe(1);
    const next = shared.get();
    await tick();
    state.release('second');
    expect(await next).toBe('second');
    expect(state.runs).toBe(2);
  });

  it('reuses a result until the interval after its end has passed', async () => {
    let now = 1000;
    const { state, produce } = controlledProducer();
    const shared = new SharedCollection(produce, 5000, () => now);
    const first = shared.get();
    await tick();
    now = 1500; // the collection took 500 ms
    state.release('first');
    expect(await first).toBe('first');
    now = 6499;
    expect(await shared.get()).toBe('first');
    expect(shared.retryAfterSeconds()).toBe(1);
    now = 2500;
    expect(shared.retryAfterSeconds()).toBe(4);
    now = 6500;
    const second = shared.get();
    await tick();
    state.release('second');
    expect(await second).toBe('second');
    expect(state.runs).toBe(2);
  });

  it('does not reuse a failure: the next caller collects again', async () => {
    const { state, produce } = controlledProducer();
    const shared = new SharedCollection(produce, 60_000, () => 0);
    const failing = shared.get();
    await tick();
    state.fail(new Error('store is gone'));
    await expect(failing).rejects.toThrow('store is gone');
    const retry = shared.get();
    await tick();
    state.release('recovered');
    expect(await retry).toBe('recovered');
    expect(state.runs).toBe(2);
    expect(shared.retryAfterSeconds()).toBe(60);
  });
});
