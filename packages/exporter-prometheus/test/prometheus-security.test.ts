import { type Config, createProvider, MetricFilters, type Provider } from '@meterkit/core';
import {
  type ActiveTarget,
  activeTargets,
  type BackendProcess,
  createSelfSignedCert,
  eventually,
  queryScalar,
  queryVector,
  type SelfSignedCert,
  startPrometheus,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROMETHEUS_SECURITY_ENV } from '../src/scrape-security-config.js';
import { type StandaloneServer, startServer } from '../src/standalone-server.js';

/*
 * A real Prometheus 2.42 scrapes meterkit targets that require credentials or TLS, once with the
 * right `basic_auth` / `authorization` / `tls_config` and once without: only the former are up.
 * The scrape_configs written here are the ones the README documents.
 */

// The first scrape comes ~5 s after Prometheus starts (its target-update throttle).
vi.setConfig({ testTimeout: 20_000 });

const BASIC = { username: 'prometheus', password: 'correct horse: battery' };
const ENV_TOKEN = 'env-token-5f0c1d9e';
const TLS_TOKEN = 'tls-token-93a7';

let prometheus: BackendProcess;
let cert: SelfSignedCert;
const providers: Provider[] = [];
const servers: StandaloneServer[] = [];

/** A provider with the same few metrics, one of them tagged with an e-mail address the filter redacts. */
async function target(prometheusSection: Config['prometheus']): Promise<string> {
  const provider = await createProvider({
    provider: 'prometheus',
    namespace: 'sec',
    filters: [MetricFilters.redactTagValues()],
    prometheus: prometheusSection,
  });
  providers.push(provider);
  provider.counter('orders', { description: 'Orders placed' }).add(5);
  const logins = provider.counter('logins', { description: 'Logins by user' });
  logins.withTags({ user: 'ada@example.com' }).inc();
  logins.withTags({ user: 'grace@example.org' }).inc();
  const server = await startServer(provider, { port: 0 });
  servers.push(server);
  return new URL(server.url).host;
}

/** The scrape config for one job (JSON is YAML, so no quoting surprises in passwords). */
function job(name: string, hostPort: string, extra: Record<string, unknown> = {}) {
  return { job_name: name, static_configs: [{ targets: [hostPort] }], ...extra };
}

beforeAll(async () => {
  cert = await createSelfSignedCert();
  const basicTarget = await target({ scrapeAuth: { basic: BASIC } });
  // The bearer target takes its token from the environment, as a deployment would.
  process.env[PROMETHEUS_SECURITY_ENV.bearerToken] = ENV_TOKEN;
  let bearerTarget: string;
  try {
    bearerTarget = await target({});
  } finally {
    delete process.env[PROMETHEUS_SECURITY_ENV.bearerToken];
  }
  const tlsTarget = await target({ tls: { key: cert.keyFile, cert: cert.certFile } });
  const tlsBearerTarget = await target({
    tls: { key: cert.keyPem, cert: cert.certPem },
    scrapeAuth: { bearerToken: TLS_TOKEN },
  });
  const trusted = { scheme: 'https', tls_config: { ca_file: cert.certFile, server_name: cert.serverName } };
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s' },
    scrape_configs: [
      job('basic_right', basicTarget, { basic_auth: BASIC }),
      job('basic_wrong', basicTarget, { basic_auth: { ...BASIC, password: 'correct horse' } }),
      job('basic_none', basicTarget),
      job('bearer_right', bearerTarget, { authorization: { type: 'Bearer', credentials: ENV_TOKEN } }),
      job('bearer_wrong', bearerTarget, { authorization: { type: 'Bearer', credentials: TLS_TOKEN } }),
      job('tls_right', tlsTarget, trusted),
      job('tls_untrusted', tlsTarget, { scheme: 'https' }),
      job('tls_bearer_right', tlsBearerTarget, {
        ...trusted,
        authorization: { type: 'Bearer', credentials: TLS_TOKEN },
      }),
      job('tls_bearer_none', tlsBearerTarget, trusted),
    ],
  };
  prometheus = await startPrometheus(JSON.stringify(config, null, 2), 'meterkit-prometheus-security-');
}, 30_000);

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(providers.map((provider) => provider.stop()));
  await cert?.remove();
});

/** Every job's target once Prometheus has scraped it at least once. */
async function scrapedTargets(): Promise<Map<string, ActiveTarget>> {
  return eventually('every job scraped once', async () => {
    const targets = await activeTargets(prometheus.baseUrl);
    if (targets.length < 9 || targets.some((t) => t.health === 'unknown')) return undefined;
    return new Map(targets.map((t) => [t.labels.job!, t]));
  });
}

describe('Prometheus 2.42 scraping protected targets', () => {
  it.each([
    ['basic_right', 'up', ''],
    ['bearer_right', 'up', ''],
    ['tls_right', 'up', ''],
    ['tls_bearer_right', 'up', ''],
    ['basic_wrong', 'down', 'server returned HTTP status 401 Unauthorized'],
    ['basic_none', 'down', 'server returned HTTP status 401 Unauthorized'],
    ['bearer_wrong', 'down', 'server returned HTTP status 401 Unauthorized'],
    ['tls_bearer_none', 'down', 'server returned HTTP status 401 Unauthorized'],
    ['tls_untrusted', 'down', 'x509: certificate signed by unknown authority'],
  ])('job %s is %s', async (jobName, health, error) => {
    const scraped = (await scrapedTargets()).get(jobName);
    expect(scraped?.health).toBe(health);
    if (error === '') expect(scraped?.lastError).toBe('');
    else expect(scraped?.lastError).toContain(error);
    expect(scraped?.scrapeUrl.startsWith(jobName.startsWith('tls') ? 'https://' : 'http://')).toBe(true);
  });

  it('stores `up` 1 and the samples only for the jobs with the right credentials', async () => {
    await scrapedTargets();
    const base = prometheus.baseUrl;
    const up = await queryVector(base, 'up');
    const upByJob = Object.fromEntries(up.map(({ metric, value }) => [metric.job, Number(value[1])]));
    expect(upByJob).toEqual({
      basic_right: 1,
      bearer_right: 1,
      tls_right: 1,
      tls_bearer_right: 1,
      basic_wrong: 0,
      basic_none: 0,
      bearer_wrong: 0,
      tls_bearer_none: 0,
      tls_untrusted: 0,
    });
    const orders = await queryVector(base, 'sec_orders_total');
    expect(orders.map(({ metric }) => metric.job).sort()).toEqual([
      'basic_right',
      'bearer_right',
      'tls_bearer_right',
      'tls_right',
    ]);
    expect(orders.every(({ value }) => value[1] === '5')).toBe(true);
  });

  it('stores no e-mail address: the redaction filter applied before the scrape', async () => {
    await scrapedTargets();
    const base = prometheus.baseUrl;
    expect(await queryScalar(base, 'sec_logins_total{job="basic_right",user="redacted"}')).toBe(2);
    expect(await queryVector(base, '{__name__=~"sec_.+",user=~".*@.*"}')).toEqual([]);
  });
});
