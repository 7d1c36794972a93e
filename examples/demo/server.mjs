// The meterkit demo: a small HTTP service instrumented once, with simulated traffic, exporting to
// whatever METERKIT_PROVIDER names. With nothing set it uses the embedded default: the in-memory
// store, a readable table on stdout every few seconds, and a Prometheus /metrics handler. Whatever
// the backend, http://127.0.0.1:3000/ is a live page of charts of every series (@meterkit/dashboard).
//
//   pnpm demo                                   # embedded default, no servers needed
//   METERKIT_PROVIDER=statsd pnpm demo          # the same code, pushing to a StatsD daemon
//   METERKIT_PROVIDER=opentelemetry METERKIT_OTEL_COLLECTOR_URL=http://127.0.0.1:4318 pnpm demo
//   METERKIT_PROVIDER=prometheus,logger DEMO_DURATION=20s pnpm demo
//
// PORT (default 3000; 0 = any free port) and DEMO_DURATION (stop by itself) are optional; every
// METERKIT_* variable of configFromEnv applies (see packages/core/README.md).
import { createServer } from 'node:http';
import { configFromEnv, createProvider, parseDuration } from '@meterkit/core';
import { dashboardHandler } from '@meterkit/dashboard';

const port = Number(process.env.PORT ?? 3000);
const durationMs = process.env.DEMO_DURATION
  ? parseDuration(process.env.DEMO_DURATION, 'DEMO_DURATION')
  : undefined;

const config = configFromEnv(process.env, {
  provider: ['prometheus', 'logger'],
  namespace: 'demo',
  tags: { service: 'shop' },
  flushInterval: '5s',
  logger: { format: 'table' },
});
const metrics = await createProvider(config);

// Instrument once. Nothing below knows which backend is configured.
const requests = metrics.counter('http_requests_total', { description: 'HTTP requests handled' });
const duration = metrics.timer('http_request_duration', { description: 'HTTP request duration' });
const inFlight = metrics.gauge('http_requests_in_flight', { description: 'Requests being served' });
const orderValue = metrics.summary('order_value_dollars', {
  description: 'Order values',
  quantiles: [0.5, 0.9, 0.99],
});
const cartSize = metrics.histogram('cart_items', {
  description: 'Items per order',
  buckets: [1, 2, 5, 10, 20],
});
metrics.info('build', { description: 'Build information' }).set({ version: '1.0.0', node: process.version });
metrics
  .registry()
  .registerCallback('process_uptime_seconds', () => process.uptime(), { description: 'Uptime' });

// The live charts at `/`. Credentials follow the Prometheus scrape settings
// (METERKIT_PROMETHEUS_BASIC_AUTH_* / METERKIT_PROMETHEUS_BEARER_TOKEN), none by default.
const dashboard = dashboardHandler(metrics, { title: 'meterkit demo' });

const routes = [
  { method: 'GET', template: '/users/:id', match: /^\/users\/\d+$/, handle: getUser },
  { method: 'POST', template: '/orders', match: /^\/orders$/, handle: placeOrder },
];

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === (config.endpoint ?? '/metrics')) return metrics.handler()(req, res);
  // The dashboard answers its own paths and passes every other request on to the routes below.
  dashboard(req, res, () => serveRoute(req, res, url));
});

function serveRoute(req, res, url) {
  const route = routes.find((r) => r.method === req.method && r.match.test(url.pathname));
  const template = route?.template ?? 'unmatched';
  const stopwatch = duration.withTags({ method: req.method, route: template }).newStopwatch();
  inFlight.inc();
  res.on('finish', () => {
    inFlight.dec();
    stopwatch.stop();
    requests.withTags({ method: req.method, route: template, status: String(res.statusCode) }).inc();
  });
  if (!route) {
    res.writeHead(404).end('not found\n');
    return;
  }
  route.handle(req, res);
}

// Every 20th user lookup is slow and every 33rd fails: fixed proportions, so the errors and slow
// requests show up within the first few seconds of every run.
let userLookups = 0;

function getUser(_req, res) {
  const lookup = ++userLookups;
  const slow = lookup % 20 === 0;
  setTimeout(
    () => {
      if (lookup % 33 === 0) res.writeHead(500).end('database unavailable\n');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1,"name":"Ada"}\n');
    },
    slow ? 300 + Math.random() * 400 : 5 + Math.random() * 40,
  );
}

function placeOrder(_req, res) {
  setTimeout(
    () => {
      const items = 1 + Math.floor(Math.random() * 12);
      cartSize.observe(items);
      orderValue.observe(Math.round(items * (5 + Math.random() * 40) * 100) / 100);
      res.writeHead(201).end('created\n');
    },
    20 + Math.random() * 80,
  );
}

/** Simulated clients: a few requests every 100 ms, some to unknown paths. */
function simulateTraffic(base) {
  const paths = [
    ['GET', () => `/users/${Math.floor(Math.random() * 1000)}`],
    ['GET', () => `/users/${Math.floor(Math.random() * 1000)}`],
    ['POST', () => '/orders'],
    ['GET', () => '/nowhere'],
  ];
  let sent = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < 3; i++) {
      // One request in 40 goes to a path no route matches; the rest are spread over the routes.
      const [method, path] = paths[++sent % 40 === 0 ? 3 : Math.floor(Math.random() * 3)];
      fetch(`${base}${path()}`, { method }).then(
        (r) => r.arrayBuffer(),
        () => {},
      );
    }
  }, 100);
  return () => clearInterval(timer);
}

/** One line per backend: where its numbers can be seen. */
function whereToLook(provider, base) {
  const every = config.flushInterval ?? '10s';
  switch (provider) {
    case 'prometheus':
      return `scrape ${base}${config.endpoint ?? '/metrics'} (curl it, or point Prometheus at it)`;
    case 'logger':
      return `a ${config.logger?.format ?? 'json'} of every series on stdout every ${every}`;
    case 'statsd':
      return `${config.statsd?.flavor ?? 'etsy'} lines to ${config.statsd?.address ?? '127.0.0.1:8125'} every ${every}`;
    case 'opentelemetry':
      return `OTLP to ${config.opentelemetry?.collectorUrl ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318'} every ${every}`;
    default:
      return 'kept in process only';
  }
}

server.listen(port, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  await metrics.start();
  const stopTraffic = simulateTraffic(base);
  const providers = [config.provider].flat();
  process.stdout.write(
    `meterkit demo on ${base} (provider: ${providers.join(', ')})\n` +
      `  dashboard: ${base}/ (live charts of every series; open it in a browser)\n` +
      `  traffic: simulated GET /users/:id and POST /orders, with some errors and slow requests\n` +
      `${providers.map((name) => `  ${name}: ${whereToLook(name, base)}\n`).join('')}` +
      `  press Ctrl-C to stop; the final flush happens on stop\n\n`,
  );
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    stopTraffic();
    await new Promise((resolve) => setTimeout(resolve, 500)); // let in-flight requests finish
    dashboard.close(); // ends the pages' event streams, which would keep the server open
    server.close();
    await metrics.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (durationMs !== undefined) setTimeout(shutdown, durationMs);
});
