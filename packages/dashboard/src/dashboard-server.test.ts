import { get } from 'node:https';
import { NoopProvider } from '@meterkit/core';
import { createSelfSignedCert, type SelfSignedCert } from '@meterkit/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../test/event-stream-reader.js';
import { type DashboardServer, startDashboard } from './dashboard-server.js';

let cert: SelfSignedCert;
let server: DashboardServer | undefined;
beforeAll(async () => {
  cert = await createSelfSignedCert();
});
afterAll(async () => {
  await cert?.remove();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('startDashboard', () => {
  it('listens on 127.0.0.1 by default and closes with a page still connected', async () => {
    server = await startDashboard(new NoopProvider(), { port: 0, env: {} });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect((await fetch(server.url)).status).toBe(200);
    const stream = readEvents(`${server.url}events`, () => false, {}, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await server.close(); // would hang if the open event stream kept the server alive
    server = undefined;
    const { events } = await stream;
    expect(events[0]!.event).toBe('hello');
  });

  it('serves HTTPS with the TLS key and certificate given like prometheus.tls (file paths)', async () => {
    server = await startDashboard(new NoopProvider(), {
      port: 0,
      env: {},
      tls: { key: cert.keyFile, cert: cert.certFile },
      scrapeAuth: { bearerToken: 'tok' },
    });
    expect(server.url.startsWith('https://127.0.0.1:')).toBe(true);
    const status = (authorization?: string) =>
      new Promise<number>((resolve, reject) => {
        get(
          server!.url,
          { ca: cert.certPem, servername: cert.serverName, headers: authorization ? { authorization } : {} },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        ).on('error', reject);
      });
    expect(await status()).toBe(401);
    expect(await status('Bearer tok')).toBe(200);
  });
});
