import { writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { createProvider, type Provider } from '@meterkit/core';
import { type ConformanceBackend, runConformance } from '@meterkit/core/testing';
import {
  type BackendProcess,
  createSelfSignedCert,
  querySamples,
  queryScalar,
  type SelfSignedCert,
  startPrometheus,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toReadSeries } from './helpers/read-series.js';

/*
 * A real Prometheus 2.42 started with --web.enable-remote-write-receiver is the receiver: it
 * decompresses with Go's snappy, decodes prompb with its generated code, rejects out-of-order
 * samples and invalid label sets, and answers PromQL. A second one serves HTTPS with basic auth
 * (its --web.config.file), to prove TLS with a CA and credentials against a real server.
 */

vi.setConfig({ testTimeout: 30_000 });

const RECEIVER_FLAGS = ['--web.enable-remote-write-receiver'];
let prometheus: BackendProcess;
let secured: BackendProcess;
let native: BackendProcess;
let cert: SelfSignedCert;
const PASSWORD = 's3cret-pa55';

/**
 * PASSWORD's bcrypt hash for Prometheus' web config (`basic_auth_users`), made once with Python's
 * `crypt.crypt(PASSWORD, crypt.mksalt(crypt.METHOD_BLOWFISH))`: no bcrypt tool is needed to run the test.
 */
const PASSWORD_BCRYPT = '$2b$12$JwNXbE0ojXUKbikL0EH9EuC5GfOESihKnp5wycAgDIIB0WRNM7gxy';

beforeAll(async () => {
  cert = await createSelfSignedCert();
  const webConfig = join(cert.dir, 'web.yml');
  await writeFile(
    webConfig,
    `tls_server_config:\n  cert_file: ${cert.certFile}\n  key_file: ${cert.keyFile}\nbasic_auth_users:\n  writer: '${PASSWORD_BCRYPT}'\n`,
  );
  [prometheus, secured, native] = await Promise.all([
    startPrometheus('global: {}\n', 'meterkit-rw-prometheus-', { flags: RECEIVER_FLAGS }),
    startSecured(webConfig),
    startPrometheus('global: {}\n', 'meterkit-rw-native-', {
      flags: [...RECEIVER_FLAGS, '--enable-feature=native-histograms'],
    }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([prometheus?.stop(), secured?.stop(), native?.stop()]);
  await cert?.remove();
});

/** The secured one answers only HTTPS with auth, so readiness is polled that way. */
function startSecured(webConfig: string): Promise<BackendProcess> {
  return startPrometheus('global: {}\n', 'meterkit-rw-tls-', {
    flags: [...RECEIVER_FLAGS, `--web.config.file=${webConfig}`],
    isReady: async (baseUrl) =>
      (await securedGet(baseUrl, '/-/ready').catch(() => undefined))?.status === 200,
  });
}

/** Our own Prometheus self-metrics, read from its /metrics: what the receiver refused. */
async function receiverCounter(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('remote write into a real Prometheus 2.42', () => {
  it('passes the conformance suite, read back with PromQL', async () => {
    const backend: ConformanceBackend = {
      name: 'prometheus 2.42 remote write',
      config: () => ({
        provider: 'remote-write',
        remoteWrite: {
          url: `${prometheus.baseUrl}/api/v1/write`,
          // No static job: the suite records a series tagged job="import", and a series' own tag wins.
          labels: { instance: 'conformance-suite' },
        },
      }),
      async read(provider) {
        const snapshot = await provider.registry().snapshot();
        await provider.stop();
        const samples = await querySamples(
          prometheus.baseUrl,
          '{__name__=~"conf_suite_.+",instance="conformance-suite"}',
        );
        return toReadSeries(samples, snapshot, ['instance']);
      },
    };
    await runConformance(backend);
  });

  it('sends each push in order: rate() works, nothing out of order, the last value is the recorded one', async () => {
    const errors: Error[] = [];
    const provider: Provider = await createProvider({
      provider: 'remote-write',
      namespace: 'rw',
      tags: { region: 'eu' },
      remoteWrite: {
        url: `${prometheus.baseUrl}/api/v1/write`,
        interval: '200ms',
        labels: { job: 'ordered' },
      },
      onError: (error) => errors.push(error),
    });
    await provider.start();
    const orders = provider.counter('orders', { description: 'Orders' }).withTags({ shop: 'north' });
    const latency = provider.histogram('latency', { buckets: [0.1, 1] });
    for (let i = 0; i < 30; i++) {
      orders.add(2);
      latency.observe(i % 2 === 0 ? 0.05 : 0.5);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await provider.stop();
    const base = prometheus.baseUrl;
    expect(await queryScalar(base, 'rw_orders_total{job="ordered",shop="north",region="eu"}')).toBe(60);
    // Several pushes arrived as separate samples of one series.
    expect(await queryScalar(base, 'count_over_time(rw_orders_total{job="ordered"}[1m])')).toBeGreaterThan(3);
    expect(await queryScalar(base, 'rate(rw_orders_total{job="ordered"}[1m])')).toBeGreaterThan(0);
    expect(await queryScalar(base, 'rw_latency_bucket{job="ordered",le="0.1"}')).toBe(15);
    expect(await queryScalar(base, 'rw_latency_count{job="ordered"}')).toBe(30);
    expect(
      await queryScalar(base, 'histogram_quantile(0.5, sum by (le) (rw_latency_bucket{job="ordered"}))'),
    ).toBeGreaterThan(0);
    // The exporter's own counters arrive beside the application's.
    expect(await queryScalar(base, 'meterkit_remote_write_samples_total{job="ordered"}')).toBeGreaterThan(0);
    expect(await queryScalar(base, 'sum(meterkit_remote_write_dropped_samples_total{job="ordered"})')).toBe(
      0,
    );
    expect(await receiverCounter(base, 'prometheus_tsdb_out_of_order_samples_total')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('sends over HTTPS with a CA and basic auth; a wrong password is reported without the password', async () => {
    const url = `https://127.0.0.1:${new URL(secured.baseUrl).port}/api/v1/write`;
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'remote-write',
      remoteWrite: {
        url,
        basicAuth: { username: 'writer', password: PASSWORD },
        tls: { ca: cert.certFile },
        labels: { job: 'tls' },
      },
      onError: (error) => errors.push(error),
    });
    provider.counter('secure_writes').add(7);
    await provider.stop();
    expect(errors).toEqual([]);
    expect(await securedQuery('secure_writes_total{job="tls"}')).toBe('7');

    const wrong = await createProvider({
      provider: 'remote-write',
      remoteWrite: {
        url,
        basicAuth: { username: 'writer', password: 'not-the-Pa55' },
        tls: { ca: cert.certPem },
      },
      onError: (error) => errors.push(error),
    });
    wrong.counter('secure_writes').add(1);
    await wrong.stop();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/rejected with 401/)]);
    expect(errors[0]!.message).not.toContain('not-the-Pa55');
  });
});

/** A GET over HTTPS with basic auth, trusting the test CA (`baseUrl` is the http:// form). */
function securedGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `https://127.0.0.1:${port}${path}`,
      { ca: cert.certPem, auth: `writer:${PASSWORD}` },
      (res) => {
        let body = '';
        res.on('data', (part) => (body += part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** An instant query against the secured Prometheus: the first value, if any. */
async function securedQuery(query: string): Promise<string | undefined> {
  const { body } = await securedGet(secured.baseUrl, `/api/v1/query?${new URLSearchParams({ query })}`);
  const parsed = JSON.parse(body) as { data: { result: Array<{ value: [number, string] }> } };
  return parsed.data.result[0]?.value[1];
}

describe('native histograms into a real Prometheus 2.42 with --enable-feature=native-histograms', () => {
  it('stores an exponential histogram as a native one: count, sum and quantiles read back with PromQL', async () => {
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'remote-write',
      remoteWrite: {
        url: `${native.baseUrl}/api/v1/write`,
        nativeHistograms: true,
        labels: { job: 'native' },
      },
      onError: (error) => errors.push(error),
    });
    const sizes = provider.histogram('payload_bytes', { exponential: true });
    const both = provider.histogram('latency', { exponential: true, buckets: [10, 50] });
    for (let i = 1; i <= 100; i++) {
      sizes.observe(i);
      both.observe(i);
    }
    sizes.observe(0);
    sizes.observe(-8);
    await provider.stop();
    expect(errors).toEqual([]);
    const base = native.baseUrl;
    expect(await queryScalar(base, 'histogram_count(payload_bytes{job="native"})')).toBe(102);
    expect(await queryScalar(base, 'histogram_sum(payload_bytes{job="native"})')).toBe(5042);
    // Values 1..100 (plus 0 and -8): the median is 50; buckets at schema 8 are ~0.3% wide.
    const median = await queryScalar(base, 'histogram_quantile(0.5, latency{job="native"})');
    expect(median).toBeGreaterThan(49);
    expect(median).toBeLessThan(51.5);
    expect(await queryScalar(base, 'histogram_fraction(0, 10, latency{job="native"})')).toBeCloseTo(0.1, 1);
    // With explicit buckets the series keeps its classic form too.
    expect(await queryScalar(base, 'latency_bucket{job="native",le="50.0"}')).toBe(50);
    expect(await queryScalar(base, 'latency_count{job="native"}')).toBe(100);
  });
});
