import { createProvider } from '@meterkit/core';
import { OtlpReceiver } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from './only-metric.js';

/**
 * The whole path as an application sees it: `createProvider({ provider: 'opentelemetry' })` loads
 * this package by name (in the workspace its sources; in `.ci/otel-node22.sh` the packed `dist`
 * under Node 22 and the OpenTelemetry 3.x line), and `stop()` pushes the final export.
 */

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

describe.each(['http/json', 'http/protobuf'] as const)("provider 'opentelemetry' over %s", (protocol) => {
  it('exports a counter, a histogram and a summary to a collector on 127.0.0.1', async () => {
    const start = receiver.requests.length;
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'opentelemetry',
      namespace: 'shop',
      tags: { region: 'eu' },
      flushInterval: '1h',
      onError: (error) => errors.push(error),
      opentelemetry: {
        collectorUrl: `http://127.0.0.1:${receiver.port}`,
        protocol,
        resourceAttributes: { 'service.name': 'checkout' },
      },
    });
    await provider.start();
    const orders = provider.counter('orders_total', { description: 'Orders placed' });
    orders.withTags({ method: 'card' }).add(3);
    orders.withTags({ method: 'cash' }).inc();
    const latency = provider.histogram('latency', { unit: 'seconds', buckets: [0.1, 1] });
    for (const seconds of [0.05, 0.5, 0.7, 5]) latency.observe(seconds);
    const payload = provider.summary('payload', { unit: 'bytes', quantiles: [0.5, 0.9] });
    for (let i = 1; i <= 100; i++) payload.observe(i);

    await provider.stop(); // the final export
    expect(errors).toEqual([]);
    const sent = receiver.requests.slice(start);
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(request.path).toBe('/v1/metrics');
    expect(request.protocol).toBe(protocol === 'http/json' ? 'json' : 'protobuf');
    expect(request.resource).toMatchObject({
      'service.name': 'checkout',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
    });
    expect(request.scopes.map((scope) => scope.name)).toEqual(['@meterkit/exporter-otel']);
    const metrics = request.scopes[0]!.metrics;

    const counter = only(metrics, 'shop_orders_total');
    expect(counter).toMatchObject({ kind: 'sum', isMonotonic: true, temporality: 2 });
    expect(counter.points.map((p) => [p.attributes, p.value])).toEqual(
      expect.arrayContaining([
        [{ method: 'card', region: 'eu' }, 3],
        [{ method: 'cash', region: 'eu' }, 1],
      ]),
    );
    expect(counter.points).toHaveLength(2);

    const histogram = only(metrics, 'shop_latency');
    expect(histogram).toMatchObject({ kind: 'histogram', unit: 's', temporality: 2 });
    expect(histogram.points).toHaveLength(1);
    expect(histogram.points[0]).toMatchObject({
      attributes: { region: 'eu' },
      count: 4,
      min: 0.05,
      max: 5,
      explicitBounds: [0.1, 1],
      bucketCounts: [1, 2, 1],
    });
    expect(histogram.points[0]!.sum).toBeCloseTo(6.25, 10);

    const summary = only(metrics, 'shop_payload');
    expect(summary).toMatchObject({ kind: 'summary', unit: 'By' });
    expect(summary.points).toHaveLength(1);
    expect(summary.points[0]).toMatchObject({ attributes: { region: 'eu' }, count: 100, sum: 5050 });
    const quantiles = summary.points[0]!.quantiles!;
    expect(quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9]);
    expect(quantiles[0]!.value).toBeGreaterThanOrEqual(49);
    expect(quantiles[0]!.value).toBeLessThanOrEqual(52);
    expect(quantiles[1]!.value).toBeGreaterThanOrEqual(89);
    expect(quantiles[1]!.value).toBeLessThanOrEqual(92);
  });
});
