import { createProvider, MetricFilters, type Provider } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../test/helpers/http-client.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let server: StandaloneServer | undefined;
let provider: Provider | undefined;
afterEach(async () => {
  await server?.close();
  await provider?.stop();
  server = undefined;
  provider = undefined;
});

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/;

async function scrape(p: Provider, accept?: string): Promise<string> {
  server ??= await startServer(p, { port: 0 });
  const response = await httpRequest(`${server.url}/metrics`, { headers: accept ? { Accept: accept } : {} });
  expect(response.status).toBe(200);
  return response.body;
}

describe('information disclosure', () => {
  it('exposes no process arguments, environment, paths or working directory, even with runtime and system metrics', async () => {
    const probe = 'probe-value-7c1e4f-must-not-leak';
    process.env.METERKIT_DISCLOSURE_PROBE = probe;
    try {
      provider = await createProvider({
        provider: 'prometheus',
        enableRuntimeMetrics: true,
        enableSystemMetrics: true,
      });
      const body = await scrape(provider);
      expect(body).toContain(`version="${process.version}"`);
      expect(body).toContain('process_cpu_seconds_total');
      expect(body).not.toContain(probe);
      expect(body).not.toContain('METERKIT_DISCLOSURE_PROBE');
      for (const secretish of [...process.argv, ...process.execArgv, process.execPath, process.cwd()]) {
        // Short argv entries ("-e", "run") could match by chance; paths and values could not.
        if (secretish.length >= 8) expect(body).not.toContain(secretish);
      }
      const labelValues = [...body.matchAll(/="([^"]*)"/g)].map((match) => match[1]);
      expect(labelValues.filter((value) => value?.includes('/'))).toEqual([]);
    } finally {
      delete process.env.METERKIT_DISCLOSURE_PROBE;
    }
  });

  it('with MetricFilters.redactTagValues(), a scrape in either format shows no e-mail address', async () => {
    provider = await createProvider({
      provider: 'prometheus',
      filters: [MetricFilters.redactTagValues()],
    });
    const logins = provider.counter('logins', { description: 'Logins' });
    logins.withTags({ user: 'ada@example.com' }).inc();
    logins.withTags({ user: 'grace.hopper+navy@mail.example.org' }).add(2);
    logins.withTags({ user: 'guest' }).inc();
    provider.info('build', { description: 'Build' }).set({ owner: 'ops@example.com', version: '1.2.3' });
    provider.registry().registerCallback('inbox_size', () => 7, { tags: { mailbox: 'alerts@example.net' } });
    const text = await scrape(provider);
    const openMetrics = await scrape(provider, 'application/openmetrics-text;version=1.0.0');
    for (const body of [text, openMetrics]) {
      expect(body).not.toMatch(EMAIL);
      expect(body).toContain('logins_total{user="redacted"} 3\n');
      expect(body).toContain('logins_total{user="guest"} 1\n');
      expect(body).toContain('build_info{owner="redacted",version="1.2.3"} 1\n');
      expect(body).toContain('inbox_size{mailbox="redacted"} 7\n');
    }
  });
});
