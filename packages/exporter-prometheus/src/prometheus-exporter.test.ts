import { type Config, ConfigError, createProvider, type Provider, validateConfig } from '@meterkit/core';
import { systemClock } from '@meterkit/core/exporter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../test/helpers/http-client.js';
import { createExporter, type PrometheusExporter } from './prometheus-exporter.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let provider: Provider | undefined;
let server: StandaloneServer | undefined;
afterEach(async () => {
  await server?.close();
  await provider?.stop();
  server = undefined;
  provider = undefined;
});

async function exporterFor(config: Config): Promise<PrometheusExporter> {
  const resolved = validateConfig(config);
  return (await createExporter({
    config: resolved,
    collect: async () => ({ timestamp: 0, metrics: [] }),
    onError: () => {},
    clock: systemClock,
  })) as PrometheusExporter;
}

describe('PrometheusExporter through createProvider', () => {
  it('is loaded for provider "prometheus" and serves provider.handler() at the endpoint', async () => {
    const errors: Error[] = [];
    provider = await createProvider({
      provider: 'prometheus',
      namespace: 'shop',
      tags: { region: 'eu' },
      onError: (error) => errors.push(error),
    });
    provider.counter('orders', { description: 'Orders placed' }).withTags({ kind: 'web' }).add(4);
    provider.timer('checkout', { description: 'Checkout time' }).record(0.2);
    provider.info('build', { description: 'Build' }).set({ version: '9.9.9' });
    server = await startServer(provider, { port: 0 });
    const response = await httpRequest(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.body).toContain(
      '# TYPE shop_orders_total counter\nshop_orders_total{kind="web",region="eu"} 4\n',
    );
    expect(response.body).toContain('shop_checkout_seconds_bucket{region="eu",le="0.25"} 1\n');
    expect(response.body).toContain('shop_checkout_seconds_count{region="eu"} 1\n');
    expect(response.body).toContain('shop_build_info{region="eu",version="9.9.9"} 1\n');
    expect(errors).toEqual([]);
  });

  it('evaluates callback gauges at scrape time, and a failing callback spares the other metrics', async () => {
    const errors: string[] = [];
    provider = await createProvider({
      provider: 'prometheus',
      // Each scrape collects afresh (by default scrapes within 2 s share one collection).
      prometheus: { minCollectionInterval: 0 },
      onError: (error) => errors.push(error.message),
    });
    let depth = 1;
    provider.registry().registerCallback('queue_depth', () => depth, { description: 'Queued jobs' });
    provider.registry().registerCallback('broken', () => {
      throw new Error('sensor unplugged');
    });
    provider.gauge('healthy', { description: 'Still here' }).set(1);
    server = await startServer(provider, { port: 0 });
    expect((await httpRequest(`${server.url}/metrics`)).body).toContain('queue_depth 1\n');
    depth = 42;
    const response = await httpRequest(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.body).toContain('queue_depth 42\n');
    expect(response.body).toContain('healthy 1\n');
    expect(response.body).not.toContain('broken');
    expect(errors.some((message) => message.includes('sensor unplugged'))).toBe(true);
  });

  it('uses prometheus.path and never listens by itself', async () => {
    provider = await createProvider({
      provider: 'prometheus',
      prometheus: { path: '/internal/metrics', openMetrics: false, selfMetrics: false },
    });
    provider.counter('hits').inc();
    server = await startServer(provider.handler(), { port: 0 });
    const response = await httpRequest(`${server.url}/internal/metrics`, {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0' },
    });
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toBe('# TYPE hits_total counter\nhits_total 1\n');
    expect((await httpRequest(`${server.url}/metrics`)).status).toBe(404);
  });

  it('is pull-only (exportIntervalMs 0) without a Pushgateway and pushes at pushInterval with one', async () => {
    expect((await exporterFor({ provider: 'prometheus' })).exportIntervalMs).toBe(0);
    const pushing = await exporterFor({
      provider: 'prometheus',
      prometheus: { pushGateway: 'http://127.0.0.1:9', pushInterval: '2s' },
    });
    expect(pushing.exportIntervalMs).toBe(2000);
    expect(pushing.pushgateway?.groupUrl.href).toBe('http://127.0.0.1:9/metrics/job/meterkit');
    const defaulted = await exporterFor({
      provider: 'prometheus',
      flushInterval: '7s',
      prometheus: { pushGateway: 'http://127.0.0.1:9', pushJobName: 'nightly', groupings: { host: 'a/b' } },
    });
    expect(defaulted.exportIntervalMs).toBe(7000);
    expect(defaulted.pushgateway?.groupUrl.href).toBe(
      'http://127.0.0.1:9/metrics/job/nightly/host@base64/YS9i',
    );
  });

  it('rejects a bad prometheus section with a ConfigError naming the field', async () => {
    await expect(
      createProvider({ provider: 'prometheus', prometheus: { pushInterval: '5s' } }),
    ).rejects.toThrow(
      new ConfigError('prometheus.pushInterval', '5s', 'needs prometheus.pushGateway to be set'),
    );
  });
});
