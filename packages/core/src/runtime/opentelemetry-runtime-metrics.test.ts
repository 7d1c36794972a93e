import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
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

describe("runtime metrics with naming: 'opentelemetry'", () => {
  it('uses the semantic-convention names, UCUM units and attributes, unprefixed, with real readings', async () => {
    provider = await createProvider({
      provider: 'memory',
      namespace: 'app',
      enableRuntimeMetrics: true,
      runtimeMetrics: { naming: 'opentelemetry' },
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const blockedUntil = Date.now() + 60;
    while (Date.now() < blockedUntil) {}
    await new Promise((resolve) => setTimeout(resolve, 30));
    let keep = 0;
    for (let i = 0; i < 200_000; i++) keep += new Array(16).fill(i).length;
    expect(keep).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const snapshot = await provider.registry().snapshot();

    const p99 = find(snapshot, 'nodejs.eventloop.delay.p99') as ValueMetricSnapshot;
    expect(p99.unit).toBe('s');
    // The 60 ms block shows up as at least ~50 ms of delay at the top of the distribution.
    expect(
      (find(snapshot, 'nodejs.eventloop.delay.max') as ValueMetricSnapshot).points[0]!.value,
    ).toBeGreaterThan(0.04);
    for (const stat of ['min', 'mean', 'stddev', 'p50', 'p90'])
      find(snapshot, `nodejs.eventloop.delay.${stat}`);
    const utilization = find(snapshot, 'nodejs.eventloop.utilization') as ValueMetricSnapshot;
    expect(utilization.unit).toBe('1');
    expect(utilization.points[0]!.value).toBeGreaterThan(0);
    expect(utilization.points[0]!.value).toBeLessThanOrEqual(1);
    const time = find(snapshot, 'nodejs.eventloop.time') as ValueMetricSnapshot;
    expect(time.type).toBe('counter');
    expect(time.points.map((p) => p.tags[0])).toEqual([
      { key: 'nodejs.eventloop.state', value: 'active' },
      { key: 'nodejs.eventloop.state', value: 'idle' },
    ]);
    const gc = find(snapshot, 'v8js.gc.duration') as HistogramMetricSnapshot;
    expect(gc.unit).toBe('s');
    expect(gc.points.some((p) => p.tags.some((t) => t.key === 'v8js.gc.type' && t.value === 'minor'))).toBe(
      true,
    );
    const used = find(snapshot, 'v8js.memory.heap.used') as ValueMetricSnapshot;
    expect(used.unit).toBe('By');
    const spaces = v8.getHeapSpaceStatistics().map((s) => s.space_name);
    expect(used.points.map((p) => p.tags[0]!.value).sort()).toEqual([...spaces].sort());
    expect(used.points.every((p) => p.tags[0]!.key === 'v8js.heap.space.name')).toBe(true);
    expect(used.points.reduce((sum, p) => sum + p.value, 0)).toBeGreaterThan(1_000_000);
    for (const name of [
      'v8js.memory.heap.limit',
      'v8js.memory.heap.space.available_size',
      'v8js.memory.heap.space.physical_size',
    ])
      expect(find(snapshot, name).unit).toBe('By');
    // None of prom-client's names are registered alongside.
    expect(snapshot.metrics.some((m) => m.name.startsWith('nodejs_'))).toBe(false);
  });

  it('keeps prom-client names by default and refuses a bad naming, naming the field', async () => {
    provider = await createProvider({ provider: 'memory', enableRuntimeMetrics: true, runtimeMetrics: {} });
    const snapshot = await provider.registry().snapshot();
    find(snapshot, 'nodejs_eventloop_lag_p99_seconds');
    await expect(
      createProvider({ provider: 'memory', runtimeMetrics: { naming: 'otel' as 'prometheus' } }),
    ).rejects.toThrow(/runtimeMetrics.naming.*otel/);
    await expect(createProvider({ provider: 'memory', runtimeMetrics: 'otel' as never })).rejects.toThrow(
      ConfigError,
    );
  });
});
