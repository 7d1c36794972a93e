// Adopting meterkit with code already instrumented: an OpenTelemetry-API library and a prom-client
// Registry exported with the application's own metrics (examples/otel-bridge/app.mjs).
import { eventually, promtoolCheckMetrics } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleProcess, startExample } from './support/example-process.js';
import { sampleValue, scrape } from './support/exposition.js';

describe('otel-bridge example', () => {
  let example: ExampleProcess | undefined;
  afterEach(async () => {
    await example?.stop();
    example = undefined;
  });

  it('serves OpenTelemetry instruments, prom-client metrics and its own in one Prometheus scrape', async () => {
    example = await startExample('otel-bridge/app.mjs', { env: { PORT: '0' } });
    const exposition = await eventually('some tasks to be processed', async () => {
      const found = await scrape(example!.url);
      return (sampleValue(found, 'task_duration_seconds_count', { queue: 'email' }) ?? 0) >= 10
        ? found
        : undefined;
    });
    expect(exposition.types.get('tasks_processed_total')).toBe('counter');
    expect(exposition.types.get('tasks_queued')).toBe('gauge');
    expect(exposition.types.get('task_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('legacy_cache_hits_total')).toBe('counter');
    // Each task is counted, timed and hits the legacy cache in one tick: a scrape sees all or none.
    const timed = sampleValue(exposition, 'task_duration_seconds_count', { queue: 'email' }) as number;
    const done = sampleValue(exposition, 'tasks_processed_total', {
      queue: 'email',
      outcome: 'done',
    }) as number;
    const failed = sampleValue(exposition, 'tasks_processed_total', {
      queue: 'email',
      outcome: 'failed',
    }) as number;
    expect(done + failed).toBe(timed);
    expect(failed).toBe(Math.floor(timed / 5));
    expect(sampleValue(exposition, 'legacy_cache_hits_total')).toBe(timed);
    expect(sampleValue(exposition, 'tasks_queued', { queue: 'email' })).toBe(0);
    expect(sampleValue(exposition, 'workers_idle', { pool: 'default' })).toBe(2);
    expect(sampleValue(exposition, 'task_duration_seconds_bucket', { queue: 'email', le: '0.01' })).toBe(0);
    const body = await (await fetch(`${example.url}/metrics`)).text();
    const lint = await promtoolCheckMetrics(body);
    expect(lint.exitCode, lint.output).toBe(0);
    expect(await example.stop()).toBe(0);
  });
});
