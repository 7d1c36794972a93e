import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, MissingExporterError } from '../errors.js';
import type { Exporter } from '../export/exporter.js';
import type { ValueMetricSnapshot } from '../snapshot.js';
import { RecordingExporter } from '../testing/recording-exporter.js';
import type { Provider } from '../types.js';
import { createProvider } from './create-provider.js';
import { loadExporterFactory } from './load-exporter.js';
import { NoopProvider } from './noop-provider.js';

const providers: Provider[] = [];
async function make(config: Parameters<typeof createProvider>[0]) {
  const provider = await createProvider(config);
  providers.push(provider);
  return provider;
}
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.stop()));
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createProvider', () => {
  it('flushes to push exporters every flushInterval after start(), and once more on stop()', async () => {
    const recorder = new RecordingExporter();
    const provider = await make({ provider: 'memory', flushInterval: 30, exporters: [recorder] });
    const counter = provider.counter('ticks_total');
    await provider.start();
    await provider.start();
    counter.inc();
    await wait(100);
    const periodic = recorder.snapshots.length;
    expect(periodic).toBeGreaterThanOrEqual(1);
    counter.add(41);
    await provider.stop();
    expect(recorder.snapshots.length).toBe(periodic + 1);
    expect(recorder.valueOf('ticks_total')).toBe(42);
    expect(recorder.shutdownCalls).toBe(1);
    await provider.stop();
    expect(recorder.shutdownCalls).toBe(1);
    await wait(60);
    expect(recorder.snapshots.length).toBe(periodic + 1);
  });

  it('does the final flush on stop() even if start() was never called (batch jobs)', async () => {
    const recorder = new RecordingExporter();
    const provider = await make({ provider: 'memory', exporters: [recorder] });
    provider.counter('rows_total').add(10);
    await provider.stop();
    expect(recorder.snapshots).toHaveLength(1);
    expect(recorder.valueOf('rows_total')).toBe(10);
  });

  it('never overlaps an export still in flight', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const slow: Exporter = {
      name: 'slow',
      async export() {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        await wait(60);
        running--;
      },
      shutdown: async () => {},
    };
    const provider = await make({ provider: 'memory', flushInterval: 10, exporters: [slow] });
    await provider.start();
    await wait(250);
    await provider.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(maxRunning).toBe(1);
  });

  it('schedules exporters at their own interval and skips pull-only ones', async () => {
    const fast = new RecordingExporter('fast', 20);
    const pullOnly = new RecordingExporter('pull', 0);
    const provider = await make({ provider: 'memory', flushInterval: 10_000, exporters: [fast, pullOnly] });
    await provider.start();
    await wait(120);
    expect(fast.snapshots.length).toBeGreaterThanOrEqual(2);
    expect(pullOnly.snapshots).toHaveLength(0);
    await provider.stop();
    expect(pullOnly.snapshots).toHaveLength(1);
  });

  it('applies namespace, subsystem and global tags', async () => {
    const recorder = new RecordingExporter();
    const provider = await make({
      provider: 'memory',
      namespace: 'app',
      subsystem: 'db',
      tags: { env: 'test' },
      exporters: [recorder],
    });
    provider.withTags({ pool: 'main' }).gauge('connections').set(3);
    await provider.stop();
    expect(recorder.valueOf('app_db_connections', { env: 'test', pool: 'main' })).toBe(3);
  });

  it('keeps exporting to the others when one exporter fails, reporting to onError', async () => {
    const errors: string[] = [];
    const recorder = new RecordingExporter();
    const broken: Exporter = {
      name: 'broken',
      export: () => Promise.reject(new Error('collector down')),
      shutdown: async () => {},
    };
    const provider = await make({
      provider: 'memory',
      exporters: [broken, recorder],
      onError: (e, s) => errors.push(`${s}: ${e.message}`),
    });
    provider.counter('c_total').inc();
    await provider.stop();
    expect(recorder.valueOf('c_total')).toBe(1);
    expect(errors).toEqual(['broken export: collector down']);
  });

  it('serves 404 with an explanation from handler() when no pull backend is configured', async () => {
    const provider = await make({ provider: 'memory' });
    let status = 0;
    let body = '';
    provider.handler()(
      {} as never,
      {
        writeHead: (code: number) => {
          status = code;
        },
        end: (text: string) => {
          body = text;
        },
      } as never,
    );
    expect(status).toBe(404);
    expect(body).toMatch(/no pull backend is configured \(provider: memory\)/);
  });

  it('gives the noop provider for enabled: false and provider noop, with the same API', async () => {
    for (const config of [
      { provider: 'prometheus' as const, enabled: false },
      { provider: 'noop' as const },
    ]) {
      const provider = await make(config);
      expect(provider).toBeInstanceOf(NoopProvider);
      const counter = provider.counter('anything at all');
      counter.withTags({ a: 'b' }).inc();
      expect(counter.value()).toBe(0);
      expect(provider.timer('t').time(() => 5)).toBe(5);
      expect(await provider.registry().snapshot()).toMatchObject({ metrics: [] });
    }
  });

  it('rejects a bad config with a ConfigError naming the field', async () => {
    await expect(createProvider({ provider: 'graphite' as 'memory' })).rejects.toThrow(/provider="graphite"/);
    await expect(createProvider({ provider: 'memory', flushInterval: '10 minutes' })).rejects.toThrow(
      ConfigError,
    );
    await expect(createProvider({ provider: 'memory', namespace: 'my-app' })).rejects.toThrow(/namespace/);
    await expect(createProvider({ provider: 'memory', flushIntrval: 5 } as never)).rejects.toThrow(
      /flushIntrval=5: is not a known field/,
    );
    await expect(createProvider({ provider: 'memory', tags: { '': 'x' } })).rejects.toThrow(/tags/);
  });

  it('names the package to install when an exporter package is missing', async () => {
    const attempt = loadExporterFactory('statsd', '@meterkit/exporter-does-not-exist');
    await expect(attempt).rejects.toThrow(MissingExporterError);
    await expect(loadExporterFactory('statsd', '@meterkit/exporter-does-not-exist')).rejects.toThrow(
      /npm install @meterkit\/exporter-does-not-exist/,
    );
  });

  it('collects snapshots for the registry of every view', async () => {
    const provider = await make({ provider: 'memory' });
    provider.withTags({ a: '1' }).counter('x_total').inc();
    const snapshot = await provider.registry().snapshot();
    expect((snapshot.metrics[0] as ValueMetricSnapshot).points[0]!.tags).toEqual([{ key: 'a', value: '1' }]);
  });
});
