// Seed 001: the circuit breaker example, its alert rules and its Grafana dashboard, checked against
// the running example, promtool and a real Prometheus.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendProcess, eventually, promtool, startPrometheus } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, type ExampleProcess, runExample, startExample } from './support/example-process.js';
import { sampleValue, scrape } from './support/exposition.js';
import {
  type Dashboard,
  dashboardProblems,
  metricNamesIn,
  resolveVariables,
} from './support/grafana-dashboard.js';
import { alerts, query, rules } from './support/prometheus.js';

const DIR = join(EXAMPLES_DIR, 'circuit-breaker');
const GAUGES = [
  'circuit_breaker_state',
  'circuit_breaker_consecutive_successes',
  'circuit_breaker_consecutive_failures',
  'circuit_breaker_failure_rate',
  'circuit_breaker_success_rate',
];
const COUNTERS = [
  'circuit_breaker_requests_total',
  'circuit_breaker_successes_total',
  'circuit_breaker_failures_total',
  'circuit_breaker_rejections_total',
  'circuit_breaker_state_changes_total',
];

async function readDashboard(): Promise<Dashboard> {
  return JSON.parse(await readFile(join(DIR, 'grafana-dashboard.json'), 'utf8')) as Dashboard;
}

describe('circuit breaker example (seed 001)', () => {
  let example: ExampleProcess;
  let prometheus: BackendProcess | undefined;

  beforeAll(async () => {
    example = await startExample('circuit-breaker/main.mjs', { env: { PORT: '0' } });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await example?.stop();
  });

  it('exports every breaker statistic through callback metrics, per breaker name', async () => {
    const exposition = await eventually('both breakers to have handled calls', async () => {
      const scraped = await scrape(example.url);
      const handled = sampleValue(scraped, 'circuit_breaker_requests_total', { name: 'payments' }) ?? 0;
      return handled >= 10 ? scraped : undefined;
    });
    for (const name of GAUGES) expect(exposition.types.get(name), name).toBe('gauge');
    for (const name of COUNTERS) expect(exposition.types.get(name), name).toBe('counter');
    expect(exposition.types.get('circuit_breaker_request_duration_seconds')).toBe('histogram');
    for (const breaker of ['api-client', 'payments']) {
      const labels = { name: breaker, service: 'checkout' };
      const value = (metric: string) => sampleValue(exposition, metric, labels) as number;
      for (const metric of [...GAUGES, ...COUNTERS])
        expect(value(metric), `${metric} ${breaker}`).toBeTypeOf('number');
      expect(value('circuit_breaker_failure_rate') + value('circuit_breaker_success_rate')).toBeCloseTo(1, 9);
      // Each request ends as a success, a failure or a rejection; the rest are still in flight.
      const settled =
        value('circuit_breaker_successes_total') +
        value('circuit_breaker_failures_total') +
        value('circuit_breaker_rejections_total');
      expect(value('circuit_breaker_requests_total') - settled).toBeGreaterThanOrEqual(0);
      expect(value('circuit_breaker_requests_total') - settled).toBeLessThanOrEqual(4);
    }
  });

  it('opens the api-client breaker when the API fails, and only that one', async () => {
    const response = await fetch(`${example.url}/chaos?failure_rate=1`, { method: 'POST' });
    expect(response.status).toBe(200);
    const exposition = await eventually('api-client to open', async () => {
      const scraped = await scrape(example.url);
      return sampleValue(scraped, 'circuit_breaker_state', { name: 'api-client' }) === 1
        ? scraped
        : undefined;
    });
    expect(
      sampleValue(exposition, 'circuit_breaker_consecutive_failures', { name: 'api-client' }),
    ).toBeGreaterThanOrEqual(5);
    expect(
      sampleValue(exposition, 'circuit_breaker_state_changes_total', { name: 'api-client' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleValue(exposition, 'circuit_breaker_state', { name: 'payments' })).toBe(0);
    expect(example.stdout()).toContain('api-client: closed -> open');
    const rejectedLater = await eventually('calls to be refused while open', async () => {
      const rejected = sampleValue(await scrape(example.url), 'circuit_breaker_rejections_total', {
        name: 'api-client',
      });
      return rejected !== undefined && rejected > 0 ? rejected : undefined;
    });
    expect(rejectedLater).toBeGreaterThan(0);
  });

  it('has alert rules that promtool checks and whose unit tests pass', async () => {
    const check = await promtool(['check', 'rules', 'alerts.yml'], { cwd: DIR });
    expect(check.output).toContain('SUCCESS: 5 rules found');
    expect(check.exitCode).toBe(0);
    const test = await promtool(['test', 'rules', 'alerts.test.yml'], { cwd: DIR });
    expect(test.output).toContain('SUCCESS');
    expect(test.exitCode).toBe(0);
    const config = await promtool(['check', 'config', 'prometheus.yml'], { cwd: DIR });
    expect(config.exitCode, config.output).toBe(0);
  });

  it('has a well-formed Grafana dashboard that reads only metrics the example exports', async () => {
    const dashboard = await readDashboard();
    expect(dashboardProblems(dashboard)).toEqual([]);
    const exported = new Set((await scrape(example.url)).samples.map((sample) => sample.name));
    const used = dashboard.panels.flatMap((panel) =>
      panel.targets.flatMap((target) => metricNamesIn(target.expr)),
    );
    expect(used.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
    // The seed's four panels are there.
    const titles = dashboard.panels.map((panel) => panel.title);
    for (const title of ['Circuit Breaker State', 'Failure Rate', 'Requests/sec', 'State Changes']) {
      expect(titles).toContain(title);
    }
  });

  it('works in a real Prometheus: rules load, every dashboard query has data, the alerts go pending', async () => {
    await fetch(`${example.url}/chaos?failure_rate=1`, { method: 'POST' });
    const target = new URL(example.url).host;
    prometheus = await startPrometheus(
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [alerts.yml]',
        'scrape_configs:',
        '  - job_name: circuit-breaker-example',
        `    static_configs: [{ targets: ["${target}"] }]`,
      ].join('\n'),
      'meterkit-examples-prometheus-',
      { files: { 'alerts.yml': await readFile(join(DIR, 'alerts.yml'), 'utf8') } },
    );
    const baseUrl = prometheus.baseUrl;

    const dashboard = await readDashboard();
    const variables = { breaker: '.*', __rate_interval: '5s', __range: '1m' };
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const resolved = resolveVariables(expr, variables);
        const result = await eventually(
          `data for "${panel.title}": ${resolved}`,
          async () => {
            const series = await query(baseUrl, resolved);
            return series.some((s) => Number.isFinite(s.value)) ? series : undefined;
          },
          30_000,
          500,
        );
        expect(result.length, resolved).toBeGreaterThan(0);
      }
    }

    const pending = await eventually(
      'CircuitBreakerOpen and the failure-rate alert on api-client',
      async () => {
        const active = (await alerts(baseUrl)).filter((alert) => alert.labels.name === 'api-client');
        const names = active.map((alert) => alert.labels.alertname).sort();
        return names.includes('CircuitBreakerOpen') && names.includes('CircuitBreakerHighFailureRate')
          ? active
          : undefined;
      },
      30_000,
      500,
    );
    // `for: 1m` and `for: 2m`: pending now, firing only after that long.
    for (const alert of pending) expect(alert.state).toBe('pending');
    expect(pending.find((a) => a.labels.alertname === 'CircuitBreakerOpen')?.annotations.summary).toBe(
      'Circuit breaker api-client is OPEN',
    );
    const loaded = await rules(baseUrl);
    expect(loaded).toHaveLength(5);
    expect(loaded.filter((rule) => rule.health !== 'ok')).toEqual([]);
    expect((await alerts(baseUrl)).filter((alert) => alert.labels.name === 'payments')).toEqual([]);
  });

  it('stops by itself after EXAMPLE_DURATION', async () => {
    const run = await runExample('circuit-breaker/main.mjs', { env: { PORT: '0', EXAMPLE_DURATION: '1s' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('metrics: http://127.0.0.1:');
  });
});
