import { createProvider, type Provider } from '@meterkit/core';
import {
  activeTargets,
  type BackendProcess,
  eventually,
  queryScalar,
  startPrometheus,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTarget, type TargetServer } from './helpers/target-server.js';

/*
 * Semantic-convention names (dotted, with UCUM units) scraped by a real Prometheus 2.42, in text
 * 0.0.4 and in OpenMetrics: Prometheus stores them under OpenTelemetry's compatibility names
 * (`http.server.request.duration` of unit `s` → `http_server_request_duration_seconds`), label
 * keys translated likewise, and a classic name next to them is unchanged.
 */

vi.setConfig({ testTimeout: 30_000 });

let prometheus: BackendProcess;
const providers: Provider[] = [];
const targets: Record<string, TargetServer> = {};

async function instrumentedProvider(openMetrics: boolean): Promise<Provider> {
  const provider = await createProvider({ provider: 'prometheus', prometheus: { openMetrics } });
  const attributes = {
    'http.request.method': 'GET',
    'http.route': '/orders/:id',
    'http.response.status_code': '200',
  };
  const duration = provider.histogram('http.server.request.duration', {
    unit: 's',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  });
  for (const seconds of [0.004, 0.02, 0.02, 0.3]) duration.withTags(attributes).observe(seconds);
  provider.counter('http.server.requests').withTags(attributes).add(4);
  provider.gauge('process.cpu.utilization', { unit: '1' }).set(0.25);
  provider
    .gauge('v8js.memory.heap.used', { unit: 'By' })
    .withTags({ 'v8js.heap.space.name': 'new_space' })
    .set(1024);
  provider.counter('orders', { unit: 'bytes' }).add(7);
  return provider;
}

beforeAll(async () => {
  for (const [job, openMetrics] of [
    ['text', false],
    ['openmetrics', true],
  ] as const) {
    const provider = await instrumentedProvider(openMetrics);
    providers.push(provider);
    targets[job] = await startTarget(provider.handler());
  }
  const jobs = Object.entries(targets)
    .map(
      ([job, target]) =>
        `  - job_name: ${job}\n    static_configs:\n      - targets: ['${target.hostPort}']\n`,
    )
    .join('');
  prometheus = await startPrometheus(
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${jobs}`,
    'meterkit-dotted-',
  );
}, 40_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(Object.values(targets).map((target) => target.close()));
  await Promise.all(providers.map((provider) => provider.stop()));
});

describe.each(['text', 'openmetrics'])('Prometheus 2.42 scraping dotted names (%s)', (job) => {
  it('stores them under the OpenTelemetry compatibility names, labels translated', async () => {
    const base = prometheus.baseUrl;
    const labels = `job="${job}",http_request_method="GET",http_route="/orders/:id",http_response_status_code="200"`;
    const count = await eventually(`http_server_request_duration_seconds_count{job="${job}"}`, () =>
      queryScalar(base, `http_server_request_duration_seconds_count{${labels}}`),
    );
    expect(count).toBe(4);
    expect(await queryScalar(base, `http_server_request_duration_seconds_bucket{${labels},le="0.025"}`)).toBe(
      3,
    );
    expect(await queryScalar(base, `http_server_request_duration_seconds_sum{${labels}}`)).toBeCloseTo(
      0.344,
      9,
    );
    expect(await queryScalar(base, `http_server_requests_total{${labels}}`)).toBe(4);
    expect(await queryScalar(base, `process_cpu_utilization_ratio{job="${job}"}`)).toBe(0.25);
    expect(
      await queryScalar(base, `v8js_memory_heap_used_bytes{job="${job}",v8js_heap_space_name="new_space"}`),
    ).toBe(1024);
    // A classic name keeps today's exposition: no unit suffix is added to it.
    expect(await queryScalar(base, `orders_total{job="${job}"}`)).toBe(7);
    const target = (await activeTargets(base)).find((t) => t.labels.job === job);
    expect(target?.health).toBe('up');
    expect(target?.lastError).toBe('');
  });
});
