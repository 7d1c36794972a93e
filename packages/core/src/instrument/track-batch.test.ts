import { describe, expect, it } from 'vitest';
import type { Provider } from '../index.js';
import { createProvider } from '../index.js';
import { ManualClock } from '../testing/index.js';
import { trackBatch } from './track-batch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function batchCounts(provider: Provider, name: string) {
  const batches = provider.counter(`${name}_batches_total`);
  const items = provider.counter(`${name}_items_total`);
  return {
    batches: {
      success: batches.withTags({ outcome: 'success' }).value(),
      partial: batches.withTags({ outcome: 'partial' }).value(),
      error: batches.withTags({ outcome: 'error' }).value(),
    },
    items: {
      success: items.withTags({ outcome: 'success' }).value(),
      error: items.withTags({ outcome: 'error' }).value(),
    },
  };
}

describe('trackBatch', () => {
  it('processes every item even when some fail, and records size, items, outcome and durations', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const result = await trackBatch(provider, 'user_import', [1, 2, 3, 4, 5], (n) => {
      if (n % 2 === 0) throw new Error(`bad row ${n}`);
      return n * 10;
    });
    expect(result.succeeded).toBe(3);
    expect(result.failed).toBe(2);
    expect(result.outcome).toBe('partial');
    expect(result.results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      10,
      'Error: bad row 2',
      30,
      'Error: bad row 4',
      50,
    ]);
    expect(batchCounts(provider, 'user_import')).toEqual({
      batches: { success: 0, partial: 1, error: 0 },
      items: { success: 3, error: 2 },
    });
    const size = provider.histogram('user_import_batch_size').snapshot();
    expect([size.count, size.sum]).toEqual([1, 5]);
    expect(provider.timer('user_import_item_duration_seconds').snapshot().count).toBe(5);
    expect(provider.timer('user_import_batch_duration_seconds').snapshot().count).toBe(1);
  });

  it('runs async items with bounded concurrency, keeping results in item order', async () => {
    const provider = await createProvider({ provider: 'memory' });
    let running = 0;
    let peak = 0;
    const result = await trackBatch(
      provider,
      'resize',
      ['a', 'b', 'c', 'd', 'e', 'f'],
      async (name, index) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(index % 2 === 0 ? 12 : 4);
        running--;
        return `${name}${index}`;
      },
      { concurrency: 3, tags: { queue: 'images' } },
    );
    expect(peak).toBe(3);
    expect(result.outcome).toBe('success');
    expect(result.results.map((r) => r.status === 'fulfilled' && r.value)).toEqual([
      'a0',
      'b1',
      'c2',
      'd3',
      'e4',
      'f5',
    ]);
    const batch = provider.timer('resize_batch_duration_seconds').withTags({ queue: 'images' }).snapshot();
    const items = provider.timer('resize_item_duration_seconds').withTags({ queue: 'images' }).snapshot();
    // Same clock for both: three lanes run the six items one after another inside the batch, so
    // the batch lasts at least as long as the busiest lane, which is at least a third of all item
    // time. Millisecond bounds would depend on timer jitter on a loaded machine.
    expect(batch.count).toBe(1);
    expect(items.count).toBe(6);
    expect(batch.sum).toBeGreaterThanOrEqual(items.sum / 3);
    expect(
      provider.counter('resize_items_total').withTags({ queue: 'images', outcome: 'success' }).value(),
    ).toBe(6);
  });

  it('calls a batch whose items all fail an error, and an empty batch a success', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const failing = await trackBatch(provider, 'sync', ['x'], async () => {
      throw new Error('down');
    });
    expect(failing.outcome).toBe('error');
    const empty = await trackBatch(provider, 'sync', [], () => 1);
    expect(empty).toEqual({ results: [], succeeded: 0, failed: 0, outcome: 'success' });
    expect(batchCounts(provider, 'sync').batches).toEqual({ success: 1, partial: 0, error: 1 });
    expect(provider.histogram('sync_batch_size').snapshot().count).toBe(2);
  });

  it("times items and the batch with the provider's clock", async () => {
    const clock = new ManualClock();
    const provider = await createProvider({ provider: 'memory', clock });
    await trackBatch(provider, 'steps', [100, 200, 300], (ms) => clock.advance(ms));
    const items = provider.timer('steps_item_duration_seconds').snapshot();
    expect(items.count).toBe(3);
    expect(items.sum).toBeCloseTo(0.6, 12);
    expect(provider.timer('steps_batch_duration_seconds').snapshot().sum).toBeCloseTo(0.6, 12);
  });

  it('rejects a bad concurrency, naming it', async () => {
    const provider = await createProvider({ provider: 'memory' });
    await expect(trackBatch(provider, 'x', [1], () => 1, { concurrency: 0 })).rejects.toThrow(
      /Invalid concurrency for trackBatch: 0 must be a positive integer/,
    );
  });
});
