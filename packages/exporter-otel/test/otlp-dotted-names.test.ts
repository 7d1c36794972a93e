import { OtlpReceiver } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { only } from './only-metric.js';

/*
 * OTLP carries names as they are: semantic-convention names and attribute keys reach the receiver
 * (which decodes with OpenTelemetry's own generated decoder) exactly as recorded, and units as UCUM
 * (a UCUM unit given by the caller is kept; meterkit's spelled-out units are mapped).
 */

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

describe.each(['http/json', 'http/protobuf'] as const)('dotted and UTF-8 names over OTLP %s', (protocol) => {
  it('arrive as the original names and keys, units in UCUM', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url, protocol, temporality: 'cumulative' });
    const attributes = { 'http.request.method': 'GET', 'http.route': '/orders/:id' };
    h.provider
      .histogram('http.server.request.duration', { unit: 's', buckets: [0.1, 1] })
      .withTags(attributes)
      .observe(0.25);
    h.provider
      .gauge('v8js.memory.heap.used', { unit: 'bytes' })
      .withTags({ 'v8js.heap.space.name': 'old' })
      .set(9);
    h.provider.counter('заказы.всего').withTags({ ключ: 'значение' }).add(2);
    h.clock.advance(1000);
    await h.exportNow();
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
    const metrics = receiver.requests.slice(start).flatMap((r) => r.scopes.flatMap((s) => s.metrics));
    const duration = only(metrics, 'http.server.request.duration');
    expect(duration).toMatchObject({ kind: 'histogram', unit: 's' });
    expect(duration.points[0]).toMatchObject({ attributes, count: 1, sum: 0.25 });
    const heap = only(metrics, 'v8js.memory.heap.used');
    expect(heap.unit).toBe('By');
    expect(heap.points[0]).toMatchObject({ attributes: { 'v8js.heap.space.name': 'old' }, value: 9 });
    expect(only(metrics, 'заказы.всего').points[0]).toMatchObject({
      attributes: { ключ: 'значение' },
      value: 2,
    });
  });
});
