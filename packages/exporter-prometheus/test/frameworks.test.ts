import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPENMETRICS_CONTENT_TYPE } from '../src/openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '../src/prometheus-serializer.js';
import { httpRequest } from './helpers/http-client.js';

/*
 * provider.handler() is a plain node:http (req, res) listener. These are the mounting recipes the
 * README shows, each checked end to end: GET in both formats, HEAD, and the app's other routes.
 */

let provider: Provider;
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  // Exact bodies below: without the exporter's own collections counter.
  provider = await createProvider({
    provider: 'prometheus',
    namespace: 'web',
    prometheus: { selfMetrics: false },
  });
  provider.counter('requests', { description: 'Requests' }).withTags({ route: '/hello' }).add(5);
});

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await provider.stop();
});

function listen(server: Server): Promise<string> {
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

async function expectMetricsServed(baseUrl: string, path = '/metrics'): Promise<void> {
  const text = await httpRequest(`${baseUrl}${path}`);
  expect(text.status).toBe(200);
  expect(text.headers['content-type']).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
  expect(text.body).toBe(
    '# HELP web_requests_total Requests\n# TYPE web_requests_total counter\nweb_requests_total{route="/hello"} 5\n',
  );
  const openMetrics = await httpRequest(`${baseUrl}${path}`, {
    headers: { Accept: 'application/openmetrics-text;version=1.0.0', 'Accept-Encoding': 'gzip' },
  });
  expect(openMetrics.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
  expect(openMetrics.headers['content-encoding']).toBe('gzip');
  expect(openMetrics.body.endsWith('web_requests_total{route="/hello"} 5\n# EOF\n')).toBe(true);
  const head = await httpRequest(`${baseUrl}${path}`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(head.body).toBe('');
}

describe('mounting provider.handler()', () => {
  it('works in node:http', async () => {
    const handler = provider.handler();
    const url = await listen(createServer(handler));
    await expectMetricsServed(url);
  });

  it('works in express, as a route and under app.use()', async () => {
    const app = express();
    app.get('/hello', (_req, res) => {
      res.send('hi');
    });
    app.get('/metrics', provider.handler());
    const url = await listen(createServer(app));
    await expectMetricsServed(url);
    expect((await httpRequest(`${url}/hello`)).body).toBe('hi');

    const mounted = express();
    // app.use() strips the mount path from req.url; the handler reads req.originalUrl.
    mounted.use('/metrics', provider.handler());
    await expectMetricsServed(await listen(createServer(mounted)));
  });

  it('works in fastify through reply.hijack()', async () => {
    const app = Fastify();
    const handler = provider.handler();
    app.get('/hello', async () => 'hi');
    app.get('/metrics', (request, reply) => {
      reply.hijack();
      handler(request.raw, reply.raw);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await expectMetricsServed(url);
    expect((await httpRequest(`${url}/hello`)).body).toBe('hi');
  });

  it('works in koa with ctx.respond = false', async () => {
    const app = new Koa();
    const handler = provider.handler();
    app.use(async (ctx, next) => {
      if (ctx.path !== '/metrics') return next();
      ctx.respond = false;
      handler(ctx.req, ctx.res);
    });
    app.use((ctx) => {
      ctx.body = 'hi';
    });
    const url = await listen(createServer(app.callback()));
    await expectMetricsServed(url);
    expect((await httpRequest(`${url}/hello`)).body).toBe('hi');
  });
});
