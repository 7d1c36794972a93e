import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { close, listen, send, sortedSeries, until } from '../../test/support/http-test-support.js';
import type { HistogramMetricSnapshot } from '../index.js';
import { createProvider, InvalidInstrumentationOptionError } from '../index.js';
import { httpMetrics } from './http-metrics.js';
import { instrumentHandler } from './node-http-handler.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

function app(req: IncomingMessage, res: ServerResponse) {
  res.statusCode = (req.url ?? '').startsWith('/users/') ? 200 : 404;
  res.end();
}

describe('HTTP middleware with semanticConventions: true', () => {
  it('records http.server.request.duration in seconds with the semconv attributes and buckets', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const server = createServer(
      instrumentHandler(app, provider, { routes: ['/users/:id'], semanticConventions: true }),
    );
    servers.push(server);
    const base = await listen(server);
    await send(base, 'GET', '/users/1');
    await send(base, 'GET', '/users/2');
    await send(base, 'DELETE', '/elsewhere');
    await until(provider.gauge('http_requests_in_flight'), 0);
    const snapshot = await provider.registry().snapshot();
    const metric = snapshot.metrics.find(
      (m) => m.name === 'http.server.request.duration',
    ) as HistogramMetricSnapshot;
    expect(metric.type).toBe('histogram');
    expect(metric.unit).toBe('s');
    expect(metric.points[0]!.buckets.map((b) => b.upperBound)).toEqual([
      0.005,
      0.01,
      0.025,
      0.05,
      0.075,
      0.1,
      0.25,
      0.5,
      0.75,
      1,
      2.5,
      5,
      7.5,
      10,
      Number.POSITIVE_INFINITY,
    ]);
    const series = sortedSeries(snapshot, 'http.server.request.duration');
    expect(series.map((s) => [s.tags, s.count])).toEqual([
      [{ 'http.request.method': 'DELETE', 'http.response.status_code': '404', 'http.route': 'unmatched' }, 1],
      [{ 'http.request.method': 'GET', 'http.response.status_code': '200', 'http.route': '/users/:id' }, 2],
    ]);
    // The classic metrics are still recorded alongside.
    expect(sortedSeries(snapshot, 'http_requests_total').map((s) => s.value)).toEqual([1, 2]);
  });

  it('is off by default and refuses a non-boolean', async () => {
    const provider = await createProvider({ provider: 'memory' });
    httpMetrics(provider);
    const snapshot = await provider.registry().snapshot();
    expect(snapshot.metrics.some((m) => m.name === 'http.server.request.duration')).toBe(false);
    expect(() => httpMetrics(provider, { semanticConventions: 'yes' as never })).toThrow(
      InvalidInstrumentationOptionError,
    );
  });
});
