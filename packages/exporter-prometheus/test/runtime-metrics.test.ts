import { createProvider, type Provider } from '@meterkit/core';
import {
  type BackendProcess,
  eventually,
  queryScalar,
  queryVector,
  startPrometheus,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTarget, type TargetServer } from './helpers/target-server.js';

/*
 * Issue 7: a real Prometheus 2.42 scraping a provider with runtime and system metrics sees
 * prom-client's families, so the public Node.js dashboards work, with sane values.
 */

vi.setConfig({ testTimeout: 30_000 });

let prometheus: BackendProcess;
let provider: Provider;
let target: TargetServer;
let busy: NodeJS.Timeout | undefined;

beforeAll(async () => {
  provider = await createProvider({
    provider: 'prometheus',
    namespace: 'app',
    enableRuntimeMetrics: true,
    enableSystemMetrics: true,
  });
  target = await startTarget(provider.handler());
  // Burn a little CPU between scrapes so process_cpu_seconds_total visibly grows.
  busy = setInterval(() => {
    const until = Date.now() + 20;
    while (Date.now() < until) {}
  }, 100);
  busy.unref();
  prometheus = await startPrometheus(
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: ['${target.hostPort}']\n`,
    'meterkit-runtime-',
  );
}, 30_000);

afterAll(async () => {
  if (busy) clearInterval(busy);
  await prometheus?.stop();
  await target?.close();
  await provider?.stop();
});

describe('runtime and system metrics scraped by a real Prometheus', () => {
  it("exposes prom-client's families under their own names with sane values", async () => {
    const base = prometheus.baseUrl;
    const heapUsed = await eventually('nodejs_heap_size_used_bytes', () =>
      queryScalar(base, 'nodejs_heap_size_used_bytes{job="node"}'),
    );
    expect(heapUsed).toBeGreaterThan(1024 * 1024);
    expect(await queryScalar(base, 'process_resident_memory_bytes{job="node"}')).toBeGreaterThan(heapUsed);
    expect(await queryScalar(base, 'process_open_fds{job="node"}')).toBeGreaterThan(0);
    expect(await queryScalar(base, 'process_max_fds{job="node"}')).toBeGreaterThan(0);
    const startTime = await queryScalar(base, 'process_start_time_seconds{job="node"}');
    expect(Math.abs(startTime! - (Date.now() / 1000 - process.uptime()))).toBeLessThan(5);
    const lagP99 = await queryScalar(base, 'nodejs_eventloop_lag_p99_seconds{job="node"}');
    expect(lagP99).toBeGreaterThanOrEqual(0);
    const version = await queryVector(base, 'nodejs_version_info{job="node"}');
    expect(version[0]?.metric.version).toBe(process.version);
    expect(await queryScalar(base, 'sum(nodejs_heap_space_size_used_bytes{job="node"})')).toBeGreaterThan(0);
    // The GC histogram keeps its suffixes: serving scrapes allocates enough for scavenges to show.
    const gcCount = await eventually('a garbage collection', async () => {
      const count = await queryScalar(base, 'sum(nodejs_gc_duration_seconds_count{job="node"})');
      return count !== undefined && count > 0 ? count : undefined;
    });
    const infBucket = await queryScalar(base, 'sum(nodejs_gc_duration_seconds_bucket{job="node",le="+Inf"})');
    expect(infBucket).toBeGreaterThanOrEqual(gcCount);
    // Never prefixed by the namespace: the dashboards query these exact names.
    expect(await queryVector(base, '{__name__=~"app_process_.*|app_nodejs_.*"}')).toEqual([]);
  });

  it('sees CPU seconds increase between scrapes', async () => {
    const base = prometheus.baseUrl;
    const increase = await eventually('two CPU samples that differ', async () => {
      const value = await queryScalar(base, 'increase(process_cpu_seconds_total{job="node"}[10s])');
      return value !== undefined && value > 0 ? value : undefined;
    });
    expect(increase).toBeGreaterThan(0);
    expect(await queryScalar(base, 'process_cpu_user_seconds_total{job="node"}')).toBeGreaterThan(0);
  });
});
