import { createProvider } from '@meterkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

/*
 * Exemplars through the logger backend: the JSON format logs them (`exemplars: [{ tags, value,
 * time }]`), logfmt and table do not.
 */

afterEach(() => {
  vi.useRealTimers();
});

const TRACE = { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' };

async function logged(format: 'json' | 'logfmt' | 'table', temporality?: 'delta') {
  vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
  const lines: string[] = [];
  const provider = await createProvider({
    provider: 'logger',
    namespace: 'shop',
    exemplars: true,
    flushInterval: '5s',
    logger: { format, sink: (line) => lines.push(line), ...(temporality && { temporality }) },
  });
  await provider.start();
  provider.counter('orders_total').add(2, TRACE);
  const latency = provider.histogram('latency', { buckets: [1] });
  latency.observe(0.5, { trace_id: 'a' });
  await vi.advanceTimersByTimeAsync(1000);
  latency.observe(3, { trace_id: 'b' });
  provider.counter('plain_total').inc();
  await vi.advanceTimersByTimeAsync(4000);
  const first = lines.length;
  await vi.advanceTimersByTimeAsync(1000);
  latency.observe(0.7, { trace_id: 'c' });
  await provider.stop();
  return { lines, first };
}

describe('logger exemplars', () => {
  it('JSON lines carry the latest exemplars of counters and of each bucket, oldest first', async () => {
    const { lines, first } = await logged('json');
    const records = lines.slice(0, first).map((line) => JSON.parse(line));
    const orders = records.find((r) => r.metric === 'shop_orders_total');
    expect(orders.exemplars).toEqual([{ tags: TRACE, value: 2, time: '2025-01-01T00:00:00.000Z' }]);
    const latency = records.find((r) => r.metric === 'shop_latency');
    expect(latency.exemplars).toEqual([
      { tags: { trace_id: 'a' }, value: 0.5, time: '2025-01-01T00:00:00.000Z' },
      { tags: { trace_id: 'b' }, value: 3, time: '2025-01-01T00:00:01.000Z' },
    ]);
    expect(records.find((r) => r.metric === 'shop_plain_total')).not.toHaveProperty('exemplars');
    // The final flush (stop) shows c as the latest of the first bucket; b stays the latest of +Inf.
    const last = lines.slice(first).map((line) => JSON.parse(line));
    expect(
      last.find((r) => r.metric === 'shop_latency').exemplars.map((e: { tags: object }) => e.tags),
    ).toEqual([{ trace_id: 'b' }, { trace_id: 'c' }]);
  });

  it('in delta temporality, JSON lines log only the exemplars recorded since the previous flush', async () => {
    const { lines, first } = await logged('json', 'delta');
    const last = lines.slice(first).map((line) => JSON.parse(line));
    expect(last.find((r) => r.metric === 'shop_latency').exemplars).toEqual([
      { tags: { trace_id: 'c' }, value: 0.7, time: '2025-01-01T00:00:06.000Z' },
    ]);
  });

  it.each(['logfmt', 'table'] as const)('the %s format shows no exemplars', async (format) => {
    const { lines } = await logged(format);
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    expect(text).toContain('shop_orders_total');
    expect(text).not.toContain(TRACE.trace_id);
    expect(text).not.toContain('exemplar');
  });
});
