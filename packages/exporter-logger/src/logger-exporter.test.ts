import { ConfigError, type ExporterContext, type ResolvedConfig } from '@meterkit/core';
import { systemClock } from '@meterkit/core/exporter-kit';
import { describe, expect, it } from 'vitest';
import { counterSnapshot, sampleSnapshot, T0 } from '../test/fixtures.js';
import { createExporter } from './index.js';
import { LoggerExporter } from './logger-exporter.js';
import { type LoggerExporterOptions, resolveLoggerOptions } from './logger-options.js';

function options(overrides: Partial<LoggerExporterOptions> = {}): LoggerExporterOptions {
  return { ...resolveLoggerOptions({ logger: {}, flushIntervalMs: 10_000 }), ...overrides };
}

function context(logger: Record<string, unknown>, errors: Array<[Error, string]> = []): ExporterContext {
  const config = { logger, flushIntervalMs: 3000 } as unknown as ResolvedConfig;
  return {
    config,
    collect: async () => ({ timestamp: T0, metrics: [] }),
    onError: (error, source) => errors.push([error, source]),
    clock: systemClock,
  };
}

describe('LoggerExporter', () => {
  it('writes each exported snapshot through the sink in the configured format', async () => {
    const lines: string[] = [];
    const exporter = new LoggerExporter(
      options({ format: 'logfmt', sink: (line) => lines.push(line) }),
      () => {},
    );
    await exporter.export(counterSnapshot(3));
    await exporter.export(counterSnapshot(5, T0 + 1000));
    expect(lines).toEqual([
      'time=2025-01-01T00:00:00.000Z metric=app_events_total type=counter value=3',
      'time=2025-01-01T00:00:01.000Z metric=app_events_total type=counter value=5',
    ]);
    expect(exporter.name).toBe('logger');
    expect(exporter.exportIntervalMs).toBe(10_000);
  });

  it('keeps delta state across exports and skips unchanged series with onlyChanged', async () => {
    const lines: string[] = [];
    const sink = (line: string) => lines.push(line);
    const exporter = new LoggerExporter(options({ temporality: 'delta', onlyChanged: true, sink }), () => {});
    await exporter.export(counterSnapshot(3));
    await exporter.export(counterSnapshot(3));
    await exporter.export(counterSnapshot(10));
    expect(lines.map((line) => JSON.parse(line).value)).toEqual([3, 7]);
  });

  it('never rejects: a throwing sink is reported to the error handler and later flushes still run', async () => {
    const errors: Array<[Error, string]> = [];
    let calls = 0;
    const sink = () => {
      calls++;
      throw new Error('sink down');
    };
    const exporter = new LoggerExporter(options({ sink }), (error, source) => errors.push([error, source]));
    await expect(exporter.export(sampleSnapshot())).resolves.toBeUndefined();
    await expect(exporter.export(sampleSnapshot())).resolves.toBeUndefined();
    expect(calls).toBe(14);
    expect(errors).toHaveLength(2);
    expect(errors[0]?.[0].message).toBe('The logger sink threw for 7 of 7 lines: sink down');
    expect(errors[0]?.[1]).toBe('logger');
  });

  it('reports a malformed snapshot instead of throwing', async () => {
    const errors: Error[] = [];
    const exporter = new LoggerExporter(options({ sink: () => {} }), (error) => errors.push(error));
    await exporter.export({ timestamp: T0, metrics: [null] } as never);
    expect(errors).toHaveLength(1);
  });

  it('ignores exports after shutdown and shuts down once', async () => {
    const lines: string[] = [];
    const exporter = new LoggerExporter(options({ sink: (line) => lines.push(line) }), () => {});
    await exporter.shutdown();
    await exporter.shutdown();
    await exporter.export(counterSnapshot(1));
    expect(lines).toEqual([]);
  });
});

describe('createExporter', () => {
  it('reads the logger section and uses the flush interval unless logger.interval is set', async () => {
    const lines: string[] = [];
    const exporter = await createExporter(
      context({ format: 'table', sink: (line: string) => lines.push(line) }),
    );
    expect(exporter.exportIntervalMs).toBe(3000);
    await exporter.export(counterSnapshot(1));
    expect(lines[0]).toBe('--- meterkit 2025-01-01T00:00:00.000Z: 1 series, 1 changed (cumulative) ---');
    expect((await createExporter(context({ interval: '1m' }))).exportIntervalMs).toBe(60_000);
  });

  it('throws a ConfigError naming the bad field', () => {
    expect(() => createExporter(context({ format: 'yaml' }))).toThrow(ConfigError);
    expect(() => createExporter(context({ format: 'yaml' }))).toThrow(/logger\.format="yaml"/);
  });
});
