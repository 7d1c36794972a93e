import { describe, expect, it } from 'vitest';
import type { MetricSnapshot, ValueMetricSnapshot } from '../snapshot.js';
import { normalizeTags } from '../tags.js';
import { ManualClock } from '../testing/manual-clock.js';
import { createMetricStore } from './create-metric-store.js';
import { MemoryRegistry } from './memory-registry.js';

function setup() {
  const errors: Array<[string, Error]> = [];
  const store = createMetricStore({
    globalTags: normalizeTags({ env: 'prod' }),
    clock: new ManualClock(),
    callbackTimeoutMs: 50,
    onError: (error, source) => errors.push([source, error]),
  });
  return { registry: new MemoryRegistry(store), errors };
}

const external = (name: string, value: number): MetricSnapshot => ({
  name,
  type: 'counter',
  description: 'from elsewhere',
  unit: '',
  startTime: 5,
  points: [{ tags: normalizeTags({ job: 'x' }), value }],
});

describe('Registry.registerCollector', () => {
  it('adds the collected metrics to every snapshot, with the global tags, until removed', async () => {
    const { registry } = setup();
    registry.counter('own_total').add(2);
    let reads = 0;
    const remove = registry.registerCollector({
      name: 'test source',
      collect: () => [external('ext_total', ++reads * 10)],
    });
    const first = await registry.snapshot();
    expect(first.metrics.map((m) => m.name)).toEqual(['own_total', 'ext_total']);
    const ext = first.metrics[1] as ValueMetricSnapshot;
    expect(ext.points).toEqual([{ tags: normalizeTags({ env: 'prod', job: 'x' }), value: 10 }]);
    expect(((await registry.snapshot()).metrics[1] as ValueMetricSnapshot).points[0]?.value).toBe(20);
    remove();
    expect((await registry.snapshot()).metrics.map((m) => m.name)).toEqual(['own_total']);
  });

  it('skips a clashing metric with an error naming both, and keeps the rest', async () => {
    const { registry, errors } = setup();
    registry.gauge('queue_depth').set(1);
    registry.registerCollector({
      name: 'prom-client Registry',
      collect: () => [external('queue_depth', 1), external('fine_total', 3)],
    });
    registry.registerCollector({ name: 'second source', collect: () => [external('fine_total', 4)] });
    const snapshot = await registry.snapshot();
    expect(snapshot.metrics.map((m) => m.name)).toEqual(['queue_depth', 'fine_total']);
    expect((snapshot.metrics[1] as ValueMetricSnapshot).points[0]?.value).toBe(3);
    const messages = errors.map(([, error]) => error.message);
    expect(messages).toEqual([
      `Metric "queue_depth" is already registered: prom-client Registry's counter "queue_depth" clashes with meterkit's gauge "queue_depth"; it was skipped`,
      `Metric "fine_total" is already registered: second source's counter "fine_total" clashes with prom-client Registry's counter "fine_total"; it was skipped`,
    ]);
    expect(
      errors.every(([, error]) => (error as { code?: string }).code === 'METERKIT_DUPLICATE_METRIC'),
    ).toBe(true);
  });

  it('reports a collector that throws, rejects or hangs, and still produces the snapshot', async () => {
    const { registry, errors } = setup();
    registry.counter('own_total').inc();
    registry.registerCollector({
      name: 'throws',
      collect: () => {
        throw new Error('boom');
      },
    });
    registry.registerCollector({ name: 'rejects', collect: () => Promise.reject(new Error('nope')) });
    registry.registerCollector({ name: 'hangs', collect: () => new Promise(() => {}) });
    const snapshot = await registry.snapshot();
    expect(snapshot.metrics.map((m) => m.name)).toEqual(['own_total']);
    expect(errors.map(([source, error]) => `${source}: ${error.message}`).sort()).toEqual([
      'collector: Collector "hangs" was skipped: Exporter "collector hangs" did not finish within 50 ms',
      'collector: Collector "rejects" was skipped: nope',
      'collector: Collector "throws" was skipped: boom',
    ]);
  });

  it('rejects what is not a collector', () => {
    const { registry } = setup();
    expect(() => registry.registerCollector((() => []) as never)).toThrow(TypeError);
  });
});

describe('scope and upDownCounter options', () => {
  it('carry into the snapshot only when given', async () => {
    const { registry } = setup();
    registry.gauge('in_flight', { upDownCounter: true, scope: { name: 'lib', version: '1.2.0' } }).add(3);
    registry.gauge('plain').set(1);
    const [inFlight, plain] = (await registry.snapshot()).metrics as ValueMetricSnapshot[];
    expect(inFlight?.upDownCounter).toBe(true);
    expect(inFlight?.scope).toEqual({ name: 'lib', version: '1.2.0' });
    expect(plain).not.toHaveProperty('upDownCounter');
    expect(plain).not.toHaveProperty('scope');
  });

  it('rejects a malformed scope naming the metric', () => {
    const { registry } = setup();
    expect(() => registry.counter('x_total', { scope: { name: '' } })).toThrow(
      'Invalid scope for metric "x_total"',
    );
  });
});

describe('Registry.registerCollector with prefixNames', () => {
  it('gives the metrics the namespace and subsystem of the registry', async () => {
    const store = createMetricStore({ namespace: 'shop', subsystem: 'api', clock: new ManualClock() });
    const registry = new MemoryRegistry(store);
    registry.registerCollector({
      name: 'bridge',
      prefixNames: true,
      collect: () => [external('ext_total', 1)],
    });
    registry.registerCollector({ name: 'as given', collect: () => [external('raw_total', 1)] });
    expect((await registry.snapshot()).metrics.map((m) => m.name)).toEqual([
      'shop_api_ext_total',
      'raw_total',
    ]);
  });
});

describe('Registry.registerCollector with Config filters', () => {
  it('applies deny, rename and tag rewriting as to the registry own metrics', async () => {
    const store = createMetricStore({
      clock: new ManualClock(),
      filters: [
        { decide: (m) => (m.name === 'secret_total' ? 'deny' : undefined) },
        { rename: (name) => (name === 'old_total' ? 'new_total' : undefined) },
        { mapTags: (tags) => tags.filter((t) => t.key !== 'job') },
      ],
    });
    const registry = new MemoryRegistry(store);
    registry.registerCollector({
      name: 'filtered',
      collect: () => [external('secret_total', 1), external('old_total', 2)],
    });
    const metrics = (await registry.snapshot()).metrics as ValueMetricSnapshot[];
    expect(metrics.map((m) => [m.name, m.points])).toEqual([['new_total', [{ tags: [], value: 2 }]]]);
  });
});

describe('Registry.registerCollector with a bad tag', () => {
  it('skips that metric with a report and keeps the rest of the snapshot', async () => {
    const { registry, errors } = setup();
    const bad = {
      ...external('bad_total', 1),
      points: [{ tags: [{ key: 'a', value: 5 as unknown as string }], value: 1 }],
    };
    registry.registerCollector({
      name: 'sloppy',
      collect: () => [bad as MetricSnapshot, external('good_total', 2)],
    });
    expect((await registry.snapshot()).metrics.map((m) => m.name)).toEqual(['good_total']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1].message).toMatch(
      /^Collector "sloppy": metric "bad_total" was skipped: Invalid tag/,
    );
  });
});
