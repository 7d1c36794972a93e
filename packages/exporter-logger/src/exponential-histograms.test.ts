import { createProvider } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { LoggerExporter } from './logger-exporter.js';
import { resolveLoggerOptions } from './logger-options.js';

/** The value of rank ceil(q n) in the sorted data (the smallest for q = 0). */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

async function loggedLines(
  temporality: 'cumulative' | 'delta',
  feed: (observe: (v: number) => void) => Promise<void>,
) {
  const lines: string[] = [];
  const meters = await createProvider({
    provider: 'logger',
    histograms: { exponential: true },
    logger: { format: 'json', sink: (line) => lines.push(line), temporality },
  });
  const latency = meters.histogram('latency', { unit: 'seconds' });
  await feed((v) => latency.observe(v));
  await meters.stop();
  return lines.map((line) => JSON.parse(line)).filter((record) => record.metric === 'latency');
}

describe('logger: exponential histograms', () => {
  it('logs count, sum, min, max and p50/p90/p99 from the exponential buckets', async () => {
    // 1 ms … 1 s, spread over three decades.
    const values = Array.from({ length: 1000 }, (_, i) => 10 ** (-3 + (3 * i) / 999));
    const [record] = await loggedLines('cumulative', async (observe) => {
      for (const v of values) observe(v);
    });
    const sorted = [...values].sort((a, b) => a - b);
    expect(record).toMatchObject({ type: 'histogram', count: 1000, min: sorted[0], max: sorted[999] });
    expect(record.sum).toBeCloseTo(
      values.reduce((a, b) => a + b, 0),
      9,
    );
    // 160 buckets over 10 doublings: scale 3, base 2^(1/8), relative error at most 4.3%.
    const bound = (2 ** (1 / 8) - 1) / (2 ** (1 / 8) + 1) + 1e-12;
    for (const [field, q] of [
      ['p50', 0.5],
      ['p90', 0.9],
      ['p99', 0.99],
    ] as const) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(record[field] - exact) / exact, field).toBeLessThanOrEqual(bound);
    }
  });

  it('in delta temporality the quantiles describe what was recorded since the previous flush', async () => {
    const lines: string[] = [];
    const exporter = new LoggerExporter(
      resolveLoggerOptions({
        logger: { format: 'json', sink: (line: string) => lines.push(line), temporality: 'delta' },
        flushIntervalMs: 10_000,
      }),
      () => {},
    );
    const meters = await createProvider({ provider: 'memory' });
    const latency = meters.histogram('latency', { exponential: true });
    for (let i = 0; i < 100; i++) latency.observe(0.001);
    await exporter.export(await meters.registry().snapshot());
    for (let i = 0; i < 10; i++) latency.observe(2);
    await exporter.export(await meters.registry().snapshot());
    const records = lines.map((line) => JSON.parse(line)).filter((r) => r.metric === 'latency');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ count: 100 });
    expect(Math.abs(records[0].p99 - 0.001) / 0.001).toBeLessThan(0.01);
    expect(records[1]).toMatchObject({ count: 10, sum: 20 });
    // 0.001 and 2 span 11 doublings: scale 3, relative error at most (2^(1/8) - 1) / (2^(1/8) + 1).
    const bound = (2 ** (1 / 8) - 1) / (2 ** (1 / 8) + 1) + 1e-12;
    expect(Math.abs(records[1].p50 - 2) / 2).toBeLessThanOrEqual(bound);
    expect(records[1].p50).toBeGreaterThan(1.8);
  });
});
