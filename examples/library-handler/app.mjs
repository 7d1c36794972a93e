// The application side of seed 000: it owns the HTTP server and mounts the library's metrics
// handler next to its own routes (pattern 1, the recommended one).
//
//   node examples/library-handler/app.mjs             # the library keeps its own registry
//   node examples/library-handler/app.mjs --shared    # the app passes its provider to the library
//
// Then: curl http://127.0.0.1:8080/metrics. PORT (0 = any free port) and EXAMPLE_DURATION (e.g. 10s)
// are optional.
import { createServer } from 'node:http';
import { createProvider, parseDuration } from '@meterkit/core';
import { instrumentHandler } from '@meterkit/core/http';
import { TaskPool } from './task-pool.mjs';

const port = Number(process.env.PORT ?? 8080);
const shared = process.argv.includes('--shared');

// --shared: one provider for the application and the library, so /metrics shows both and global
// tags apply to both. Without it the library creates and serves its own registry.
const appMetrics = shared
  ? await createProvider({ provider: 'prometheus', tags: { app: 'report-service' } })
  : undefined;
const pool = await TaskPool.create({ concurrency: 3, metrics: appMetrics });
const metricsHandler = appMetrics?.handler() ?? pool.metricsHandler();

function buildReport() {
  return new Promise((resolve, reject) =>
    setTimeout(
      () => (Math.random() < 0.1 ? reject(new Error('report source unavailable')) : resolve('done')),
      20 + Math.random() * 180,
    ),
  );
}

function app(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/metrics') return metricsHandler(req, res);
  if (url.pathname === '/api/reports' && req.method === 'POST') {
    pool.submit(buildReport).then(
      () => res.writeHead(201).end('report built\n'),
      (error) => res.writeHead(503).end(`${error.message}\n`),
    );
    return;
  }
  res.writeHead(404).end('try POST /api/reports or GET /metrics\n');
}

const server = createServer(
  appMetrics
    ? instrumentHandler(app, appMetrics, {
        routes: ['/api/reports'],
        ignore: (req) => req.url === '/metrics',
      })
    : app,
);

server.listen(port, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  process.stdout.write(
    `report service on ${base} (${shared ? "the app's provider shared with the library" : "the library's own registry"})\n` +
      `  metrics: ${base}/metrics\n`,
  );
  // Simulated clients: a burst of reports every 100 ms, more than the pool runs at once.
  const traffic = setInterval(() => {
    for (let i = 0; i < 2; i++) {
      fetch(`${base}/api/reports`, { method: 'POST' }).then(
        (r) => r.arrayBuffer(),
        () => {},
      );
    }
  }, 100);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(traffic);
    server.close();
    server.closeAllConnections();
    await pool.close();
    await appMetrics?.stop();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.env.EXAMPLE_DURATION) {
    setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
  }
});
