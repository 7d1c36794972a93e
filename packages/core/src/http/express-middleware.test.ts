import type { Server } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { baseUrl, close, send, sortedSeries, until } from '../../test/support/http-test-support.js';
import type { Provider } from '../index.js';
import { createProvider } from '../index.js';
import { expressMiddleware } from './express-middleware.js';
import type { RouteOptions } from './http-metrics-options.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

/** A real express app: the middleware first, a router mounted at /api, and an error route. */
async function serve(provider: Provider, options: RouteOptions<express.Request> = {}) {
  const app = express();
  app.use(expressMiddleware(provider, { ignore: (req) => req.url === '/metrics', ...options }));
  const api = express.Router();
  api.get('/users/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  api.post('/users', express.text(), (req, res) => {
    res.status(201).send(`created ${String(req.body).length}`);
  });
  api.get('/', (_req, res) => {
    res.send('api root');
  });
  app.use('/api', api);
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.get('/fail', () => {
    throw new Error('handler failed');
  });
  app.get('/metrics', (_req, res) => {
    res.send('scrape');
  });
  // Keep express' default error page quiet in the test output.
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send('failed');
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return baseUrl(server);
}

describe('expressMiddleware (express 5)', () => {
  it('records route templates including the router mount path, statuses and unmatched 404s', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider);
    expect((await send(base, 'GET', '/api/users/42')).body).toBe('{"id":"42"}');
    await send(base, 'GET', '/api/users/43');
    await send(base, 'POST', '/api/users', 'hello');
    await send(base, 'GET', '/api');
    await send(base, 'GET', '/health');
    expect((await send(base, 'GET', '/fail')).status).toBe(500);
    expect((await send(base, 'GET', '/api/nothing/here')).status).toBe(404);
    await send(base, 'GET', '/missing');
    await send(base, 'GET', '/metrics');
    await until(provider.gauge('http_requests_in_flight'), 0);

    const snapshot = await provider.registry().snapshot();
    expect(sortedSeries(snapshot, 'http_requests_total')).toEqual([
      { tags: { method: 'GET', route: '/api', status: '200' }, value: 1 },
      { tags: { method: 'GET', route: '/api/users/:id', status: '200' }, value: 2 },
      { tags: { method: 'GET', route: '/fail', status: '500' }, value: 1 },
      { tags: { method: 'GET', route: '/health', status: '200' }, value: 1 },
      { tags: { method: 'GET', route: 'unmatched', status: '404' }, value: 2 },
      { tags: { method: 'POST', route: '/api/users', status: '201' }, value: 1 },
    ]);
    const durations = sortedSeries(snapshot, 'http_request_duration_seconds');
    expect(durations.map((d) => d.count)).toEqual([1, 2, 1, 1, 2, 1]);
    for (const d of durations) expect(d.sum).toBeGreaterThan(0);
    expect(JSON.stringify(snapshot)).not.toContain('/api/users/42');
  });

  it('records body sizes from a real express response', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, { sizes: true });
    await send(base, 'POST', '/api/users', 'hello');
    await send(base, 'GET', '/api/users/7');
    await until(provider.gauge('http_requests_in_flight'), 0);
    const snapshot = await provider.registry().snapshot();
    expect(sortedSeries(snapshot, 'http_request_size_bytes')).toEqual([
      { tags: { method: 'GET', route: '/api/users/:id', status: '200' }, count: 1, sum: 0 },
      { tags: { method: 'POST', route: '/api/users', status: '201' }, count: 1, sum: 5 },
    ]);
    expect(sortedSeries(snapshot, 'http_response_size_bytes')).toEqual([
      { tags: { method: 'GET', route: '/api/users/:id', status: '200' }, count: 1, sum: '{"id":"7"}'.length },
      { tags: { method: 'POST', route: '/api/users', status: '201' }, count: 1, sum: 'created 5'.length },
    ]);
  });

  it('lets routeOf name routes express cannot, such as a parameterised mount path', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, {
      routeOf: (req) => (req.originalUrl.startsWith('/api/users/') ? '/api/users/{id}' : undefined),
    });
    await send(base, 'GET', '/api/users/1');
    await send(base, 'GET', '/health');
    await until(provider.gauge('http_requests_in_flight'), 0);
    expect(sortedSeries(await provider.registry().snapshot(), 'http_requests_total')).toEqual([
      { tags: { method: 'GET', route: '/api/users/{id}', status: '200' }, value: 1 },
      { tags: { method: 'GET', route: '/health', status: '200' }, value: 1 },
    ]);
  });
});
