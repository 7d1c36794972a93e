// Seed 002: the Config-driven provider, HTTP middleware, timers three ways, a callback gauge; the
// same code switched to other backends by METERKIT_* variables.

import { eventually } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleProcess, runExample, startExample } from './support/example-process.js';
import { type Exposition, samplesOf, sampleValue, scrape } from './support/exposition.js';

const SCRIPT = 'config-driven/server.mjs';

function scrapeWhenBusy(url: string): Promise<Exposition> {
  return eventually('every route to have been called', async () => {
    const exposition = await scrape(url);
    const routes = new Set(
      samplesOf(exposition, 'myapp_api_http_requests_total').map((sample) => sample.labels.route),
    );
    const paid = sampleValue(exposition, 'myapp_api_orders_total', { payment: 'card' }) ?? 0;
    return routes.size >= 4 && paid >= 3 ? exposition : undefined;
  });
}

describe('config-driven example (seed 002)', () => {
  let example: ExampleProcess | undefined;
  afterEach(async () => {
    await example?.stop();
    example = undefined;
  });

  it('builds the provider from Config: namespace, subsystem, global tags, runtime metrics', async () => {
    example = await startExample(SCRIPT, { env: { PORT: '0' } });
    const exposition = await scrapeWhenBusy(example.url);
    const own = exposition.samples.filter((sample) => sample.name.startsWith('myapp_api_'));
    expect(own.length).toBeGreaterThan(20);
    expect(own.every((sample) => sample.labels.env === 'dev')).toBe(true);
    // enableRuntimeMetrics: prom-client's names, outside the namespace.
    expect(exposition.types.get('nodejs_eventloop_lag_mean_seconds')).toBe('gauge');
    expect(sampleValue(exposition, 'nodejs_heap_size_used_bytes', { env: 'dev' })).toBeGreaterThan(0);
    // Tags: a provider view adds service and version to what it creates.
    expect(
      sampleValue(exposition, 'myapp_api_orders_total', { payment: 'card', service: 'api', version: '1.0' }),
    ).toBeGreaterThan(0);
    const buckets = samplesOf(exposition, 'myapp_api_request_latency_seconds_bucket', {
      method: 'GET',
      path: '/',
      status: '200',
    }).map((sample) => sample.labels.le);
    expect(buckets).toEqual(['0.001', '0.01', '0.1', '0.5', '1', '2', '5', '+Inf']);
    expect(await example.stop()).toBe(0);
  });

  it('measures every request with the middleware, by route template and status', async () => {
    example = await startExample(SCRIPT, { env: { PORT: '0' } });
    const exposition = await scrapeWhenBusy(example.url);
    const requests = (labels: Record<string, string>) =>
      sampleValue(exposition, 'myapp_api_http_requests_total', labels) ?? 0;
    expect(requests({ method: 'GET', route: '/users/:id', status: '200' })).toBeGreaterThan(0);
    expect(requests({ method: 'POST', route: '/orders', status: '201' })).toBeGreaterThan(0);
    expect(requests({ method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThan(0);
    // Raw paths never become label values, and the scrape itself is not measured.
    const routes = samplesOf(exposition, 'myapp_api_http_requests_total').map(
      (sample) => sample.labels.route,
    );
    expect(routes.filter((route) => /\d/.test(route ?? '') || route === '/metrics')).toEqual([]);
    expect(exposition.types.get('myapp_api_http_request_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('myapp_api_http_requests_in_flight')).toBe('gauge');
    expect(await example.stop()).toBe(0);
  });

  it('records timers three ways and reads a callback gauge at scrape time', async () => {
    example = await startExample(SCRIPT, { env: { PORT: '0' } });
    const exposition = await scrapeWhenBusy(example.url);
    const count = (name: string, labels = {}) =>
      sampleValue(exposition, `myapp_api_${name}_seconds_count`, labels);
    expect(count('db_query_duration', { query: 'select_user' })).toBeGreaterThan(0); // record()
    expect(count('payment_duration')).toBeGreaterThan(0); // time(fn), declined payments included
    expect(count('render_duration')).toBeGreaterThan(0); // newStopwatch()
    expect(exposition.types.get('myapp_api_payment_duration_seconds')).toBe('histogram');
    // The payment timer saw every order attempt: paid ones and declined ones.
    const attempts = samplesOf(exposition, 'myapp_api_http_requests_total', { route: '/orders' }).reduce(
      (sum, sample) => sum + sample.value,
      0,
    );
    expect(count('payment_duration')).toBeGreaterThanOrEqual(attempts);
    // At least the scrape's own connection is open while the callback runs.
    expect(sampleValue(exposition, 'myapp_api_active_connections')).toBeGreaterThanOrEqual(1);
    expect(await example.stop()).toBe(0);
  });

  it('serves the metrics on a separate port when METRICS_PORT is set', async () => {
    example = await startExample(SCRIPT, { env: { PORT: '0', METRICS_PORT: '0' } });
    const metricsUrl = await eventually(
      'the metrics URL',
      async () => /metrics: (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(example?.stdout() ?? '')?.[1],
    );
    expect(metricsUrl).not.toBe(example.url);
    const exposition = await eventually('requests on the separate server', async () => {
      const scraped = await scrape(metricsUrl);
      return samplesOf(scraped, 'myapp_api_http_requests_total').length > 0 ? scraped : undefined;
    });
    expect(exposition.types.get('myapp_api_logins_total')).toBe('counter');
    expect(await example.stop()).toBe(0);
  });

  it('switches to JSON log lines with METERKIT_PROVIDER=logger, no code change', async () => {
    const run = await runExample(SCRIPT, {
      env: {
        PORT: '0',
        EXAMPLE_DURATION: '1500ms',
        METERKIT_PROVIDER: 'logger',
        METERKIT_LOGGER_FORMAT: 'json',
      },
    });
    expect(run.code, run.stderr).toBe(0);
    const records = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as { metric: string; type: string; tags: Record<string, string>; value?: number },
      );
    const orders = records.filter(
      (r) => r.metric === 'myapp_api_http_requests_total' && r.tags.route === '/orders',
    );
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((r) => r.type === 'counter' && r.tags.env === 'dev')).toBe(true);
    expect(records.some((r) => r.metric === 'myapp_api_payment_duration' && r.type === 'timer')).toBe(true);
  });

  it('turns metrics off with METERKIT_ENABLED=false while the application keeps serving', async () => {
    example = await startExample(SCRIPT, { env: { PORT: '0', METERKIT_ENABLED: 'false' } });
    expect(example.stdout()).toContain('enabled: false');
    expect((await fetch(`${example.url}/`)).status).toBe(200);
    expect((await fetch(`${example.url}/metrics`)).status).toBe(404);
    expect(await example.stop()).toBe(0);
  });
});
