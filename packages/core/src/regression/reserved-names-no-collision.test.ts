import { describe, expect, it } from 'vitest';
import { ConfigError, DuplicateMetricError, InvalidMetricNameError, InvalidTagError } from '../errors.js';
import { createProvider } from '../provider/create-provider.js';

/*
 * Issue 14, finding 6: a user tag `meterkit_overflow` was wiped when the overflow series appeared
 * (17 recorded, 5 exported), and an application metric named `meterkit_cardinality_overflow_total`
 * was silently replaced by the built-in one. meterkit's names are now reserved at creation.
 */

describe("meterkit's own names are reserved", () => {
  it('a tag key starting with meterkit_ is an InvalidTagError, wherever tags are given', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const counter = provider.counter('jobs_total');
    expect(() => counter.withTags({ meterkit_overflow: 'x' })).toThrow(InvalidTagError);
    expect(() => provider.counter('other_total', { tags: { meterkit_overflow: 'x' } })).toThrow(
      InvalidTagError,
    );
    expect(() => provider.withTags({ meterkit_anything: 'x' })).toThrow(InvalidTagError);
    expect(() => provider.counter('third_total', { labelNames: ['meterkit_overflow'] })).toThrow(
      InvalidTagError,
    );
    await expect(createProvider({ provider: 'memory', tags: { meterkit_overflow: 'x' } })).rejects.toThrow(
      ConfigError,
    );
  });

  it('the overflow series keeps what was recorded: every fold is counted in it', async () => {
    const provider = await createProvider({ provider: 'memory', cardinalityLimit: 2, onError: () => {} });
    const counter = provider.counter('jobs_total');
    for (let i = 0; i < 17; i++) counter.withTags({ id: String(i) }).inc();
    const snapshot = await provider.registry().snapshot();
    const jobs = snapshot.metrics.find((m) => m.name === 'jobs_total')!;
    const total = jobs.points.reduce((sum, p) => sum + ('value' in p ? p.value : 0), 0);
    expect(total).toBe(17);
    const overflow = snapshot.metrics.find((m) => m.name === 'meterkit_cardinality_overflow_total')!;
    expect(overflow.points).toEqual([
      { tags: [{ key: 'metric', value: 'jobs_total' }], value: 15, startTime: expect.any(Number) },
    ]);
  });

  it('an application metric under meterkit_ is an InvalidMetricNameError, for every kind', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const name = 'meterkit_cardinality_overflow_total';
    expect(() => provider.counter(name)).toThrow(InvalidMetricNameError);
    expect(() => provider.gauge(name)).toThrow(InvalidMetricNameError);
    expect(() => provider.histogram('meterkit_x')).toThrow(InvalidMetricNameError);
    expect(() => provider.summary('meterkit_x')).toThrow(InvalidMetricNameError);
    expect(() => provider.timer('meterkit_x')).toThrow(InvalidMetricNameError);
    expect(() => provider.info('meterkit_build')).toThrow(InvalidMetricNameError);
    expect(() => provider.registry().registerCallback(name, () => 1)).toThrow(InvalidMetricNameError);
    expect(() => provider.counter(name)).toThrow(/reserved for meterkit's own metrics/);
  });

  it('a namespace keeps application names apart: app_meterkit_x is allowed', async () => {
    const provider = await createProvider({ provider: 'memory', namespace: 'app' });
    provider.counter('meterkit_cardinality_overflow_total').inc();
    const names = (await provider.registry().snapshot()).metrics.map((m) => m.name);
    expect(names).toEqual(['app_meterkit_cardinality_overflow_total']);
  });

  it('a namespace or subsystem that would put every metric under meterkit_ is a ConfigError', async () => {
    await expect(createProvider({ provider: 'memory', namespace: 'meterkit' })).rejects.toThrow(ConfigError);
    await expect(createProvider({ provider: 'memory', subsystem: 'meterkit' })).rejects.toThrow(ConfigError);
    await expect(createProvider({ provider: 'memory', namespace: 'meterkitapp' })).resolves.toBeDefined();
  });

  it("the runtime and system metrics' names are closed to the application", async () => {
    const provider = await createProvider({
      provider: 'memory',
      enableRuntimeMetrics: true,
      enableSystemMetrics: true,
    });
    try {
      // Same type: it would have shared the built-in histogram silently.
      expect(() => provider.histogram('nodejs_gc_duration_seconds')).toThrow(DuplicateMetricError);
      expect(() => provider.gauge('process_resident_memory_bytes')).toThrow(DuplicateMetricError);
      expect(() => provider.registry().registerCallback('process_cpu_seconds_total', () => 1)).toThrow(
        DuplicateMetricError,
      );
    } finally {
      await provider.stop();
    }
  });
});
