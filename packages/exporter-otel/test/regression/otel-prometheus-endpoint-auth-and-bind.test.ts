/*
 * Issue 14, item 4: the OpenTelemetry-side Prometheus endpoint (`opentelemetry.prometheus: { port }`)
 * listened on every interface and ignored the configured scrape auth. It now listens on 127.0.0.1
 * unless `host` says otherwise, and applies `prometheus.scrapeAuth`, `prometheus.tls` and the scrape
 * limits exactly as the Prometheus exporter does. Proven with real HTTP(S) requests and a real
 * Prometheus 2.42 scraping it with and without credentials.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createProvider, type Provider } from '@meterkit/core';
import {
  type BackendProcess,
  createSelfSignedCert,
  eventually,
  freePort,
  queryScalar,
  type SelfSignedCert,
  startPrometheus,
  targetOfJob,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const USER = 'prom';
const PASSWORD = 'otel-endpoint-pw';
const TOKEN = 'otel-endpoint-token';

let basicPort: number;
let tlsPort: number;
let cert: SelfSignedCert;
let prometheus: BackendProcess | undefined;
const providers: Provider[] = [];

type Answer = { status: number; body: string; headers: Record<string, unknown> } | { error: string };

/** One GET over a new connection (http or https with the test CA): the answer or the error code. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, { headers, agent: false, ca: cert?.certPem }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

beforeAll(async () => {
  [basicPort, tlsPort, cert] = await Promise.all([freePort(), freePort(), createSelfSignedCert()]);
  const withBasicAuth = await createProvider({
    provider: 'opentelemetry',
    namespace: 'otelauth',
    opentelemetry: { prometheus: { port: basicPort } }, // no host: the default interface
    prometheus: { scrapeAuth: { basic: { username: USER, password: PASSWORD } } },
  });
  withBasicAuth.counter('orders', { description: 'Orders' }).add(3);
  const withTlsAndToken = await createProvider({
    provider: 'opentelemetry',
    namespace: 'oteltls',
    opentelemetry: { prometheus: { port: tlsPort, host: '127.0.0.1' } },
    prometheus: { scrapeAuth: { bearerToken: TOKEN }, tls: { key: cert.keyFile, cert: cert.certFile } },
  });
  withTlsAndToken.counter('payments', { description: 'Payments' }).add(5);
  providers.push(withBasicAuth, withTlsAndToken);
  await Promise.all(providers.map((provider) => provider.start()));
}, 30_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(providers.map((provider) => provider.stop()));
  await cert?.remove();
});

describe('the opentelemetry.prometheus endpoint', () => {
  it('listens on 127.0.0.1 by default, not on every interface', async () => {
    expect(await get(`http://127.0.0.1:${basicPort}/metrics`)).toMatchObject({ status: 401 });
    // 127.0.0.2 is this host too: a server bound to 0.0.0.0 would answer there.
    expect(await get(`http://127.0.0.2:${basicPort}/metrics`)).toEqual({ error: 'ECONNREFUSED' });
  });

  it('answers 401 without the configured basic auth, and 200 with it', async () => {
    const url = `http://127.0.0.1:${basicPort}/metrics`;
    const anonymous = await get(url);
    expect(anonymous).toMatchObject({ status: 401 });
    expect((anonymous as { body: string }).body).not.toContain('otelauth');
    expect((anonymous as { headers: Record<string, unknown> }).headers['www-authenticate']).toMatch(
      /^Basic /,
    );
    expect(await get(url, basic(USER, 'wrong'))).toMatchObject({ status: 401 });
    const served = await get(url, basic(USER, PASSWORD));
    expect(served).toMatchObject({ status: 200 });
    // OpenTelemetry's naming: the scope label and target_info come from the SDK's serializer.
    expect((served as { body: string }).body).toMatch(
      /^otelauth_orders_total\{otel_scope_name="@meterkit\/exporter-otel"[^}]*\} 3$/m,
    );
    expect((served as { body: string }).body).toContain('target_info{');
  });

  it('serves HTTPS with prometheus.tls and checks the bearer token', async () => {
    const url = `https://127.0.0.1:${tlsPort}/metrics`;
    expect(await get(url)).toMatchObject({ status: 401 });
    const served = await get(url, { Authorization: `Bearer ${TOKEN}` });
    expect(served).toMatchObject({ status: 200 });
    expect((served as { body: string }).body).toMatch(/^oteltls_payments_total\{[^}]*\} 5$/m);
    // Plain HTTP to the TLS port gets no metrics.
    expect(
      await get(`http://127.0.0.1:${tlsPort}/metrics`, { Authorization: `Bearer ${TOKEN}` }),
    ).not.toMatchObject({
      status: 200,
    });
  });

  it('is scraped by a real Prometheus with the credentials, and refused without them', async () => {
    const target = `127.0.0.1:${basicPort}`;
    prometheus = await startPrometheus(
      [
        'global: { scrape_interval: 1s, scrape_timeout: 1s }',
        'scrape_configs:',
        '  - job_name: otel_with_auth',
        `    basic_auth: { username: ${USER}, password: ${PASSWORD} }`,
        `    static_configs: [{ targets: ['${target}'] }]`,
        '  - job_name: otel_without_auth',
        `    static_configs: [{ targets: ['${target}'] }]`,
        '  - job_name: otel_tls_token',
        '    scheme: https',
        `    tls_config: { ca_file: ${cert.certFile}, server_name: ${cert.serverName} }`,
        `    authorization: { type: Bearer, credentials: ${TOKEN} }`,
        `    static_configs: [{ targets: ['127.0.0.1:${tlsPort}'] }]`,
        '',
      ].join('\n'),
    );
    const base = prometheus.baseUrl;
    const orders = await eventually('orders scraped with basic auth', async () =>
      queryScalar(base, 'otelauth_orders_total{job="otel_with_auth"}'),
    );
    expect(orders).toBe(3);
    const payments = await eventually('payments scraped over TLS with the token', async () =>
      queryScalar(base, 'oteltls_payments_total{job="otel_tls_token"}'),
    );
    expect(payments).toBe(5);
    const refused = await eventually('the job without credentials scraped', async () => {
      const found = await targetOfJob(base, 'otel_without_auth');
      return found?.lastError ? found : undefined;
    });
    expect(refused.health).toBe('down');
    expect(refused.lastError).toContain('401');
    expect(await queryScalar(base, 'up{job="otel_without_auth"}')).toBe(0);
    expect(await queryScalar(base, 'otelauth_orders_total{job="otel_without_auth"}')).toBeUndefined();
  }, 60_000);
});
