import { createServer } from 'node:http';
import { createProvider, type Provider } from '@meterkit/core';
import {
  type BackendProcess,
  eventually,
  freePort,
  queryVector,
  scrapeConfig,
  startPrometheus,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** One sample of an instant query. */
interface PromSample {
  metric: Record<string, string>;
  value: number;
}

/** A real Prometheus with a `query` that polls until `accept` approves (a scrape lands ~5 s after start). */
function withQuery(backend: BackendProcess) {
  return {
    stop: () => backend.stop(),
    query: (expr: string, accept: (samples: PromSample[]) => boolean): Promise<PromSample[]> =>
      eventually(`Prometheus query ${expr}`, async () => {
        const samples = (await queryVector(backend.baseUrl, expr)).map((r) => ({
          metric: r.metric,
          value: Number(r.value[1]),
        }));
        return accept(samples) ? samples : undefined;
      }),
  };
}

let provider: Provider;
let prometheus: ReturnType<typeof withQuery> | undefined;
let endpointPort: number;

beforeAll(async () => {
  endpointPort = await freePort();
  provider = await createProvider({
    provider: 'opentelemetry',
    namespace: 'shop',
    opentelemetry: {
      resourceAttributes: { 'service.name': 'checkout' },
      prometheus: { port: endpointPort, host: '127.0.0.1' },
    },
  });
  provider.counter('orders', { description: 'Orders placed' }).withTags({ method: 'card' }).add(3);
  provider.gauge('queue', { description: 'Queue length' }).set(-4);
  const sizes = provider.histogram('size', { description: 'Sizes', unit: 'bytes', buckets: [100, 1000] });
  for (const size of [50, 500, 5000]) sizes.observe(size);
  const payload = provider.summary('payload', { quantiles: [0.5] });
  for (let i = 1; i <= 9; i++) payload.observe(i);
  await provider.start(); // the endpoint listens from here on
  prometheus = withQuery(
    await startPrometheus(
      scrapeConfig({ meterkit_otel: `127.0.0.1:${endpointPort}` }),
      'meterkit-otel-prom-',
    ),
  );
}, 30_000);

afterAll(async () => {
  await prometheus?.stop();
  await provider?.stop();
});

describe('Prometheus through OpenTelemetry (opentelemetry.prometheus)', () => {
  it('is scraped by a real Prometheus with OpenTelemetry naming', async () => {
    const server = prometheus!;
    const orders = await server.query('shop_orders_total', (r) => r.length === 1);
    expect(orders[0]!.value).toBe(3);
    expect(orders[0]!.metric).toMatchObject({
      method: 'card',
      otel_scope_name: '@meterkit/exporter-otel',
      job: 'meterkit_otel',
    });

    expect((await server.query('shop_queue', (r) => r.length === 1))[0]!.value).toBe(-4);
    const buckets = await server.query('shop_size_bucket', (r) => r.length === 3);
    const byLe = Object.fromEntries(buckets.map((b) => [b.metric.le, b.value]));
    expect(byLe).toEqual({ '100': 1, '1000': 2, '+Inf': 3 });
    expect((await server.query('shop_size_sum', (r) => r.length === 1))[0]!.value).toBe(5550);
    expect((await server.query('shop_size_count', (r) => r.length === 1))[0]!.value).toBe(3);

    const median = await server.query('shop_payload{quantile="0.5"}', (r) => r.length === 1);
    expect(median[0]!.value).toBeCloseTo(5, 0);
    expect((await server.query('shop_payload_count_total', (r) => r.length === 1))[0]!.value).toBe(9);

    const target = await server.query('target_info', (r) => r.length === 1);
    expect(target[0]!.metric).toMatchObject({ service_name: 'checkout', telemetry_sdk_language: 'nodejs' });
  }, 30_000);

  it('serves the same text through provider.handler()', async () => {
    const app = createServer(provider.handler());
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = app.address() as { port: number };
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('# TYPE shop_orders_total counter');
      expect(text).toMatch(
        /shop_orders_total\{method="card",otel_scope_name="@meterkit\/exporter-otel",otel_scope_version="[^"]+"\} 3/,
      );
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
