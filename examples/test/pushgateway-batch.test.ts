// Seed 004: a batch job pushing to a real Pushgateway on an interval, and a real Prometheus
// scraping the gateway with the example's own prometheus.yml.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BackendProcess,
  eventually,
  freePort,
  promtool,
  startBackend,
  startPrometheus,
  tempDir,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, runExample } from './support/example-process.js';
import { parseExposition, sampleValue } from './support/exposition.js';
import { query } from './support/prometheus.js';

const DIR = join(EXAMPLES_DIR, 'pushgateway-batch');
const GROUP = { job: 'example_metrics_pusher', instance: 'example-app' };

interface JobSummary {
  requests: number;
  active_connections: number;
  temperature_celsius: number;
  request_duration_count: number;
  jobs: Record<string, number>;
}

describe('Pushgateway batch job example (seed 004)', () => {
  let gateway: BackendProcess;
  let prometheus: BackendProcess | undefined;

  beforeAll(async () => {
    const port = await freePort();
    gateway = await startBackend(
      'prometheus-pushgateway',
      [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='],
      { baseUrl: `http://127.0.0.1:${port}`, dataDir: await tempDir('meterkit-examples-pushgateway-') },
    );
  });
  afterAll(async () => {
    await prometheus?.stop();
    await gateway?.stop();
  });

  /** The gateway's own /metrics, as Prometheus scrapes it. */
  async function gatewayExposition() {
    return parseExposition(await (await fetch(`${gateway.baseUrl}/metrics`)).text());
  }

  it('pushes on its interval while running, and its final values when it ends', async () => {
    const run = runExample('pushgateway-batch/job.mjs', {
      env: { PUSHGATEWAY_URL: gateway.baseUrl, PUSH_INTERVAL: '300ms', JOB_DURATION: '3s' },
      timeoutMs: 30_000,
    });
    // Periodic pushes: the group appears, then grows, while the job is still working.
    const early = await eventually('a first push', async () =>
      sampleValue(await gatewayExposition(), 'app_requests_total', GROUP),
    );
    const later = await eventually('a later push', async () => {
      const value = sampleValue(await gatewayExposition(), 'app_requests_total', GROUP);
      return value !== undefined && value > early ? value : undefined;
    });
    expect(later).toBeGreaterThan(early);

    const { code, stdout, stderr } = await run;
    expect(code, stderr).toBe(0);
    expect(stderr).toBe('');
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) as string) as JobSummary;
    expect(summary.requests).toBeGreaterThanOrEqual(later);

    // The final push holds exactly what the job counted last.
    const final = await gatewayExposition();
    expect(final.types.get('app_requests_total')).toBe('counter');
    expect(final.types.get('app_request_duration_seconds')).toBe('histogram');
    expect(final.types.get('app_temperature_celsius')).toBe('gauge');
    expect(sampleValue(final, 'app_requests_total', GROUP)).toBe(summary.requests);
    expect(sampleValue(final, 'app_active_connections', GROUP)).toBe(summary.active_connections);
    expect(sampleValue(final, 'app_temperature_celsius', GROUP)).toBe(summary.temperature_celsius);
    expect(sampleValue(final, 'app_request_duration_seconds_count', GROUP)).toBe(
      summary.request_duration_count,
    );
    for (const [key, count] of Object.entries(summary.jobs)) {
      const [jobType, status] = key.split('/') as [string, string];
      const pushed =
        sampleValue(final, 'app_jobs_processed_total', { ...GROUP, job_type: jobType, status }) ?? 0;
      expect(pushed, key).toBe(count);
    }
    expect(sampleValue(final, 'app_last_success_timestamp_seconds', GROUP)).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });

  it("is scraped by Prometheus with the example's prometheus.yml, keeping the pushed job label", async () => {
    const config = await readFile(join(DIR, 'prometheus.yml'), 'utf8');
    expect(config).toContain('127.0.0.1:9091');
    const gatewayHost = new URL(gateway.baseUrl).host;
    prometheus = await startPrometheus(
      config.replace('127.0.0.1:9091', gatewayHost).replace(/scrape_interval: 15s/g, 'scrape_interval: 1s'),
      'meterkit-examples-prometheus-',
    );
    const pushed = sampleValue(await gatewayExposition(), 'app_requests_total', GROUP);
    expect(pushed).toBeGreaterThan(0);
    const series = await eventually(
      'app_requests_total in Prometheus',
      async () => {
        const result = await query(prometheus?.baseUrl as string, 'app_requests_total');
        return result.length > 0 ? result : undefined;
      },
      30_000,
      500,
    );
    // honor_labels: the job's own labels, not the scrape job's name and the gateway's address.
    expect(series).toHaveLength(1);
    expect(series[0]?.metric).toMatchObject({ ...GROUP, __name__: 'app_requests_total' });
    expect(series[0]?.value).toBe(pushed);
    const p95 = await query(
      prometheus.baseUrl,
      'histogram_quantile(0.95, sum by (le) (app_request_duration_seconds_bucket))',
    );
    expect(p95[0]?.value).toBeGreaterThan(0);
    expect(p95[0]?.value).toBeLessThanOrEqual(1);
  });

  it('has a Prometheus configuration promtool accepts', async () => {
    const result = await promtool(['check', 'config', 'prometheus.yml'], { cwd: DIR });
    expect(result.exitCode, result.output).toBe(0);
  });
});
