/**
 * From a slow request to its trace: an HTTP service traced with the OpenTelemetry SDK and measured
 * with meterkit's HTTP middleware, with exemplars on. Every request-duration bucket (and the request
 * counter) carries the trace id of a request that landed in it, so Grafana links a latency spike
 * straight to a trace.
 *
 *   node exemplars/server.mjs
 *   curl -H 'Accept: application/openmetrics-text; version=1.0.0' http://127.0.0.1:9464/metrics
 *
 * Each response says which trace it belongs to in a W3C `traceresponse` header
 * (`00-<trace id>-<span id>-01`). PORT (default 9464; 0 = any free port), EXAMPLE_DURATION (stop by
 * itself, e.g. 10s).
 */
import { createServer } from 'node:http';
import { createProvider, instrumentHandler, parseDuration } from '@meterkit/core';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

// 1. An OpenTelemetry tracer and a context manager, so the active span follows each request's
//    async work. (With @opentelemetry/sdk-trace-node, NodeTracerProvider.register() does both.)
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new BasicTracerProvider();
trace.setGlobalTracerProvider(tracerProvider);
const tracer = trace.getTracer('exemplars-example', '1.0.0');

// 2. meterkit with exemplars on: with no explicit exemplar tags, each recording takes the trace_id
//    and span_id of the active sampled span.
const metrics = await createProvider({ provider: 'prometheus', exemplars: true });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function app(req, res) {
  if (req.url === '/slow') await sleep(150);
  else await sleep(2 + Math.random() * 10);
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
}

const measured = instrumentHandler(app, metrics, { routes: ['/slow', '/'] });
const scrape = metrics.handler();

// 3. One server span per request, active for the request's work and for the listeners of its
//    response, where the middleware records the duration when the response finishes. This is
//    what @opentelemetry/instrumentation-http does for you.
const server = createServer((req, res) => {
  if (req.url === '/metrics') return scrape(req, res);
  const span = tracer.startSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER });
  const active = trace.setSpan(context.active(), span);
  context.bind(active, res);
  const { traceId, spanId } = span.spanContext();
  res.setHeader('traceresponse', `00-${traceId}-${spanId}-01`);
  res.on('finish', () => span.end());
  return context.with(active, () => measured(req, res));
});

await metrics.start();
server.listen(Number(process.env.PORT ?? 9464), '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(`exemplars example on ${base} (metrics: ${base}/metrics)\n`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await metrics.stop();
  await tracerProvider.shutdown();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (process.env.EXAMPLE_DURATION)
  setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
