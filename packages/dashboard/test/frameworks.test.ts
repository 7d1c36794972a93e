import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DashboardHandler, dashboardHandler } from '../src/index.js';
import type { HelloMessage } from '../src/stream-protocol.js';
import { readEvents } from './event-stream-reader.js';

// The mounting recipes of the README, each checked end to end over HTTP: the page, its script, the
// event stream, and the application's own routes next to it.

let provider: Provider;
const closers: Array<() => Promise<void> | void> = [];

beforeEach(async () => {
  provider = await createProvider({ provider: 'memory' });
  provider.counter('hits_total').inc();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function dashboard(options = {}): DashboardHandler {
  const handler = dashboardHandler(provider, { scrapeAuth: false, interval: 250, ...options });
  closers.push(() => handler.close());
  return handler;
}

function listen(server: Server): Promise<string> {
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function expectDashboardAt(pageUrl: string): Promise<void> {
  const page = await fetch(pageUrl);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(await page.text()).toContain('<script src="dashboard.js" defer>');
  const script = await fetch(new URL('dashboard.js', pageUrl));
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  const { events } = await readEvents(new URL('events', pageUrl).href, (e) =>
    e.some((x) => x.event === 'frame'),
  );
  expect((events[0]!.data as HelloMessage).intervalMs).toBe(250);
}

describe('mounting dashboardHandler()', () => {
  it('works in express under app.use(), redirecting the mount point to its slash', async () => {
    const app = express();
    app.use('/dashboard', dashboard());
    app.get('/hello', (_req, res) => {
      res.send('hi');
    });
    const url = await listen(createServer(app));
    const redirect = await fetch(`${url}/dashboard`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/dashboard/');
    await expectDashboardAt(`${url}/dashboard/`);
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi');
    // Below the mount point, a path the dashboard does not know goes on to express (its 404).
    expect((await fetch(`${url}/dashboard/nothing`)).status).toBe(404);
  });

  it('works in fastify through reply.hijack(), with the full path', async () => {
    const app = Fastify();
    const handler = dashboard({ path: '/dashboard/' });
    for (const route of ['/dashboard', '/dashboard/*'])
      app.get(route, (request, reply) => {
        reply.hijack();
        handler(request.raw, reply.raw);
      });
    app.get('/hello', async () => 'hi');
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    expect((await fetch(`${url}/dashboard`, { redirect: 'manual' })).headers.get('location')).toBe(
      '/dashboard/',
    );
    await expectDashboardAt(`${url}/dashboard/`);
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi');
  });

  it('works in koa with ctx.respond = false', async () => {
    const app = new Koa();
    const handler = dashboard({ path: '/dashboard/' });
    app.use(async (ctx, next) => {
      if (!ctx.path.startsWith('/dashboard')) return next();
      ctx.respond = false;
      handler(ctx.req, ctx.res);
    });
    app.use((ctx) => {
      ctx.body = 'hi';
    });
    const url = await listen(createServer(app.callback()));
    await expectDashboardAt(`${url}/dashboard/`);
    expect(await (await fetch(`${url}/hello`)).text()).toBe('hi');
  });

  it('works in node:http at the root, handing other paths to next', async () => {
    const handler = dashboard();
    const url = await listen(
      createServer((req, res) => handler(req, res, () => res.writeHead(200).end('app'))),
    );
    await expectDashboardAt(`${url}/`);
    expect(await (await fetch(`${url}/orders`)).text()).toBe('app');
  });
});
