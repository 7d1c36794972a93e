import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import { type ReadSeries, runConformance } from '../testing/conformance.js';
import { createLineExporter } from './example-exporter.js';

/** Adds the delta lines back up, as a log pipeline's sum over time would, into meterkit's names. */
function readLines(lines: readonly string[]): ReadSeries[] {
  const series = new Map<string, ReadSeries>();
  for (const line of lines) {
    const record = JSON.parse(line) as {
      name: string;
      tags: Record<string, string>;
      add?: number;
      value?: number;
      count?: number;
      sum?: number;
    };
    const name = record.name.replaceAll('.', '_');
    const key = `${name}${JSON.stringify(record.tags)}`;
    const read = series.get(key) ?? { name, tags: record.tags };
    if (record.add !== undefined) read.value = (read.value ?? 0) + record.add;
    if (record.value !== undefined) read.value = record.value;
    if (record.count !== undefined) read.count = (read.count ?? 0) + record.count;
    if (record.sum !== undefined) read.sum = (read.sum ?? 0) + record.sum;
    series.set(key, read);
  }
  return [...series.values()];
}

describe('the README example exporter (exporter kit only)', () => {
  it('passes the conformance suite', async () => {
    const lines: string[] = [];
    await runConformance({
      name: 'lines',
      config: () => ({
        provider: 'memory',
        exporters: [createLineExporter({ write: (l) => lines.push(l) })],
      }),
      async read(provider) {
        await provider.stop();
        return readLines(lines);
      },
      capabilities: { buckets: false, quantiles: false },
    });
    expect(lines.length).toBeGreaterThan(10);
  });

  it('sends deltas that add up across flushes, and the namespace joined with dots', async () => {
    const lines: string[] = [];
    const metrics = await createProvider({ provider: 'memory', namespace: 'shop' });
    const exporter = await createLineExporter({ write: (l) => lines.push(l) })({} as never);
    const orders = metrics.counter('orders_total');
    orders.add(3);
    await exporter.export(await metrics.registry().snapshot());
    orders.add(2);
    await exporter.export(await metrics.registry().snapshot());
    await exporter.export(await metrics.registry().snapshot());
    metrics.registry().unregister('orders_total');
    await exporter.export(await metrics.registry().snapshot());
    await metrics.stop();
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { name: 'shop.orders_total', tags: {}, add: 3 },
      { name: 'shop.orders_total', tags: {}, add: 2 },
      { name: 'shop.orders_total', tags: {}, add: 0 },
      { name: 'shop.orders_total', tags: {}, removed: true },
    ]);
  });

  it('refuses a bad option with a ConfigError naming it', () => {
    expect(() => createLineExporter({ write: () => {}, separator: '/' as '.' })).toThrow(
      'Invalid config lines.separator="/": must be one of ".", "_"',
    );
  });

  it('is the code the core README shows', () => {
    const body = (text: string) => {
      const start = text.indexOf('export function createLineExporter');
      return text.slice(start, text.indexOf('\n}\n', start) + 2);
    };
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const source = readFileSync(new URL('./example-exporter.ts', import.meta.url), 'utf8');
    expect(body(source).length).toBeGreaterThan(500);
    expect(body(readme)).toBe(body(source));
  });
});
