import { afterEach, describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import type { HistogramMetricSnapshot, MetricSnapshot, Snapshot, ValueMetricSnapshot } from '../snapshot.js';
import type { Provider } from '../types.js';

let provider: Provider | undefined;
afterEach(async () => {
  await provider?.stop();
  provider = undefined;
});

const find = (snapshot: Snapshot, name: string): MetricSnapshot => {
  const metric = snapshot.metrics.find((m) => m.name === name);
  if (!metric) throw new Error(`${name} missing; have ${snapshot.metrics.map((m) => m.name).join(', ')}`);
  return metric;
};
const value = (snapshot: Snapshot, name: string) =>
  (find(snapshot, name) as ValueMetricSnapshot).points[0]!.value;

describe('runtime and system metrics', () => {
  it("are exported under prom-client's names, unprefixed, with real readings", async () => {
    provider = await createProvider({
      provider: 'memory',
      namespace: 'app',
      enableRuntimeMetrics: true,
      enableSystemMetrics: true,
    });
    // Block the event loop for 60 ms so the delay monitor has something to report.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const blockedUntil = Date.now() + 60;
    while (Date.now() < blockedUntil) {}
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Allocate enough short-lived garbage for at least one scavenge.
    let keep = 0;
    for (let i = 0; i < 200_000; i++) keep += new Array(16).fill(i).length;
    expect(keep).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const snapshot = await provider.registry().snapshot();

    expect(find(snapshot, 'process_cpu_user_seconds_total').type).toBe('counter');
    expect(value(snapshot, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(snapshot, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(
      value(snapshot, 'process_cpu_user_seconds_total'),
    );
    expect(value(snapshot, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(
      Math.abs(value(snapshot, 'process_start_time_seconds') - (Date.now() / 1000 - process.uptime())),
    ).toBeLessThan(2);
    expect(value(snapshot, 'process_open_fds')).toBeGreaterThan(2);
    expect(value(snapshot, 'process_open_fds')).toBeLessThan(value(snapshot, 'process_max_fds'));
    expect(value(snapshot, 'node_memory_total_bytes')).toBeGreaterThan(
      value(snapshot, 'node_memory_free_bytes'),
    );

    expect(value(snapshot, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1024 * 1024);
    expect(value(snapshot, 'nodejs_heap_size_total_bytes')).toBeGreaterThanOrEqual(
      value(snapshot, 'nodejs_heap_size_used_bytes'),
    );
    expect(value(snapshot, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.04);
    expect(value(snapshot, 'nodejs_eventloop_lag_p50_seconds')).toBeGreaterThan(0);
    const utilization = value(snapshot, 'nodejs_eventloop_utilization_ratio');
    expect(utilization).toBeGreaterThan(0);
    expect(utilization).toBeLessThanOrEqual(1);
    expect(value(snapshot, 'nodejs_active_resources_total')).toBeGreaterThan(0);
    const spaces = (find(snapshot, 'nodejs_heap_space_size_used_bytes') as ValueMetricSnapshot).points;
    expect(spaces.map((p) => p.tags.find((t) => t.key === 'space')?.value)).toContain('new');

    const version = find(snapshot, 'nodejs_version_info') as ValueMetricSnapshot;
    expect(version.type).toBe('info');
    expect(version.points[0]!.tags).toContainEqual({ key: 'version', value: process.version });

    const gc = find(snapshot, 'nodejs_gc_duration_seconds') as HistogramMetricSnapshot;
    const gcCount = gc.points.reduce((sum, p) => sum + p.count, 0);
    expect(gcCount).toBeGreaterThan(0);
    expect(gc.points.map((p) => p.tags[0]?.value)).toContain('minor');
    expect(snapshot.metrics.some((m) => m.name.startsWith('app_'))).toBe(false);
  });

  it('are absent unless enabled', async () => {
    provider = await createProvider({ provider: 'memory' });
    expect((await provider.registry().snapshot()).metrics).toEqual([]);
  });
});
