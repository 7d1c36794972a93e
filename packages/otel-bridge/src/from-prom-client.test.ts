import {
  createProvider,
  type HistogramMetricSnapshot,
  type Provider,
  type SummaryMetricSnapshot,
  type ValueMetricSnapshot,
} from '@meterkit/core';
import promClient from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { fromPromClient } from './from-prom-client.js';

let provider: Provider;
let errors: Error[];

async function setup(config: { namespace?: string; tags?: Record<string, string> } = {}) {
  errors = [];
  provider = await createProvider({ provider: 'memory', ...config, onError: (e) => errors.push(e) });
  return new promClient.Registry();
}

afterEach(() => provider.stop());

const find = async <T>(name: string) =>
  (await provider.registry().snapshot()).metrics.find((m) => m.name === name) as T | undefined;

describe('fromPromClient', () => {
  it('reads counters and gauges at each collection, with help, labels and global tags', async () => {
    const registry = await setup({ tags: { region: 'eu' } });
    const counter = new promClient.Counter({
      name: 'legacy_jobs_total',
      help: 'Jobs done',
      labelNames: ['code'],
      registers: [registry],
    });
    new promClient.Gauge({
      name: 'legacy_temperature',
      help: 'Temp',
      registers: [registry],
      collect() {
        this.set(21.5);
      },
    });
    fromPromClient(registry, provider);
    counter.inc({ code: 200 }, 2);
    expect(await find('legacy_jobs_total')).toMatchObject({
      type: 'counter',
      description: 'Jobs done',
      points: [
        {
          tags: [
            { key: 'code', value: '200' },
            { key: 'region', value: 'eu' },
          ],
          value: 2,
        },
      ],
    });
    counter.inc({ code: 200 });
    expect((await find<ValueMetricSnapshot>('legacy_jobs_total'))?.points[0]?.value).toBe(3);
    expect(await find('legacy_temperature')).toMatchObject({ type: 'gauge', points: [{ value: 21.5 }] });
  });

  it('turns histograms into cumulative le-buckets with sum and count', async () => {
    const registry = await setup();
    const histogram = new promClient.Histogram({
      name: 'legacy_seconds',
      help: 'h',
      labelNames: ['route'],
      buckets: [0.1, 1],
      registers: [registry],
    });
    for (const v of [0.05, 0.5, 3]) histogram.observe({ route: '/a' }, v);
    fromPromClient(registry, provider);
    const found = await find<HistogramMetricSnapshot>('legacy_seconds');
    expect(found?.type).toBe('histogram');
    expect(found?.points).toEqual([
      {
        tags: [{ key: 'route', value: '/a' }],
        count: 3,
        sum: 3.55,
        min: undefined,
        max: undefined,
        buckets: [
          { upperBound: 0.1, count: 1 },
          { upperBound: 1, count: 2 },
          { upperBound: Number.POSITIVE_INFINITY, count: 3 },
        ],
      },
    ]);
  });

  it('turns summaries into quantiles with sum and count', async () => {
    const registry = await setup();
    const summary = new promClient.Summary({
      name: 'legacy_size',
      help: 's',
      percentiles: [0.5, 0.9],
      registers: [registry],
    });
    for (let v = 1; v <= 10; v++) summary.observe(v);
    fromPromClient(registry, provider);
    const point = (await find<SummaryMetricSnapshot>('legacy_size'))?.points[0];
    expect(point).toMatchObject({ tags: [], count: 10, sum: 55 });
    // prom-client's own estimates, read back from its registry.
    const own = (await registry.getSingleMetric('legacy_size')?.get())?.values ?? [];
    expect(point?.quantiles).toEqual([
      { quantile: 0.5, value: own.find((v) => v.labels.quantile === 0.5)?.value },
      { quantile: 0.9, value: own.find((v) => v.labels.quantile === 0.9)?.value },
    ]);
  });

  it('throws a DuplicateMetricError naming both when a name is already a meterkit metric', async () => {
    const registry = await setup();
    provider.gauge('queue_depth');
    new promClient.Gauge({ name: 'queue_depth', help: 'q', registers: [registry] });
    expect(() => fromPromClient(registry, provider)).toThrow(
      `Metric "queue_depth" is already registered: the prom-client Registry's metric "queue_depth" clashes with meterkit's gauge "queue_depth"`,
    );
  });

  it('reports a clash that appears later, skipping that family only', async () => {
    const registry = await setup();
    fromPromClient(registry, provider);
    provider.counter('late_total').inc();
    new promClient.Counter({ name: 'late_total', help: 'l', registers: [registry] }).inc(5);
    new promClient.Counter({ name: 'fine_total', help: 'f', registers: [registry] }).inc(1);
    const snapshot = await provider.registry().snapshot();
    expect(snapshot.metrics.map((m) => [m.name, (m as ValueMetricSnapshot).points[0]?.value])).toEqual([
      ['late_total', 1],
      ['fine_total', 1],
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      `Metric "late_total" is already registered: prom-client Registry's counter "late_total" clashes with meterkit's counter "late_total"; it was skipped`,
    ]);
  });

  it('stops reading the registry once removed, and refuses what is not a registry', async () => {
    const registry = await setup();
    new promClient.Counter({ name: 'gone_total', help: 'g', registers: [registry] }).inc();
    const remove = fromPromClient(registry, provider);
    expect(await find('gone_total')).toBeDefined();
    remove();
    expect(await find('gone_total')).toBeUndefined();
    expect(() => fromPromClient({} as never, provider)).toThrow(TypeError);
  });
});
