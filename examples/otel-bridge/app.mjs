/**
 * An application adopting meterkit without rewriting what is already instrumented: a library that
 * records through the OpenTelemetry API (`@opentelemetry/api`) and a dependency with its own
 * prom-client Registry, both exported with the application's meterkit metrics by one provider.
 *
 *   node otel-bridge/app.mjs            # then curl the printed /metrics URL
 *   METERKIT_PROVIDER=statsd,logger node otel-bridge/app.mjs   # same code, other backends
 *
 * PORT (default 9464; 0 = any free port), EXAMPLE_DURATION (stop by itself, e.g. 10s).
 */
import { createServer } from 'node:http';
import { configFromEnv, createProvider, parseDuration } from '@meterkit/core';
import { createMeterProvider, fromPromClient } from '@meterkit/otel-bridge';
import { metrics } from '@opentelemetry/api';
import promClient from 'prom-client';

const provider = await createProvider(configFromEnv(process.env, { provider: 'prometheus' }));

// 1. Everything written against the OpenTelemetry API now records into meterkit.
metrics.setGlobalMeterProvider(createMeterProvider(provider));

// A "third-party library" instrumented with the OpenTelemetry API only.
const meter = metrics.getMeter('task-queue', '2.4.0');
const processed = meter.createCounter('tasks.processed', { description: 'Tasks processed' });
const inQueue = meter.createUpDownCounter('tasks.queued', { description: 'Tasks waiting' });
const duration = meter.createHistogram('task.duration', {
  description: 'Task run time',
  unit: 's',
  advice: { explicitBucketBoundaries: [0.01, 0.05, 0.1, 0.5] },
});
meter
  .createObservableGauge('workers.idle', { description: 'Idle workers' })
  .addCallback((result) => result.observe(2, { pool: 'default' }));

// 2. A "legacy dependency" with its own prom-client Registry, read at every scrape or flush.
const legacy = new promClient.Registry();
const cacheHits = new promClient.Counter({
  name: 'legacy_cache_hits_total',
  help: 'Cache hits',
  registers: [legacy],
});
fromPromClient(legacy, provider);

// 3. The application's own meterkit metrics, side by side.
const served = provider.counter('app_requests_total', { description: 'Requests served' });

let tasks = 0;
const work = setInterval(() => {
  tasks++;
  inQueue.add(1, { queue: 'email' });
  processed.add(1, { queue: 'email', outcome: tasks % 5 === 0 ? 'failed' : 'done' });
  duration.record(0.02 + (tasks % 4) * 0.03, { queue: 'email' });
  inQueue.add(-1, { queue: 'email' });
  cacheHits.inc();
}, 50);

const handler = provider.handler();
const server = createServer((req, res) => {
  served.inc();
  handler(req, res);
});
await provider.start();
server.listen(Number(process.env.PORT ?? 9464), '127.0.0.1', () => {
  process.stdout.write(`metrics: http://127.0.0.1:${server.address().port}/metrics\n`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(work);
  server.close();
  server.closeAllConnections();
  await provider.stop();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (process.env.EXAMPLE_DURATION)
  setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
