/**
 * Cluster aggregation: merging 4 workers × 25,000 series, @meterkit/cluster against prom-client's
 * AggregatorRegistry, on the same data, in the same run.
 *
 *   pnpm build   # or at least core, exporter-prometheus and cluster
 *   node --expose-gc bench/cluster-merge.bench.mjs
 *
 * Environment: BENCH_WORKERS (4), BENCH_SERIES (25000 per worker), BENCH_ROUNDS (7).
 *
 * Two parts:
 * 1. In-process merge (one process, simulated workers): the primary's CPU cost alone.
 *    meterkit `mergeSnapshots` of 4 snapshots vs prom-client `AggregatorRegistry.aggregate` of 4
 *    `getMetricsAsJSON()` arrays, then each serialized to Prometheus text.
 * 2. Real node:cluster: this file forks itself as 4 workers per library; the primary scrapes over
 *    HTTP (meterkit `aggregator.handler()`, prom-client `res.end(await registry.clusterMetrics())`)
 *    and measures the whole scrape and the longest gap between ticks of a 1 ms timer on the primary.
 *    Workers run at the lowest OS priority (nice 19), so that with fewer cores than workers the
 *    probe sees the primary's own blocking work, not the scheduler. One warm-up scrape first.
 */
import cluster from 'node:cluster';
import { createServer, request } from 'node:http';
import { setPriority } from 'node:os';
import { createProvider } from '@meterkit/core';
import { serializePrometheusText } from '@meterkit/exporter-prometheus';
import promClient from 'prom-client';
// The bench workspace package does not depend on @meterkit/cluster: import its build directly.
import { ClusterAggregator, exposeToPrimary, mergeSnapshots } from '../packages/cluster/dist/index.js';
import { interleavedRounds, median } from './lib/interleaved-rounds.mjs';
import { formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { describeTable, record, spread } from './lib/report.mjs';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
const SERIES = Number(process.env.BENCH_SERIES ?? 25_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const COUNTERS = Math.round(SERIES * 0.6);
const GAUGES = Math.round(SERIES * 0.2);
const HISTOGRAMS = SERIES - COUNTERS - GAUGES;
const METHODS = ['GET', 'POST', 'PUT'];
const STATUSES = ['200', '201', '404', '500'];
/** prom-client's default buckets, used by both libraries. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UNLIMITED = 10_000_000;

/** Worker `w` records the same series as every other worker, with its own values. */
async function meterkitWorkerProvider(w) {
  const provider = await createProvider({ provider: 'memory', cardinalityLimit: UNLIMITED });
  const counter = provider.counter('app_requests_total', {
    description: 'Requests',
    cardinalityLimit: UNLIMITED,
  });
  for (let i = 0; i < COUNTERS; i++) {
    counter.withTags({ method: METHODS[i % 3], route: `/r/${i}`, status: STATUSES[i % 4] }).add(w + (i % 7));
  }
  const gauge = provider.gauge('app_connections', {
    description: 'Open connections',
    cardinalityLimit: UNLIMITED,
  });
  for (let i = 0; i < GAUGES; i++) gauge.withTags({ pool: `p${i}` }).set(i % 13);
  const histogram = provider.histogram('app_latency_seconds', {
    description: 'Latency',
    buckets: BUCKETS,
    cardinalityLimit: UNLIMITED,
  });
  for (let i = 0; i < HISTOGRAMS; i++) {
    const child = histogram.withTags({ route: `/h/${i}` });
    for (let k = 0; k < 3; k++) child.observe(((i * 7 + k * 13 + w) % 1000) / 100);
  }
  return provider;
}

function promClientWorkerRegistry(w, registry = new promClient.Registry()) {
  const counter = new promClient.Counter({
    name: 'app_requests_total',
    help: 'Requests',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  for (let i = 0; i < COUNTERS; i++) {
    counter.inc({ method: METHODS[i % 3], route: `/r/${i}`, status: STATUSES[i % 4] }, w + (i % 7));
  }
  const gauge = new promClient.Gauge({
    name: 'app_connections',
    help: 'Open connections',
    labelNames: ['pool'],
    registers: [registry],
  });
  for (let i = 0; i < GAUGES; i++) gauge.set({ pool: `p${i}` }, i % 13);
  const histogram = new promClient.Histogram({
    name: 'app_latency_seconds',
    help: 'Latency',
    labelNames: ['route'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < HISTOGRAMS; i++) {
    for (let k = 0; k < 3; k++) histogram.observe({ route: `/h/${i}` }, ((i * 7 + k * 13 + w) % 1000) / 100);
  }
  return registry;
}

/** The cluster total of app_requests_total, computed directly, to check both outputs. */
function expectedRequestsTotal() {
  let total = 0;
  for (let w = 1; w <= WORKERS; w++) for (let i = 0; i < COUNTERS; i++) total += w + (i % 7);
  return total;
}

/** Sum of every app_requests_total sample and the number of sample lines of a text exposition. */
function checkExposition(text) {
  let requests = 0;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    lines++;
    if (line.startsWith('app_requests_total{')) requests += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return { requests, lines };
}

const ms = (value) => `${value.toFixed(1)} ms`;

/** Runs `fn` while a 1 ms timer watches the event loop; returns its duration and the longest gap. */
async function withStallProbe(fn) {
  let last = performance.now();
  let longest = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const result = await fn();
  const total = performance.now() - started;
  clearInterval(probe);
  longest = Math.max(longest, performance.now() - last);
  return { result, total, longest };
}

function httpGet(port) {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

// ---------------------------------------------------------------- worker side (forked by part 2)
if (cluster.isWorker) {
  const w = Number(process.env.BENCH_WORKER_INDEX);
  if (process.env.BENCH_LIBRARY === 'meterkit') {
    exposeToPrimary(await meterkitWorkerProvider(w));
  } else {
    promClientWorkerRegistry(w, promClient.register);
    new promClient.AggregatorRegistry(); // adds the worker-side listener
  }
  process.send({ bench: 'ready' });
} else {
  await main();
}

async function inProcessMerge() {
  const snapshots = [];
  const jsons = [];
  for (let w = 1; w <= WORKERS; w++) {
    const provider = await meterkitWorkerProvider(w);
    snapshots.push({ worker: String(w), snapshot: await provider.registry().snapshot() });
    await provider.stop();
    jsons.push(await promClientWorkerRegistry(w).getMetricsAsJSON());
  }
  const cases = {
    'merge only': {
      meterkit: () => mergeSnapshots(snapshots).snapshot,
      'prom-client': () => promClient.AggregatorRegistry.aggregate(jsons),
    },
    'merge + serialize text': {
      meterkit: () => serializePrometheusText(mergeSnapshots(snapshots).snapshot),
      'prom-client': () => promClient.AggregatorRegistry.aggregate(jsons).metrics(),
    },
  };
  const expected = expectedRequestsTotal();
  const checks = {
    meterkit: checkExposition(cases['merge + serialize text'].meterkit()),
    'prom-client': checkExposition(await cases['merge + serialize text']['prom-client']()),
  };
  for (const [library, check] of Object.entries(checks)) {
    if (check.requests !== expected)
      throw new Error(`${library}: requests total ${check.requests} != ${expected}`);
  }
  const rows = [];
  for (const [name, libs] of Object.entries(cases)) {
    const times = Object.fromEntries(await interleavedRounds(libs, { rounds: ROUNDS }));
    const m = median(times.meterkit);
    const p = median(times['prom-client']);
    rows.push([name, ms(m), ms(p), formatRatio(p, m)]);
    for (const [library, samples] of Object.entries(times)) {
      record({
        table: 'cluster-merge',
        row: `in-process ${name}`,
        metric: library,
        unit: 'ms',
        ...spread(samples),
      });
    }
  }
  return { rows, lines: checks };
}

function forkWorkers(library) {
  cluster.setupPrimary({ exec: process.argv[1], silent: false });
  const workers = [];
  for (let w = 1; w <= WORKERS; w++) {
    workers.push(cluster.fork({ BENCH_LIBRARY: library, BENCH_WORKER_INDEX: String(w) }));
  }
  // Lowest priority for the workers: on a machine with fewer cores than workers, the OS would
  // otherwise deschedule the primary while 4 workers serialize, and the stall probe would measure
  // the scheduler rather than the primary's own blocking work. Same for both libraries.
  for (const worker of workers) setPriority(worker.process.pid, 19);
  return Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => {
          worker.on('message', (message) => message?.bench === 'ready' && resolve(worker));
        }),
    ),
  );
}

async function stopWorkers(workers) {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise((resolve) => {
          worker.once('exit', resolve);
          worker.process.kill();
        }),
    ),
  );
}

async function realClusterScrape(library) {
  const workers = await forkWorkers(library);
  let handler;
  let aggregator;
  if (library === 'meterkit') {
    aggregator = new ClusterAggregator({ timeout: 30_000, selfMetrics: false });
    // gzip off: prom-client's server below does not compress either.
    handler = aggregator.handler({ gzip: false });
  } else {
    const registry = new promClient.AggregatorRegistry();
    handler = async (_req, res) => {
      const body = await registry.clusterMetrics();
      res.writeHead(200, { 'Content-Type': registry.contentType });
      res.end(body);
    };
  }
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const runs = [];
  let check;
  await httpGet(port); // warm-up: JIT and first-time allocations, not measured
  for (let round = 0; round < ROUNDS; round++) {
    globalThis.gc?.();
    const { result, total, longest } = await withStallProbe(() => httpGet(port));
    check = checkExposition(result);
    runs.push({ total, longest });
  }
  if (check.requests !== expectedRequestsTotal()) {
    throw new Error(
      `${library} cluster scrape: requests total ${check.requests} != ${expectedRequestsTotal()}`,
    );
  }
  await new Promise((resolve) => server.close(resolve));
  aggregator?.close();
  await stopWorkers(workers);
  record({
    table: 'cluster-merge',
    row: 'real node:cluster scrape over HTTP',
    metric: library,
    unit: 'ms',
    ...spread(runs.map((r) => r.total)),
  });
  record({
    table: 'cluster-merge',
    row: 'longest event-loop stall on the primary during that scrape',
    metric: library,
    unit: 'ms',
    ...spread(runs.map((r) => r.longest)),
  });
  return {
    total: median(runs.map((r) => r.total)),
    longest: median(runs.map((r) => r.longest)),
    worst: Math.max(...runs.map((r) => r.longest)),
    lines: check.lines,
  };
}

async function main() {
  const started = performance.now();
  console.log(
    `${WORKERS} workers × ${SERIES.toLocaleString('en-US')} series (${COUNTERS} counter, ${GAUGES} gauge, ` +
      `${HISTOGRAMS} histogram series with ${BUCKETS.length} buckets), same series in every worker; ` +
      `median of ${ROUNDS} rounds, Node ${process.version}\n`,
  );
  describeTable({
    table: 'cluster-merge',
    title: `Cluster: ${WORKERS} workers × ${SERIES.toLocaleString('en-US')} series merged on the primary`,
    columns: ['meterkit', 'prom-client'],
    reference: 'meterkit',
    note:
      `${COUNTERS} counter, ${GAUGES} gauge and ${HISTOGRAMS} histogram series per worker. prom-client: \`AggregatorRegistry\`. ` +
      'In-process rows: simulated workers (the primary CPU cost only); the real scrape forks the workers (IPC, merge, serialization).',
  });
  const merged = await inProcessMerge();
  console.log('### In-process merge (simulated workers: the primary CPU cost only)\n');
  console.log(markdownTable(['case', 'meterkit', 'prom-client', 'meterkit faster by'], merged.rows));
  console.log(
    `\nBoth wrote ${merged.lines.meterkit.lines.toLocaleString('en-US')} / ` +
      `${merged.lines['prom-client'].lines.toLocaleString('en-US')} sample lines; ` +
      'app_requests_total checked against the recorded total.',
  );

  const real = {};
  for (const library of ['meterkit', 'prom-client']) real[library] = await realClusterScrape(library);
  const m = real.meterkit;
  const p = real['prom-client'];
  console.log(
    `\n### Real node:cluster scrape over HTTP (${WORKERS} forked workers, IPC, merge, serialization)\n`,
  );
  console.log(
    markdownTable(
      ['measure (primary process)', 'meterkit', 'prom-client', 'ratio'],
      [
        ['whole scrape (median)', ms(m.total), ms(p.total), formatRatio(p.total, m.total)],
        [
          'longest event-loop stall (median of rounds)',
          ms(m.longest),
          ms(p.longest),
          formatRatio(p.longest, m.longest),
        ],
        ['longest event-loop stall (worst round)', ms(m.worst), ms(p.worst), formatRatio(p.worst, m.worst)],
      ],
    ),
  );
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}
