import {
  createProvider,
  type HistogramMetricSnapshot,
  type Provider,
  type ValueMetricSnapshot,
} from '@meterkit/core';
import { type DiagLogger, DiagLogLevel, diag, metrics, ValueType } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMeterProvider } from './bridge-meter-provider.js';

/*
 * The OpenTelemetry API's contract for instruments, checked through the bridge: what the SDK's own
 * tests (sdk-metrics test/Instruments.test.ts, Meter.test.ts, ObservableRegistry.test.ts) check,
 * read back from meterkit snapshots. Each `describe` names the spec section it follows:
 * https://opentelemetry.io/docs/specs/otel/metrics/api/
 */

let provider: Provider;
let diagnostics: Array<[level: string, message: string]>;

const capture = (level: string) => (message: string) => diagnostics.push([level, message]);
const logger: DiagLogger = {
  error: capture('error'),
  warn: capture('warn'),
  info: capture('info'),
  debug: capture('debug'),
  verbose: capture('verbose'),
};

beforeEach(async () => {
  provider = await createProvider({ provider: 'memory' });
  diagnostics = [];
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});

afterEach(async () => {
  diag.disable();
  metrics.disable();
  await provider.stop();
});

async function metric<T = ValueMetricSnapshot>(name: string): Promise<T | undefined> {
  const snapshot = await provider.registry().snapshot();
  return snapshot.metrics.find((m) => m.name === name) as T | undefined;
}

/** Points as `{ 'k=v,k=v': value }`, tags in canonical order. */
async function values(name: string): Promise<Record<string, number>> {
  const found = await metric(name);
  return Object.fromEntries(
    (found?.points ?? []).map((p) => [p.tags.map((t) => `${t.key}=${t.value}`).join(','), p.value]),
  );
}

const warnings = () => diagnostics.filter(([level]) => level === 'warn').map(([, m]) => m);
const errors = () => diagnostics.filter(([level]) => level === 'error').map(([, m]) => m);

describe('Counter (monotonic, synchronous)', () => {
  it('adds per attribute set; attribute order does not change the series', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('requests');
    counter.add(1, { method: 'GET', route: '/a' });
    counter.add(2, { route: '/a', method: 'GET' });
    counter.add(5, { method: 'POST', route: '/a' });
    counter.add(3);
    expect(await values('requests')).toEqual({ '': 3, 'method=GET,route=/a': 3, 'method=POST,route=/a': 5 });
  });

  it('ignores a negative increment with a diag warning, as the SDK does, and never throws', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(4);
    expect(() => counter.add(-1)).not.toThrow();
    expect(await values('c')).toEqual({ '': 4 });
    expect(warnings()).toEqual(['negative value provided to counter c: -1']);
  });

  it('drops NaN, Infinity and non-numbers with a warning', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(1);
    counter.add(Number.NaN);
    counter.add(Number.POSITIVE_INFINITY);
    counter.add('3' as unknown as number);
    expect(await values('c')).toEqual({ '': 1 });
    expect(warnings()).toEqual([
      'non-finite value provided to counter c: NaN',
      'non-finite value provided to counter c: Infinity',
      'non-number value provided to metric c: 3',
    ]);
  });

  it('truncates fractions of an INT instrument with a warning', async () => {
    const counter = createMeterProvider(provider)
      .getMeter('test')
      .createCounter('c', { valueType: ValueType.INT });
    counter.add(2.7);
    expect(await values('c')).toEqual({ '': 2 });
    expect(warnings()).toEqual([
      'INT value type cannot accept a floating-point value for c, ignoring the fractional digits.',
    ]);
  });
});

describe('UpDownCounter and Gauge', () => {
  it('an UpDownCounter takes negative increments and is marked as such in the snapshot', async () => {
    const upDown = createMeterProvider(provider).getMeter('test').createUpDownCounter('in_flight');
    upDown.add(5, { queue: 'a' });
    upDown.add(-7, { queue: 'a' });
    const found = await metric('in_flight');
    expect(found).toMatchObject({ type: 'gauge', upDownCounter: true });
    expect(await values('in_flight')).toEqual({ 'queue=a': -2 });
    expect(warnings()).toEqual([]);
  });

  it('a Gauge keeps the last recorded value per attribute set', async () => {
    const gauge = createMeterProvider(provider).getMeter('test').createGauge('temperature');
    gauge.record(20, { room: 'a' });
    gauge.record(-3.5, { room: 'a' });
    gauge.record(1, { room: 'b' });
    const found = await metric('temperature');
    expect(found).not.toHaveProperty('upDownCounter');
    expect(await values('temperature')).toEqual({ 'room=a': -3.5, 'room=b': 1 });
  });
});

describe('Histogram', () => {
  it('uses advice.explicitBucketBoundaries', async () => {
    const histogram = createMeterProvider(provider)
      .getMeter('test')
      .createHistogram('latency', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } });
    for (const v of [0.05, 0.5, 0.7, 3]) histogram.record(v);
    const found = await metric<HistogramMetricSnapshot>('latency');
    expect(found?.unit).toBe('seconds');
    expect(found?.points[0]).toMatchObject({
      count: 4,
      sum: 4.25,
      min: 0.05,
      max: 3,
      buckets: [
        { upperBound: 0.1, count: 1 },
        { upperBound: 1, count: 3 },
        { upperBound: Number.POSITIVE_INFINITY, count: 4 },
      ],
    });
  });

  it("uses the SDK's default boundaries without advice, and ignores negative values with a warning", async () => {
    const histogram = createMeterProvider(provider).getMeter('test').createHistogram('size');
    histogram.record(7);
    histogram.record(-1);
    const found = await metric<HistogramMetricSnapshot>('size');
    expect(found?.points[0]?.buckets.map((b) => b.upperBound)).toEqual([
      0,
      5,
      10,
      25,
      50,
      75,
      100,
      250,
      500,
      750,
      1000,
      2500,
      5000,
      7500,
      10000,
      Number.POSITIVE_INFINITY,
    ]);
    expect(found?.points[0]?.count).toBe(1);
    expect(warnings()).toEqual(['negative value provided to histogram size: -1']);
  });

  it('drops (never throws on) an attribute meterkit refuses, such as `le`', async () => {
    const histogram = createMeterProvider(provider).getMeter('test').createHistogram('h');
    expect(() => histogram.record(1, { le: '5' })).not.toThrow();
    histogram.record(1, { ok: 'yes' });
    const found = await metric<HistogramMetricSnapshot>('h');
    expect(found?.points.map((p) => p.tags)).toEqual([[{ key: 'ok', value: 'yes' }]]);
    expect(errors()[0]).toContain('dropped a measurement of h');
  });
});

describe('attributes', () => {
  it("become tags; non-string values are written as OpenTelemetry's Prometheus exporter writes them", async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(1, { code: 200, ok: true, ratio: 0.5, list: ['a', 'b'], gone: undefined });
    expect(await values('c')).toEqual({ 'code=200,list=["a","b"],ok=true,ratio=0.5': 1 });
  });

  it('find the right series when one attributes object is reused and changed between calls', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    const attributes: Record<string, string> = { status: '200' };
    counter.add(1, attributes);
    attributes.status = '500';
    counter.add(1, attributes);
    counter.add(1, attributes);
    expect(await values('c')).toEqual({ 'status=200': 1, 'status=500': 2 });
  });

  it('treat the number 200 and the string "200" as the same tag value, and {} as no attributes', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(1, { code: 200 });
    counter.add(1, { code: '200' });
    counter.add(1, {});
    counter.add(1);
    expect(await values('c')).toEqual({ '': 2, 'code=200': 2 });
  });

  it('treat an empty value as an absent attribute', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(1, { route: '', method: 'GET' });
    counter.add(1, { method: 'GET' });
    expect(await values('c')).toEqual({ 'method=GET': 2 });
  });

  it('keep their OpenTelemetry keys, dots and UTF-8 included: each exporter translates them', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(1, { 'http.request.method': 'GET', 'http.route': '/a/:id', 'cliente.país': 'es' });
    const tags = (await metric<ValueMetricSnapshot>('c'))?.points[0]?.tags;
    expect(tags).toEqual([
      { key: 'cliente.país', value: 'es' },
      { key: 'http.request.method', value: 'GET' },
      { key: 'http.route', value: '/a/:id' },
    ]);
  });

  it('change only keys core refuses: `__x` becomes `key__x`, control characters `_`, `meterkit_x` is dropped', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createCounter('c');
    counter.add(1, { __reserved: 'a', 'tab\there': 'b', meterkit_internal: 'c' });
    const tags = (await metric<ValueMetricSnapshot>('c'))?.points[0]?.tags;
    expect(tags).toEqual([
      { key: 'key__reserved', value: 'a' },
      { key: 'tab_here', value: 'b' },
    ]);
    expect(diagnostics).toContainEqual([
      'warn',
      'meterkit: attribute key "meterkit_internal" cannot be a tag; dropped',
    ]);
  });
});

describe('asynchronous instruments', () => {
  it('read callbacks at each collection; the last observation of an attribute set wins', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    const gauge = meter.createObservableGauge('queue_depth', { description: 'Depth', unit: 'By' });
    let depth = 3;
    gauge.addCallback((result) => {
      result.observe(depth, { queue: 'a' });
      result.observe(depth * 10, { queue: 'a' });
      result.observe(1, { queue: 'b' });
    });
    expect(await values('queue_depth')).toEqual({ 'queue=a': 30, 'queue=b': 1 });
    depth = 4;
    expect(await values('queue_depth')).toEqual({ 'queue=a': 40, 'queue=b': 1 });
    expect(await metric('queue_depth')).toMatchObject({ type: 'gauge', description: 'Depth', unit: 'bytes' });
  });

  it('call a callback added twice once, and stop calling it once removed', async () => {
    const counter = createMeterProvider(provider).getMeter('test').createObservableCounter('cpu_seconds');
    let calls = 0;
    const callback = (result: { observe(v: number): void }) => {
      calls++;
      result.observe(12.5);
    };
    counter.addCallback(callback);
    counter.addCallback(callback);
    expect(await metric('cpu_seconds')).toMatchObject({
      type: 'counter',
      points: [{ tags: [], value: 12.5 }],
    });
    expect(calls).toBe(1);
    counter.removeCallback(callback);
    expect(await metric('cpu_seconds')).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('an ObservableUpDownCounter is a gauge marked upDownCounter', async () => {
    const upDown = createMeterProvider(provider)
      .getMeter('test')
      .createObservableUpDownCounter('connections');
    upDown.addCallback((result) => result.observe(-2));
    expect(await metric('connections')).toMatchObject({
      type: 'gauge',
      upDownCounter: true,
      points: [{ value: -2 }],
    });
  });

  it('report a failing callback through diag and still export the others', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    meter.createObservableGauge('bad').addCallback(() => {
      throw new Error('broken sensor');
    });
    meter.createObservableGauge('rejecting').addCallback(() => Promise.reject(new Error('later')));
    meter.createObservableGauge('good').addCallback(async (result) => result.observe(1));
    const snapshot = await provider.registry().snapshot();
    expect(snapshot.metrics.map((m) => m.name)).toEqual(['good']);
    expect(errors()).toEqual([
      'meterkit: an observable callback failed',
      'meterkit: an observable callback failed',
    ]);
  });

  it('batch callbacks observe several instruments; others are ignored; removal stops them', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    const used = meter.createObservableGauge('heap_used');
    const total = meter.createObservableGauge('heap_total');
    const unlisted = meter.createObservableGauge('unlisted');
    const batch = (result: import('@opentelemetry/api').BatchObservableResult) => {
      result.observe(used, 10);
      result.observe(total, 20);
      result.observe(unlisted, 30);
    };
    meter.addBatchObservableCallback(batch, [used, total]);
    expect(await values('heap_used')).toEqual({ '': 10 });
    expect(await values('heap_total')).toEqual({ '': 20 });
    expect(await metric('unlisted')).toBeUndefined();
    meter.removeBatchObservableCallback(batch, [used, total]);
    expect(await metric('heap_used')).toBeUndefined();
  });

  it('a batch callback with no instrument of this meter is refused with a diag error', () => {
    const meter = createMeterProvider(provider).getMeter('test');
    meter.addBatchObservableCallback(() => {}, []);
    expect(errors()).toEqual(['BatchObservableCallback is not associated with valid instruments']);
  });
});

describe('instrument names, units, descriptions and scope', () => {
  it.each(['', '1abc', 'a b', `a${'b'.repeat(255)}`, 'ça', '_x'])(
    'an invalid name (%j) gives a no-op instrument and a diag error',
    async (name) => {
      const meter = createMeterProvider(provider).getMeter('test');
      meter.createCounter(name).add(1);
      meter.createHistogram(name).record(1);
      meter.createObservableGauge(name).addCallback((r) => r.observe(1));
      expect((await provider.registry().snapshot()).metrics).toEqual([]);
      expect(errors()).toHaveLength(3);
      expect(errors()[0]).toContain('Invalid instrument name');
    },
  );

  it('accepts the full syntax: dots, dashes and slashes, up to 255 characters', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    meter.createCounter('a.b-c/d_e').add(1);
    meter.createCounter(`a${'b'.repeat(254)}`).add(1);
    expect((await provider.registry().snapshot()).metrics).toHaveLength(2);
    expect(errors()).toEqual([]);
  });

  it('passes every kind of instrument name through unchanged: the exporters translate, not the bridge', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    meter.createCounter('http.server.requests').add(1);
    meter.createUpDownCounter('db.client.connection.count').add(1);
    meter.createGauge('system.cpu.utilization', { unit: '1' }).record(0.5);
    meter.createHistogram('http.server.request.duration', { unit: 's' }).record(0.1);
    meter.createObservableCounter('process.cpu.time', { unit: 's' }).addCallback((r) => r.observe(3));
    meter.createObservableGauge('v8js.memory.heap.used', { unit: 'By' }).addCallback((r) => r.observe(9));
    const snapshot = await provider.registry().snapshot();
    expect(Object.fromEntries(snapshot.metrics.map((m) => [m.name, m.unit]))).toEqual({
      'http.server.requests': '',
      'db.client.connection.count': '',
      'system.cpu.utilization': '1',
      'http.server.request.duration': 'seconds',
      'process.cpu.time': 'seconds',
      'v8js.memory.heap.used': 'bytes',
    });
    expect(errors()).toEqual([]);
  });

  it('two instruments whose Prometheus names would be one: the second is a no-op naming both', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    meter.createCounter('http.requests').add(1);
    meter.createCounter('http_requests').add(5);
    expect(await values('http.requests')).toEqual({ '': 1 });
    expect(await metric('http_requests')).toBeUndefined();
    expect(errors()[0]).toMatch(/cannot create Counter http_requests: .*http\.requests/);
  });

  it('a name taken by another kind of instrument gives a no-op and a diag error, never a throw', async () => {
    const meter = createMeterProvider(provider).getMeter('test');
    meter.createCounter('shared').add(1);
    expect(() => meter.createHistogram('shared').record(5)).not.toThrow();
    expect(await values('shared')).toEqual({ '': 1 });
    expect(errors()[0]).toMatch(/cannot create Histogram shared: .*already registered as a counter/);
  });

  it('carries units (UCUM → meterkit words), descriptions and the meter as instrumentation scope', async () => {
    const bridge = createMeterProvider(provider);
    expect(bridge.getMeter('lib', '1.2.3')).toBe(bridge.getMeter('lib', '1.2.3'));
    bridge.getMeter('lib', '1.2.3').createCounter('bytes_sent', { unit: 'By', description: 'Sent' }).add(1);
    bridge.getMeter('other').createCounter('things', { unit: '{thing}' }).add(1);
    expect(await metric('bytes_sent')).toMatchObject({
      unit: 'bytes',
      description: 'Sent',
      scope: { name: 'lib', version: '1.2.3' },
    });
    expect(await metric('things')).toMatchObject({ unit: '{thing}', scope: { name: 'other' } });
  });

  it('tags series with otel_scope_name/version when asked', async () => {
    const bridge = createMeterProvider(provider, { scopeTags: true });
    bridge.getMeter('lib', '2.0.0').createCounter('c').add(1, { a: 'x' });
    bridge
      .getMeter('lib', '2.0.0')
      .createObservableGauge('g')
      .addCallback((r) => r.observe(1));
    expect(await values('c')).toEqual({ 'a=x,otel_scope_name=lib,otel_scope_version=2.0.0': 1 });
    expect(await values('g')).toEqual({ 'otel_scope_name=lib,otel_scope_version=2.0.0': 1 });
  });
});

describe('the global MeterProvider', () => {
  it('makes metrics.getMeter() record into meterkit', async () => {
    expect(metrics.setGlobalMeterProvider(createMeterProvider(provider))).toBe(true);
    metrics.getMeter('third-party', '0.1.0').createCounter('jobs').add(2, { queue: 'mail' });
    expect(await values('jobs')).toEqual({ 'queue=mail': 2 });
  });
});
