// Seed 000: a library exposes a handler, the application mounts it; the optional standalone server.
import { join } from 'node:path';
import { eventually, promtool } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, type ExampleProcess, runExample, startExample } from './support/example-process.js';
import { type Exposition, sampleValue, scrape } from './support/exposition.js';

/** Scrapes until the pool has finished some tasks, successful and failed. */
function scrapeAfterWork(url: string, minimum = 5): Promise<Exposition> {
  return eventually('the task pool to finish tasks', async () => {
    const exposition = await scrape(url);
    const done = sampleValue(exposition, 'taskpool_tasks_total', { outcome: 'success' }) ?? 0;
    return done >= minimum ? exposition : undefined;
  });
}

describe('library handler example (seed 000)', () => {
  let example: ExampleProcess | undefined;
  afterEach(async () => {
    await example?.stop();
    example = undefined;
  });

  it("mounts the library's own handler in the application's server", async () => {
    example = await startExample('library-handler/app.mjs', { env: { PORT: '0' } });
    const exposition = await scrapeAfterWork(example.url);
    expect(exposition.types.get('taskpool_tasks_total')).toBe('counter');
    expect(exposition.types.get('taskpool_task_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('taskpool_queue_depth')).toBe('gauge');
    expect(sampleValue(exposition, 'taskpool_workers_max')).toBe(3);
    const busy = sampleValue(exposition, 'taskpool_workers_busy') as number;
    expect(busy).toBeGreaterThanOrEqual(0);
    expect(busy).toBeLessThanOrEqual(3);
    // Every finished task was timed (a task still settling may be counted a moment later).
    const finished =
      (sampleValue(exposition, 'taskpool_tasks_total', { outcome: 'success' }) as number) +
      (sampleValue(exposition, 'taskpool_tasks_total', { outcome: 'error' }) as number);
    const timed = sampleValue(exposition, 'taskpool_task_duration_seconds_count') as number;
    expect(Math.abs(timed - finished)).toBeLessThanOrEqual(3);
    // The library's registry holds only the library's metrics: the application measured nothing.
    expect(exposition.samples.filter((sample) => sample.name.startsWith('http_'))).toEqual([]);
    expect(await example.stop()).toBe(0);
  });

  it("shares the application's provider with the library (--shared)", async () => {
    example = await startExample('library-handler/app.mjs', { args: ['--shared'], env: { PORT: '0' } });
    const exposition = await scrapeAfterWork(example.url);
    const created = sampleValue(exposition, 'http_requests_total', {
      method: 'POST',
      route: '/api/reports',
      status: '201',
    });
    expect(created).toBeGreaterThan(0);
    // The application's global tag is on the library's series too: one provider, one registry.
    expect(sampleValue(exposition, 'taskpool_workers_max', { app: 'report-service' })).toBe(3);
    expect(exposition.samples.every((sample) => sample.labels.app === 'report-service')).toBe(true);
    expect(await example.stop()).toBe(0);
  });

  it('serves the same metrics from the optional standalone server', async () => {
    example = await startExample('library-handler/standalone.mjs', { env: { METRICS_PORT: '0' } });
    expect(example.stdout()).toContain('standalone metrics server on http://127.0.0.1:');
    const exposition = await scrapeAfterWork(example.url, 1);
    expect(sampleValue(exposition, 'taskpool_workers_max')).toBe(2);
    expect(sampleValue(exposition, 'taskpool_tasks_total', { outcome: 'error' })).toBe(0);
    expect(await example.stop()).toBe(0);
  });

  it('stops by itself after EXAMPLE_DURATION', async () => {
    const [app, standalone] = await Promise.all([
      runExample('library-handler/app.mjs', { env: { PORT: '0', EXAMPLE_DURATION: '1s' } }),
      runExample('library-handler/standalone.mjs', { env: { METRICS_PORT: '0', EXAMPLE_DURATION: '1s' } }),
    ]);
    expect(app.code, app.stderr).toBe(0);
    expect(app.stdout).toContain('metrics: http://127.0.0.1:');
    expect(standalone.code, standalone.stderr).toBe(0);
  });

  it('has a Prometheus scrape configuration promtool accepts', async () => {
    const result = await promtool(['check', 'config', 'prometheus.yml'], {
      cwd: join(EXAMPLES_DIR, 'library-handler'),
    });
    expect(result.exitCode, result.output).toBe(0);
  });
});
