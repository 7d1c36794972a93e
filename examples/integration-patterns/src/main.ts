// Seed 003's integration patterns in one TypeScript service (compiled by tsc, which lowers the
// decorator): wrapper/decorator, block, middleware, batch, health check, resources, queue, database.
//
//   pnpm --filter @meterkit/examples build && node examples/integration-patterns/dist/main.js
//   curl http://127.0.0.1:8080/metrics
//
// PORT (0 = any free port) and EXAMPLE_DURATION (e.g. 10s: stop by itself) are optional;
// METERKIT_PROVIDER switches the backend as everywhere else.
import type { AddressInfo } from 'node:net';
import { configFromEnv, createProvider, parseDuration } from '@meterkit/core';
import { importUsers } from './batch.js';
import { analyzeResults } from './block.js';
import { MetricsAwareDb } from './database.js';
import { instrumentedProcessData, ReportService, useProvider } from './decorator.js';
import { startHealthCheck } from './health-check.js';
import { createApp } from './middleware.js';
import { MetricsAwareQueue } from './queue.js';
import { registerResourceMetrics } from './resources.js';

const metrics = await createProvider(
  configFromEnv(process.env, { provider: 'prometheus', namespace: 'shop', tags: { service: 'shop-api' } }),
);
useProvider(metrics);

const reports = new ReportService();
const processData = instrumentedProcessData(metrics);
const emails = new MetricsAwareQueue<string>(metrics, 'emails');
registerResourceMetrics(metrics);

// A pretend database: fast selects, slower updates, an occasional lock timeout.
class LockTimeoutError extends Error {}
const db = new MetricsAwareDb(metrics, async (sql) => {
  await new Promise((resolve) => setTimeout(resolve, sql.startsWith('UPDATE') ? 20 : 2));
  if (Math.random() < 0.05) throw new LockTimeoutError('lock wait timeout');
  return [{ id: 1 }];
});
let databaseUp = true;
const stopHealthCheck = startHealthCheck(metrics, 'database', async () => databaseUp, 1000);

const app = createApp(metrics);
app.get('/users/:id', async (req, res) => {
  try {
    res.json(await db.query('select_user', `SELECT * FROM users WHERE id = ${Number(req.params.id)}`));
  } catch {
    res.status(503).send('database busy\n');
  }
});
app.post('/reports/:day', async (req, res) => {
  try {
    const report = await reports.build(req.params.day);
    emails.put(`report ready: ${report}`);
    res.status(201).send(`${report}\n`);
  } catch (error) {
    res.status(500).send(`${(error as Error).message}\n`);
  }
});
app.post('/import', async (_req, res) => {
  const rows = Array.from({ length: 20 }, (_, i) => ({ email: i % 7 === 0 ? 'broken' : `user${i}@x.io` }));
  res.json(await importUsers(metrics, rows));
});
app.get('/stats', async (_req, res) => {
  const values = Array.from({ length: 50 }, () => Math.random() * 100);
  res.json({ mean: processData(values), ...(await analyzeResults(metrics, values)) });
});

// Background work: a worker draining the e-mail queue, and a database that goes away now and then.
const worker = setInterval(() => {
  if (emails.get() === undefined) return;
  // Counted in db_query_errors_total; a real worker would put the e-mail back.
  db.query('update_outbox', 'UPDATE outbox SET sent = 1').catch(() => undefined);
}, 50);
const flaky = setInterval(() => (databaseUp = Math.random() > 0.2), 3000);

const server = app.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.stdout.write(`integration patterns example on ${base}\n  metrics: ${base}/metrics\n`);
  const clients = setInterval(() => {
    const calls: [string, string][] = [
      ['GET', `/users/${Math.floor(Math.random() * 500)}`],
      ['POST', `/reports/2026-01-${10 + Math.floor(Math.random() * 20)}`],
      ['GET', '/stats'],
      ['GET', '/nowhere'],
    ];
    if (Math.random() < 0.2) calls.push(['POST', '/import']);
    for (const [method, path] of calls) {
      fetch(`${base}${path}`, { method }).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      );
    }
  }, 100);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const timer of [clients, worker, flaky]) clearInterval(timer);
    stopHealthCheck();
    server.close();
    server.closeAllConnections();
    await metrics.stop();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (process.env.EXAMPLE_DURATION) {
    setTimeout(shutdown, parseDuration(process.env.EXAMPLE_DURATION, 'EXAMPLE_DURATION'));
  }
});
