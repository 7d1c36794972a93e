import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { send, sortedSeries, until } from '../../test/support/http-test-support.js';
import type { Provider } from '../index.js';
import { createProvider } from '../index.js';
import { fastifyPlugin } from './fastify-plugin.js';
import type { HttpMetricsOptions } from './http-metrics-options.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A real fastify app: the plugin, root routes, and routes inside an encapsulated plugin with a prefix. */
async function serve(provider: Provider, options: HttpMetricsOptions = {}) {
  const app = Fastify();
  apps.push(app);
  await app.register(fastifyPlugin(provider, { ignore: (req) => req.url === '/metrics', ...options }));
  app.get('/users/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.post('/users', async (request, reply) => {
    reply.code(201);
    return `created ${String(request.body).length}`;
  });
  app.get('/fail', async () => {
    throw new Error('handler failed');
  });
  app.get('/metrics', async () => 'scrape');
  await app.register(
    async (child) => {
      child.get('/items/:item', async () => 'item');
    },
    { prefix: '/shop' },
  );
  return app.listen({ port: 0, host: '127.0.0.1' });
}

describe('fastifyPlugin (fastify 4)', () => {
  it('records route templates (also of encapsulated plugins), statuses and unmatched 404s', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider);
    expect((await send(base, 'GET', '/users/42')).body).toBe('{"id":"42"}');
    await send(base, 'GET', '/users/43');
    await send(base, 'POST', '/users', 'hello');
    await send(base, 'GET', '/shop/items/9');
    expect((await send(base, 'GET', '/fail')).status).toBe(500);
    expect((await send(base, 'GET', '/missing/1')).status).toBe(404);
    await send(base, 'GET', '/missing/2');
    await send(base, 'GET', '/metrics');
    await until(provider.gauge('http_requests_in_flight'), 0);

    const snapshot = await provider.registry().snapshot();
    expect(sortedSeries(snapshot, 'http_requests_total')).toEqual([
      { tags: { method: 'GET', route: '/fail', status: '500' }, value: 1 },
      { tags: { method: 'GET', route: '/shop/items/:item', status: '200' }, value: 1 },
      { tags: { method: 'GET', route: '/users/:id', status: '200' }, value: 2 },
      { tags: { method: 'GET', route: 'unmatched', status: '404' }, value: 2 },
      { tags: { method: 'POST', route: '/users', status: '201' }, value: 1 },
    ]);
    const durations = sortedSeries(snapshot, 'http_request_duration_seconds');
    expect(durations.map((d) => d.count)).toEqual([1, 1, 2, 2, 1]);
    for (const d of durations) expect(d.sum).toBeGreaterThan(0);
    expect(JSON.stringify(snapshot)).not.toContain('/users/42');
    expect(provider.gauge('http_requests_in_flight').value()).toBe(0);
  });

  it('records body sizes and shows requests in flight', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const inFlight = provider.gauge('http_requests_in_flight');
    const app = Fastify();
    apps.push(app);
    await app.register(fastifyPlugin(provider, { sizes: true }));
    let seenInside = -1;
    app.post('/echo', async (request) => {
      seenInside = inFlight.value();
      return request.body;
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await send(base, 'POST', '/echo', 'hello world')).body).toBe('hello world');
    await until(inFlight, 0);
    expect(seenInside).toBe(1);
    const snapshot = await provider.registry().snapshot();
    const tags = { method: 'POST', route: '/echo', status: '200' };
    expect(sortedSeries(snapshot, 'http_request_size_bytes')).toEqual([{ tags, count: 1, sum: 11 }]);
    expect(sortedSeries(snapshot, 'http_response_size_bytes')).toEqual([{ tags, count: 1, sum: 11 }]);
  });
});
