import { createProvider } from '@meterkit/core';
import { OtlpReceiver } from '@meterkit/test-support';
import { OTLPMetricExporter as StockProtobufExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeterkitProducer, MeterkitOtlpMetricExporter } from '../src/index.js';

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

describe("meterkit's metrics in an application's own OpenTelemetry MeterProvider", () => {
  it('merge with the SDK instruments through the stock OTLP exporter (summaries as gauges)', async () => {
    const start = receiver.requests.length;
    const meterkit = await createProvider({ provider: 'memory' });
    meterkit.counter('jobs_done', { description: 'Jobs done' }).add(3);
    const payload = meterkit.summary('payload', { quantiles: [0.5] });
    payload.observe(10);
    payload.observe(20);

    const reader = new PeriodicExportingMetricReader({
      exporter: new StockProtobufExporter({ url: receiver.url }),
      metricProducers: [createMeterkitProducer(meterkit)],
      exportIntervalMillis: 3_600_000,
    });
    const app = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'shop' }),
      readers: [reader],
    });
    app.getMeter('shop-app').createCounter('native_orders').add(1);
    await reader.forceFlush();
    await app.shutdown();

    const [request] = receiver.requests.slice(start);
    expect(request!.resource['service.name']).toBe('shop');
    const scopes = Object.fromEntries(request!.scopes.map((s) => [s.name, s.metrics]));
    expect(scopes['shop-app']!.map((m) => m.name)).toEqual(['native_orders']);
    const ours = scopes['@meterkit/exporter-otel']!;
    expect(ours.find((m) => m.name === 'jobs_done')).toMatchObject({
      kind: 'sum',
      isMonotonic: true,
      points: [{ value: 3 }],
    });
    expect(ours.find((m) => m.name === 'payload')).toMatchObject({
      kind: 'gauge',
      points: [{ attributes: { quantile: '0.5' } }],
    });
    expect(ours.find((m) => m.name === 'payload_count')).toMatchObject({
      kind: 'sum',
      points: [{ value: 2 }],
    });
    expect(ours.find((m) => m.name === 'payload_sum')).toMatchObject({
      kind: 'sum',
      isMonotonic: false,
      points: [{ value: 30 }],
    });
  });

  it('get real OTLP summaries and deltas with MeterkitOtlpMetricExporter', async () => {
    const start = receiver.requests.length;
    const meterkit = await createProvider({ provider: 'memory' });
    const counter = meterkit.counter('jobs_done');
    meterkit.summary('payload', { quantiles: [0.5] }).observe(10);
    const reader = new PeriodicExportingMetricReader({
      exporter: new MeterkitOtlpMetricExporter({ url: receiver.url, protocol: 'http/json' }),
      metricProducers: [
        createMeterkitProducer(meterkit.registry(), { summaries: 'otlp', temporality: 'delta' }),
      ],
      exportIntervalMillis: 3_600_000,
    });
    const app = new MeterProvider({ readers: [reader] });
    counter.add(3);
    await reader.forceFlush();
    counter.add(4);
    await reader.forceFlush();
    await app.shutdown();

    const sent = receiver.requests.slice(start).map((r) => r.scopes.flatMap((s) => s.metrics));
    expect(sent.map((metrics) => metrics.find((m) => m.name === 'jobs_done')?.points[0]?.value)).toEqual([
      3, 4, 0,
    ]);
    expect(sent[0]!.find((m) => m.name === 'payload')).toMatchObject({
      kind: 'summary',
      points: [{ count: 1, sum: 10, quantiles: [{ quantile: 0.5 }] }],
    });
  });
});
