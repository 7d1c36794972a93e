import { OtlpReceiver } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_VERSION } from '../src/version.js';
import { createHarness, withEnv } from './harness.js';
import { only } from './only-metric.js';

const DELTA = 1;
const CUMULATIVE = 2;
const nanos = (ms: number) => BigInt(ms) * 1_000_000n;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

describe.each(['http/json', 'http/protobuf'] as const)('OTLP over %s', (protocol) => {
  it('carries every metric type with names, units, descriptions, attributes and values', async () => {
    const start = receiver.requests.length;
    const h = await withEnv({ OTEL_RESOURCE_ATTRIBUTES: 'team=payments,service.name=from-env' }, () =>
      createHarness(
        {
          collectorUrl: receiver.url,
          protocol,
          resourceAttributes: { 'service.name': 'checkout', 'deployment.environment': 'test' },
          headers: { 'x-api-key': 'secret' },
        },
        { namespace: 'shop', tags: { region: 'eu' } },
      ),
    );
    const t0 = h.clock.now();
    const p = h.provider;
    const requests = p.counter('requests_total', { description: 'Requests served' });
    requests.withTags({ method: 'GET' }).add(3);
    requests.withTags({ method: 'POST' }).inc();
    p.gauge('temperature', { description: 'Room temperature', unit: 'celsius' })
      .withTags({ room: 'a' })
      .set(-2.5);
    const sizes = p.histogram('request_size', { description: 'Sizes', unit: 'bytes', buckets: [100, 1000] });
    for (const size of [50, 150, 1500, 700]) sizes.observe(size);
    const jobs = p.timer('job', { description: 'Jobs' }).withTags({ job: 'import' });
    jobs.record(0.2);
    jobs.record(1.5);
    const payload = p.summary('payload', { description: 'Payloads', unit: 'bytes', quantiles: [0.5, 0.9] });
    for (let i = 1; i <= 10; i++) payload.observe(i);
    p.info('build', { description: 'Build' }).set({ version: '1.2.3' });
    p.registry().registerCallback('queue_depth', () => 7, { description: 'Queued', tags: { queue: 'mail' } });
    h.clock.advance(5000);

    await h.exporter.export(await p.registry().snapshot());
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
    expect(receiver.requests.length).toBe(start + 1);
    const request = receiver.requests[start]!;
    expect(request.protocol).toBe(protocol === 'http/json' ? 'json' : 'protobuf');
    expect(request.path).toBe('/v1/metrics');
    expect(request.headers['x-api-key']).toBe('secret');
    expect(request.resource).toMatchObject({
      'service.name': 'checkout',
      'deployment.environment': 'test',
      team: 'payments',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
    });
    expect(request.scopes).toHaveLength(1);
    expect(request.scopes[0]).toMatchObject({ name: '@meterkit/exporter-otel', version: PACKAGE_VERSION });
    const metrics = request.scopes[0]!.metrics;
    const times = { startTimeUnixNano: nanos(t0), timeUnixNano: nanos(t0 + 5000) };

    const counter = only(metrics, 'shop_requests_total');
    expect(counter).toMatchObject({
      kind: 'sum',
      description: 'Requests served',
      unit: '',
      temporality: CUMULATIVE,
      isMonotonic: true,
    });
    expect(counter.points).toEqual(
      expect.arrayContaining([
        { attributes: { method: 'GET', region: 'eu' }, value: 3, ...times },
        { attributes: { method: 'POST', region: 'eu' }, value: 1, ...times },
      ]),
    );
    expect(counter.points).toHaveLength(2);

    const gauge = only(metrics, 'shop_temperature');
    expect(gauge).toMatchObject({ kind: 'gauge', unit: 'Cel', description: 'Room temperature' });
    expect(gauge.points).toEqual([{ attributes: { room: 'a', region: 'eu' }, value: -2.5, ...times }]);

    const histogram = only(metrics, 'shop_request_size');
    expect(histogram).toMatchObject({ kind: 'histogram', unit: 'By', temporality: CUMULATIVE });
    expect(histogram.points).toEqual([
      {
        attributes: { region: 'eu' },
        count: 4,
        sum: 2400,
        min: 50,
        max: 1500,
        explicitBounds: [100, 1000],
        bucketCounts: [1, 2, 1],
        ...times,
      },
    ]);

    const timer = only(metrics, 'shop_job');
    expect(timer).toMatchObject({ kind: 'histogram', unit: 's', description: 'Jobs' });
    expect(timer.points[0]).toMatchObject({
      attributes: { job: 'import', region: 'eu' },
      count: 2,
      sum: 1.7,
      min: 0.2,
      max: 1.5,
    });
    expect(timer.points[0]!.explicitBounds).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]);
    expect(timer.points[0]!.bucketCounts).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]);

    const summary = only(metrics, 'shop_payload');
    expect(summary).toMatchObject({ kind: 'summary', unit: 'By', description: 'Payloads' });
    expect(summary.points[0]).toMatchObject({ attributes: { region: 'eu' }, count: 10, sum: 55, ...times });
    const quantiles = summary.points[0]!.quantiles!;
    expect(quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9]);
    expect(quantiles[0]!.value).toBeCloseTo(5, 0);
    expect(quantiles[1]!.value).toBeCloseTo(9, 0);

    const info = only(metrics, 'shop_build_info');
    expect(info).toMatchObject({ kind: 'gauge', description: 'Build' });
    expect(info.points).toEqual([{ attributes: { version: '1.2.3', region: 'eu' }, value: 1, ...times }]);

    const callback = only(metrics, 'shop_queue_depth');
    expect(callback).toMatchObject({ kind: 'gauge', description: 'Queued' });
    expect(callback.points[0]).toMatchObject({ attributes: { queue: 'mail', region: 'eu' }, value: 7 });
  });

  it('sends only what changed since the previous export with delta temporality', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url, protocol, temporality: 'delta' });
    const t0 = h.clock.now();
    const hits = h.provider.counter('hits');
    const latency = h.provider.histogram('lat', { buckets: [1, 10] });
    const payload = h.provider.summary('payload', { quantiles: [0.5] });

    hits.add(5);
    latency.observe(0.5);
    latency.observe(5);
    payload.observe(4);
    h.clock.advance(1000);
    await h.exportNow();

    hits.add(2);
    latency.observe(50);
    payload.observe(6);
    h.clock.advance(1000);
    await h.exportNow();

    h.clock.advance(1000);
    await h.exportNow();
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
    expect(receiver.requests.length).toBe(start + 3);

    const sent = receiver.requests.slice(start).map((r) => r.scopes[0]!.metrics);
    const at = (i: number, name: string) => only(sent[i]!, name);
    const window = (i: number) => ({
      startTimeUnixNano: nanos(t0 + (i === 0 ? 0 : i * 1000)),
      timeUnixNano: nanos(t0 + (i + 1) * 1000),
    });

    expect(at(0, 'hits')).toMatchObject({ temporality: DELTA, isMonotonic: true });
    expect([0, 1, 2].map((i) => at(i, 'hits').points[0])).toEqual([
      { attributes: {}, value: 5, ...window(0) },
      { attributes: {}, value: 2, ...window(1) },
      { attributes: {}, value: 0, ...window(2) },
    ]);

    expect(at(0, 'lat').temporality).toBe(DELTA);
    expect(at(0, 'lat').points[0]).toMatchObject({
      count: 2,
      sum: 5.5,
      min: 0.5,
      max: 5,
      bucketCounts: [1, 1, 0],
      ...window(0),
    });
    const second = at(1, 'lat').points[0]!;
    expect(second).toMatchObject({
      count: 1,
      sum: 50,
      bucketCounts: [0, 0, 1],
      explicitBounds: [1, 10],
      ...window(1),
    });
    expect(second.min).toBeUndefined();
    expect(at(2, 'lat').points[0]).toMatchObject({ count: 0, sum: 0, bucketCounts: [0, 0, 0], ...window(2) });

    // OTLP summaries are cumulative by definition, whatever the temporality.
    expect(at(1, 'payload').points[0]).toMatchObject({ count: 2, sum: 10, startTimeUnixNano: nanos(t0) });
  });

  it('compresses with gzip when asked', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url, protocol, compression: 'gzip' });
    h.provider.counter('zipped').add(4);
    await h.exportNow();
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
    const request = receiver.requests[start]!;
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(only(request.scopes[0]!.metrics, 'zipped').points[0]!.value).toBe(4);
  });
});

describe('standard OTEL_EXPORTER_OTLP_* variables', () => {
  it('take the endpoint, protocol, headers and temporality from the environment', async () => {
    const start = receiver.requests.length;
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20token,x-tenant=acme',
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta',
      OTEL_SERVICE_NAME: 'env-service',
    };
    await withEnv(env, async () => {
      const h = await createHarness({});
      const counter = h.provider.counter('env_hits');
      counter.add(2);
      await h.exportNow();
      counter.add(1);
      await h.exportNow();
      await h.exporter.shutdown();
      expect(h.errors).toEqual([]);
    });
    const [first, second] = receiver.requests.slice(start);
    expect(first!.protocol).toBe('json');
    expect(first!.path).toBe('/v1/metrics');
    expect(first!.headers.authorization).toBe('Bearer token');
    expect(first!.headers['x-tenant']).toBe('acme');
    expect(first!.resource['service.name']).toBe('env-service');
    expect(only(second!.scopes[0]!.metrics, 'env_hits')).toMatchObject({
      temporality: DELTA,
      points: [{ value: 1 }],
    });
  });
});
