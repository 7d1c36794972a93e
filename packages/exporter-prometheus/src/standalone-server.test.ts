import { request as httpsRequest } from 'node:https';
import { createProvider, type Provider } from '@meterkit/core';
import { createSelfSignedCert, type SelfSignedCert } from '@meterkit/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { everyTypeSnapshot } from '../test/fixtures/snapshots.js';
import { httpRequest } from '../test/helpers/http-client.js';
import { createScrapeHandler } from './scrape-handler.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let cert: SelfSignedCert;
let server: StandaloneServer | undefined;
let provider: Provider | undefined;
beforeAll(async () => {
  cert = await createSelfSignedCert();
});
afterEach(async () => {
  await server?.close();
  await provider?.stop();
  server = undefined;
  provider = undefined;
});
afterAll(async () => {
  await cert?.remove();
});

/** An HTTPS GET that trusts only the test certificate and checks it is for `servername`. */
function httpsGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: cert.certPem, servername: cert.serverName, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer with TLS', () => {
  it('serves HTTPS with the key and certificate of the Config (file paths), with scrape auth', async () => {
    provider = await createProvider({
      provider: 'prometheus',
      prometheus: {
        tls: { key: cert.keyFile, cert: cert.certFile },
        scrapeAuth: { bearerToken: 'tls-token' },
        selfMetrics: false,
      },
    });
    provider.counter('secure_hits', { description: 'Hits' }).inc();
    server = await startServer(provider, { port: 0 });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ok = await httpsGet(`${server.url}/metrics`, { Authorization: 'Bearer tls-token' });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(
      '# HELP secure_hits_total Hits\n# TYPE secure_hits_total counter\nsecure_hits_total 1\n',
    );
    expect((await httpsGet(`${server.url}/metrics`)).status).toBe(401);
    // Plain HTTP to the TLS port gets no answer at all: the TLS server hangs up.
    const plainUrl = server.url.replace('https:', 'http:');
    await expect(httpRequest(`${plainUrl}/metrics`)).rejects.toThrow('socket hang up');
  });

  it('rejects a client that does not trust the certificate', async () => {
    server = await startServer(createScrapeHandler({ collect: async () => everyTypeSnapshot }), {
      port: 0,
      tls: { key: cert.keyPem, cert: cert.certPem },
    });
    const untrusting = new Promise((resolve, reject) => {
      httpsRequest(`${server!.url}/metrics`, resolve).on('error', reject).end();
    });
    await expect(untrusting).rejects.toThrow(/self[- ]signed certificate/);
    expect((await httpsGet(`${server.url}/metrics`)).status).toBe(200);
  });

  it('an explicit tls option wins over the Config, and no tls means plain HTTP', async () => {
    provider = await createProvider({ provider: 'prometheus' });
    server = await startServer(provider, { port: 0 });
    expect(server.url).toMatch(/^http:\/\//);
    expect((await httpRequest(`${server.url}/metrics`)).status).toBe(200);
    await server.close();
    server = await startServer(provider.handler(), {
      port: 0,
      tls: { key: cert.keyPem, cert: cert.certPem },
    });
    expect((await httpsGet(`${server.url}/metrics`)).status).toBe(200);
  });
});
