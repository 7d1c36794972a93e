// Seed 002's usage examples, end to end: a provider built from Config (metrics-config.mjs), tags,
// HTTP middleware, timers three ways, a callback gauge, and the metrics endpoint.
//
//   node examples/config-driven/server.mjs                        # Prometheus at /metrics
//   METERKIT_PROVIDER=logger node examples/config-driven/server.mjs    # same code, a table on stdout
//
// PORT (0 = any free port), METRICS_PORT (also serve metrics on a separate port) and
// EXAMPLE_DURATION (e.g. 10s: stop by itself) are optional.
import { createServer } from 'node:http';
import { createProvider, parseDuration } from '@meterkit/core';
import { instrumentHandler } from '@meterkit/core/http';
import { startServer } from '@meterkit/exporter-prometheus';
import { loadConfig } from './metrics-config.mjs';

const config = loadConfig();
const metrics = await createProvider(config);

// Basic usage: a counter with a description and a tag.
const logins = metrics.counter('logins_total', { description: 'Login attempts', tags: { service: 'api' } });

// Tags: a histogram whose series carry method/path/status, and a provider view with default tags.
const latency = metrics.histogram('request_latency_seconds', {
  description: 'Request latency in seconds',
  buckets: [0.001, 0.01, 0.1, 0.5, 1, 2, 5],
});
const apiMetrics = metrics.withTags({ service: 'api', version: '1.0' });
const ordersPlaced = apiMetrics.counter('orders_total', { description: 'Orders placed' });

// Timers, three ways (see the handlers below).
const dbTimer = metrics.timer('db_query_duration', { description: 'Database query duration' });
const paymentTimer = metrics.timer('payment_duration', { description: 'Payment provider call duration' });
const renderTimer = metrics.timer('render_duration', { description: 'Page rendering duration' });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function getUser(_req, res) {
  // 1. Measure yourself and record(seconds).
  const start = performance.now();
  await sleep(2 + Math.random() * 20);
  dbTimer.withTags({ query: 'select_user' }).record((performance.now() - start) / 1000);
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":42}\n');
}

async function placeOrder(_req, res) {
  // 2. time(fn): sync or async, recorded when the promise settles, rejections included.
  try {
    await paymentTimer.time(async () => {
      await sleep(10 + Math.random() * 40);
      if (Math.random() < 0.1) throw new Error('card declined');
    });
    ordersPlaced.withTags({ payment: 'card' }).inc();
    res.writeHead(201).end('order placed\n');
  } catch (error) {
    res.writeHead(402).end(`${error.message}\n`);
  }
}

async function home(_req, res) {
  // 3. A stopwatch: start it, stop it when the work is done.
  const stopwatch = renderTimer.newStopwatch();
  await sleep(1 + Math.random() * 5);
  stopwatch.stop();
  logins.inc();
  res.writeHead(200).end('welcome\n');
}

const routes = { 'GET /': home, 'GET /users/:id': getUser, 'POST /orders': placeOrder };
function routeOf(req) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const template = /^\/users\/\d+$/.test(path) ? '/users/:id' : path;
  return routes[`${req.method} ${template}`] ? template : undefined;
}

function app(req, res) {
  const route = routeOf(req);
  if (req.url === config.endpoint) return metrics.handler()(req, res);
  const handle = route && routes[`${req.method} ${route}`];
  if (!handle) return void res.writeHead(404).end('not found\n');
  const started = performance.now();
  res.on('finish', () =>
    latency
      .withTags({ method: req.method, path: route, status: String(res.statusCode) })
      .observe((performance.now() - started) / 1000),
  );
  handle(req, res);
}

// HTTP middleware: http_requests_total, http_request_duration_seconds, http_requests_in_flight
// by method, route template and status, for every request of this server.
const server = createServer(
  instrumentHandler(app, metrics, { routeOf, ignore: (req) => req.url === config.endpoint }),
);

// A callback gauge, read at each scrape or flush (here an async one: node asks the server).
metrics
  .registry()
  .registerCallback(
    'active_connections',
    () => new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count))),
    { description: 'Open HTTP connections' },
  );

server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  await metrics.start();
  // Or a separate metrics server, when the metrics must not share the application's port.
  const metricsServer = process.env.METRICS_PORT
    ? await startServer(metrics, { port: Number(process.env.METRICS_PORT) })
    : undefined;
  const where = metricsServer ? `${metricsServer.url}${config.endpoint}` : `${base}${config.endpoint}`;
  process.stdout.write(
    `config-driven example on ${base} (provider: ${[config.provider].flat().join(', ')}, enabled: ${config.enabled})\n` +
      `  metrics: ${where} (when "prometheus" is among the providers)\n`,
  );
  const clients = setInterval(() => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', `/users/${Math.floor(Math.random() * 100)}`],
      ['POST', '/orders'],
      ['GET', '/missing'],
    ]) {
      fetch(`${base}${path}`, { method }).then(
        (r) => r.arrayBuffer(),
        () => {},
      );
    }
  }, 100);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(clients);
    await sleep(100); // let the last requests finish
    server.close();
    server.closeAllConnections();
    await metricsServer?.close();
    await metrics.stop(); // final flush to push backends
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.env.EXAMPLE_DURATION) {
    setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
  }
});
