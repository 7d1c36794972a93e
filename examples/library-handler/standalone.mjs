// Seed 000's optional pattern 2: a standalone metrics server, for a script, a CLI or a demo that has
// no HTTP server of its own. Not for library code: a library that opens a port fights the
// application for it and for its lifecycle (see task-pool.mjs and app.mjs for the recommended way).
//
//   node examples/library-handler/standalone.mjs      # http://127.0.0.1:9464/metrics
//
// METRICS_PORT (0 = any free port) and EXAMPLE_DURATION (e.g. 10s) are optional.
import { parseDuration } from '@meterkit/core';
import { startServer } from '@meterkit/exporter-prometheus';
import { TaskPool } from './task-pool.mjs';

const pool = await TaskPool.create({ concurrency: 2 });
const server = await startServer(pool.metricsHandler(), {
  host: '127.0.0.1',
  port: Number(process.env.METRICS_PORT ?? 9464),
});
process.stdout.write(`standalone metrics server on ${server.url}\n  metrics: ${server.url}/metrics\n`);

// A script's work: resize "images" through the pool, one batch a second.
const work = setInterval(() => {
  for (let i = 0; i < 5; i++) {
    pool.submit(() => new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 50))).catch(() => {});
  }
}, 1000);
work.unref();
pool.submit(async () => 'first task').catch(() => {});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  clearInterval(work);
  await server.close();
  await pool.close();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
if (process.env.EXAMPLE_DURATION) {
  setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
}
