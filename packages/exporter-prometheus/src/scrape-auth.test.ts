import { afterEach, describe, expect, it } from 'vitest';
import { everyTypeSnapshot } from '../test/fixtures/snapshots.js';
import { httpRequest } from '../test/helpers/http-client.js';
import type { ScrapeAuth } from './scrape-auth.js';
import { createScrapeHandler } from './scrape-handler.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let server: StandaloneServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

async function protectedUrl(auth: ScrapeAuth): Promise<string> {
  server = await startServer(createScrapeHandler({ collect: async () => everyTypeSnapshot, auth }), {
    port: 0,
  });
  return `${server.url}/metrics`;
}

async function statusWith(url: string, authorization?: string): Promise<number> {
  const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
  return (await httpRequest(url, { headers })).status;
}

describe('scrape authentication', () => {
  it('accepts the right basic credentials and rejects anything else with 401 and a challenge', async () => {
    const url = await protectedUrl({ basic: { username: 'prom', password: 'pä:ss word' } });
    const ok = await httpRequest(url, { headers: { Authorization: basicHeader('prom', 'pä:ss word') } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('app_requests_total');
    const denied = await httpRequest(url);
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Basic realm="metrics", charset="UTF-8"');
    expect(denied.body).toBe('Unauthorized: metrics need basic auth\n');
    expect(denied.body).not.toContain('app_requests');
    expect(await statusWith(url, basicHeader('prom', 'wrong'))).toBe(401);
    expect(await statusWith(url, basicHeader('other', 'pä:ss word'))).toBe(401);
    expect(await statusWith(url, basicHeader('prom', 'pä:ss word!'))).toBe(401);
    expect(await statusWith(url, 'Basic !!!not-base64')).toBe(401);
    expect(await statusWith(url, 'Basic')).toBe(401);
    expect(await statusWith(url, basicHeader('prom', 'pä:ss word').replace('Basic', 'bAsIc'))).toBe(200);
  });

  it('accepts the bearer token, case-insensitive scheme, and rejects tokens of any other length', async () => {
    const url = await protectedUrl({ bearerToken: 's3cr3t-token' });
    expect(await statusWith(url, 'Bearer s3cr3t-token')).toBe(200);
    expect(await statusWith(url, 'bearer s3cr3t-token')).toBe(200);
    // timingSafeEqual throws on unequal lengths: hashing both sides first makes these plain 401s.
    expect(await statusWith(url, 'Bearer s3cr3t')).toBe(401);
    expect(await statusWith(url, 'Bearer s3cr3t-token-and-more')).toBe(401);
    expect(await statusWith(url, 'Bearer ')).toBe(401);
    expect(await statusWith(url, basicHeader('s3cr3t-token', ''))).toBe(401);
    const denied = await httpRequest(url);
    expect(denied.headers['www-authenticate']).toBe('Bearer realm="metrics"');
  });

  it('with both configured, accepts either and sends both challenges', async () => {
    const url = await protectedUrl({ basic: { username: 'u', password: 'p' }, bearerToken: 't' });
    expect(await statusWith(url, basicHeader('u', 'p'))).toBe(200);
    expect(await statusWith(url, 'Bearer t')).toBe(200);
    const denied = await httpRequest(url, { headers: { Authorization: 'Digest x' } });
    expect(denied.status).toBe(401);
    // Node joins repeated WWW-Authenticate headers with ", " when reading them back.
    expect(denied.headers['www-authenticate']).toBe(
      'Basic realm="metrics", charset="UTF-8", Bearer realm="metrics"',
    );
    expect(denied.body).toBe('Unauthorized: metrics need basic auth or a bearer token\n');
  });

  it('checks credentials before anything else: no path, method or HEAD answer leaks', async () => {
    const url = await protectedUrl({ bearerToken: 't' });
    const base = url.replace('/metrics', '');
    expect(await statusWith(`${base}/elsewhere`)).toBe(401);
    expect((await httpRequest(url, { method: 'HEAD' })).status).toBe(401);
    expect((await httpRequest(url, { method: 'POST', body: 'x' })).status).toBe(401);
    expect(await statusWith(`${base}/elsewhere`, 'Bearer t')).toBe(404);
  });

  it('is applied by startServer({ auth }) in front of a handler that has none', async () => {
    server = await startServer(createScrapeHandler({ collect: async () => everyTypeSnapshot }), {
      port: 0,
      auth: { bearerToken: 'server-side' },
    });
    expect(await statusWith(`${server.url}/metrics`)).toBe(401);
    expect(await statusWith(`${server.url}/metrics`, 'Bearer server-side')).toBe(200);
  });
});
