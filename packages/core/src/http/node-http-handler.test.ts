import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { close, listen, send, sortedSeries, until } from '../../test/support/http-test-support.js';
import type { Provider } from '../index.js';
import { createProvider } from '../index.js';
import { httpMetrics } from './http-metrics.js';
import { instrumentHandler, type NodeHttpMetricsOptions } from './node-http-handler.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

/** An application answering /users/:id (201 on POST), /slow and /stream, and 404 elsewhere. */
function app(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '').split('?')[0]!;
  if (path.startsWith('/users/')) {
    req.resume();
    req.on('end', () => {
      res.statusCode = req.method === 'POST' ? 201 : 200;
      res.end('{"id":1}');
    });
  } else if (path === '/stream') {
    res.write('ab');
    res.write(Buffer.from('cd'));
    res.end('é'); // two bytes in UTF-8
  } else if (path === '/metrics') {
    res.end('scrape');
  } else {
    res.statusCode = 404;
    res.end();
  }
}

async function serve(provider: Provider, options: NodeHttpMetricsOptions) {
  const server = createServer(instrumentHandler(app, provider, options));
  servers.push(server);
  return listen(server);
}

describe('instrumentHandler (node:http)', () => {
  it('counts by method, route template and status, collapsing unmatched paths into one value', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, { routes: ['/users/:id'] });
    expect((await send(base, 'GET', '/users/42')).status).toBe(200);
    await send(base, 'GET', '/users/7?expand=1');
    await send(base, 'POST', '/users/42', '{"name":"x"}');
    expect((await send(base, 'GET', '/nope/1')).status).toBe(404);
    await send(base, 'GET', '/other');
    await until(provider.gauge('http_requests_in_flight'), 0);

    const snapshot = await provider.registry().snapshot();
    expect(sortedSeries(snapshot, 'http_requests_total')).toEqual([
      { tags: { method: 'GET', route: '/users/:id', status: '200' }, value: 2 },
      { tags: { method: 'GET', route: 'unmatched', status: '404' }, value: 2 },
      { tags: { method: 'POST', route: '/users/:id', status: '201' }, value: 1 },
    ]);
    const durations = sortedSeries(snapshot, 'http_request_duration_seconds');
    expect(durations.map((d) => d.count)).toEqual([2, 2, 1]);
    for (const d of durations) expect(d.sum).toBeGreaterThan(0);
    expect(snapshot.metrics.find((m) => m.name === 'http_request_duration_seconds')?.type).toBe('timer');
    expect(JSON.stringify(snapshot)).not.toContain('/users/42');
    expect(provider.gauge('http_requests_in_flight').value()).toBe(0);
  });

  it('shows a request in flight while it is handled and returns to 0 after', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const inFlight = provider.gauge('http_requests_in_flight');
    let seenInside = -1;
    const server = createServer(
      instrumentHandler(
        (_req, res) => {
          seenInside = inFlight.value();
          setTimeout(() => res.end('done'), 20);
        },
        provider,
        { routeOf: () => '/slow' },
      ),
    );
    servers.push(server);
    const base = await listen(server);
    expect((await send(base, 'GET', '/slow')).body).toBe('done');
    await until(inFlight, 0);
    expect(seenInside).toBe(1);
    const [duration] = sortedSeries(await provider.registry().snapshot(), 'http_request_duration_seconds');
    expect(duration?.sum).toBeGreaterThanOrEqual(0.015);
  });

  it('records request and response body sizes when asked, counting streamed writes', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, { routes: ['/users/:id', '/stream'], sizes: true });
    await send(base, 'POST', '/users/1', 'hello');
    await send(base, 'GET', '/stream');
    await until(provider.gauge('http_requests_in_flight'), 0);
    const snapshot = await provider.registry().snapshot();
    expect(sortedSeries(snapshot, 'http_request_size_bytes')).toEqual([
      { tags: { method: 'GET', route: '/stream', status: '200' }, count: 1, sum: 0 },
      { tags: { method: 'POST', route: '/users/:id', status: '201' }, count: 1, sum: 5 },
    ]);
    expect(sortedSeries(snapshot, 'http_response_size_bytes')).toEqual([
      { tags: { method: 'GET', route: '/stream', status: '200' }, count: 1, sum: 6 },
      { tags: { method: 'POST', route: '/users/:id', status: '201' }, count: 1, sum: 8 },
    ]);
  });

  it('creates no size metrics by default', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, {});
    await send(base, 'GET', '/users/1');
    await until(provider.gauge('http_requests_in_flight'), 0);
    const names = (await provider.registry().snapshot()).metrics.map((m) => m.name).sort();
    expect(names).toEqual([
      'http_request_duration_seconds',
      'http_requests_in_flight',
      'http_requests_total',
    ]);
  });

  it('skips ignored requests entirely and maps unknown methods to OTHER', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, {
      routes: ['/users/:id'],
      ignore: (req) => req.url === '/metrics',
    });
    expect((await send(base, 'GET', '/metrics')).body).toBe('scrape');
    await send(base, 'PURGE', '/users/3');
    await send(base, 'DELETE', '/users/3');
    await until(provider.gauge('http_requests_in_flight'), 0);
    expect(sortedSeries(await provider.registry().snapshot(), 'http_requests_total')).toEqual([
      { tags: { method: 'DELETE', route: '/users/:id', status: '200' }, value: 1 },
      { tags: { method: 'OTHER', route: '/users/:id', status: '200' }, value: 1 },
    ]);
  });

  it('records a request the client abandoned as status 499, in flight back to 0', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const inFlight = provider.gauge('http_requests_in_flight');
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer(
      instrumentHandler(
        () => {
          arrived(); // never answers
        },
        provider,
        { routes: ['/hang'] },
      ),
    );
    servers.push(server);
    const base = await listen(server);
    const req = httpRequest(`${base}/hang`, { agent: false });
    req.on('error', () => undefined);
    req.end();
    await arrival;
    expect(inFlight.value()).toBe(1);
    req.destroy();
    await until(inFlight, 0);
    expect(sortedSeries(await provider.registry().snapshot(), 'http_requests_total')).toEqual([
      { tags: { method: 'GET', route: '/hang', status: '499' }, value: 1 },
    ]);
  });

  it('prefers routeOf, falls back to routes, and treats a throwing routeOf as unmatched', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const base = await serve(provider, {
      routes: ['/users/:id'],
      routeOf: (req) => {
        if (req.url === '/boom') throw new Error('routeOf failed');
        return req.url?.startsWith('/v2/') ? '/v2/*' : undefined;
      },
      unmatchedRoute: 'other',
      prefix: 'web',
    });
    await send(base, 'GET', '/v2/anything');
    await send(base, 'GET', '/users/5');
    await send(base, 'GET', '/boom');
    await until(provider.gauge('web_requests_in_flight'), 0);
    expect(sortedSeries(await provider.registry().snapshot(), 'web_requests_total')).toEqual([
      { tags: { method: 'GET', route: '/users/:id', status: '200' }, value: 1 },
      { tags: { method: 'GET', route: '/v2/*', status: '404' }, value: 1 },
      { tags: { method: 'GET', route: 'other', status: '404' }, value: 1 },
    ]);
  });

  it('counts a request once when two adapters wrap the same server', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const inner = instrumentHandler(app, provider, { routes: ['/users/:id'] });
    const server = createServer(instrumentHandler(inner, provider, { routes: ['/users/:id'] }));
    servers.push(server);
    const base = await listen(server);
    await send(base, 'GET', '/users/1');
    await until(provider.gauge('http_requests_in_flight'), 0);
    expect(
      provider
        .counter('http_requests_total')
        .withTags({ method: 'GET', route: '/users/:id', status: '200' })
        .value(),
    ).toBe(1);
  });

  it('shares the metrics of one provider (get-or-create) and validates its options', async () => {
    const provider = await createProvider({ provider: 'memory' });
    expect(httpMetrics(provider).requests).toBe(httpMetrics(provider).requests);
    expect(() => httpMetrics(provider, { prefix: '' })).toThrow(/Invalid prefix for httpMetrics: ""/);
    expect(() => instrumentHandler(app, provider, { routes: ['users/:id'] })).toThrow(
      /"users\/:id" is not a route pattern/,
    );
    expect(() => instrumentHandler(app, provider, { routeOf: 'x' as never })).toThrow(/Invalid routeOf/);
  });
});
