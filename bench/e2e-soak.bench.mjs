/**
 * Soak with series churn: one provider fanned out to all four backends runs for a bounded time
 * (default 5 minutes) on 127.0.0.1 while series come and go, and the heap after a full GC is
 * compared between the end of the warm-up and the end of the run.
 *
 *   pnpm build && node --expose-gc bench/e2e-soak.bench.mjs
 *   BENCH_SOAK_DURATION=30s node --expose-gc bench/e2e-soak.bench.mjs
 *
 * The main thread is the application: `provider: ['prometheus', 'opentelemetry', 'statsd',
 * 'logger']`, flushing every second. Every 10 ms it records steady traffic (300 request series, a
 * timer, a summary) and churn: a counter keyed by an ever-new job id (core folds series beyond the
 * cardinality limit into one overflow series, so it plateaus), and every 2 s a new metric family of
 * 200 series while the family before it is unregistered (exporters must forget what disappears).
 * A worker thread (its own heap) plays the backends: a UDP StatsD sink, an OTLP/HTTP sink, and a
 * Prometheus that scrapes every second.
 *
 * Pass: heap used after the run ≤ heap used after the warm-up + BOUND (both after a forced GC);
 * the process exits non-zero otherwise, or if any backend received nothing or an error was
 * reported. The bound is stated in the output; GC noise on a shared machine is a few MB.
 *
 * `node bench/run.mjs e2e-soak` writes the tables `e2e-soak` and `e2e-soak-heap` into
 * packages/e2e/README.md (one run; its duration and warm-up are in the title).
 *
 * Environment: BENCH_SOAK_DURATION (5m; 30s with BENCH_QUICK=1), BENCH_SOAK_WARMUP (20% of the
 * duration, at least 10 s), BENCH_SOAK_BOUND_MB (8).
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { describeTable, record } from './lib/report.mjs';

if (isMainThread) await application();
else await backends();

/** The backends, in a worker thread so that their buffers are not in the application's heap. */
async function backends() {
  const counts = { statsdPackets: 0, otlpRequests: 0, otlpBytes: 0, scrapes: 0, scrapeErrors: 0 };
  const udp = createSocket('udp4').on('message', () => counts.statsdPackets++);
  await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const otlp = createServer((req, res) => {
    req.on('data', (part) => (counts.otlpBytes += part.length));
    req.on('end', () => {
      counts.otlpRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => otlp.listen(0, '127.0.0.1', resolve));
  let scrapeUrl;
  let scraper;
  parentPort.on('message', (message) => {
    if (message.scrape) {
      scrapeUrl = message.scrape;
      scraper = setInterval(async () => {
        try {
          const response = await fetch(scrapeUrl, { headers: { accept: 'text/plain;version=0.0.4' } });
          await response.arrayBuffer();
          if (response.status === 200) counts.scrapes++;
          else counts.scrapeErrors++;
        } catch {
          counts.scrapeErrors++;
        }
      }, 1000);
    }
    if (message.report) {
      clearInterval(scraper);
      parentPort.postMessage({ counts });
    }
  });
  parentPort.postMessage({ statsdPort: udp.address().port, otlpPort: otlp.address().port });
}

async function application() {
  const { createProvider, parseDuration } = await import('@meterkit/core');
  const { markdownTable } = await import('./lib/markdown-table.mjs');
  const quick = process.env.BENCH_QUICK === '1';
  const durationMs = parseDuration(
    process.env.BENCH_SOAK_DURATION ?? (quick ? '30s' : '5m'),
    'BENCH_SOAK_DURATION',
  );
  const warmupMs = process.env.BENCH_SOAK_WARMUP
    ? parseDuration(process.env.BENCH_SOAK_WARMUP, 'BENCH_SOAK_WARMUP')
    : Math.max(10_000, durationMs * 0.2);
  const boundBytes = Number(process.env.BENCH_SOAK_BOUND_MB ?? 8) * 1024 * 1024;
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

  const worker = new Worker(new URL(import.meta.url));
  const ports = await new Promise((resolve) => worker.once('message', resolve));
  const errors = [];
  let logLines = 0;
  const metrics = await createProvider({
    provider: ['prometheus', 'opentelemetry', 'statsd', 'logger'],
    namespace: 'soak',
    flushInterval: '1s',
    opentelemetry: { collectorUrl: `http://127.0.0.1:${ports.otlpPort}`, protocol: 'http/protobuf' },
    statsd: { address: `127.0.0.1:${ports.statsdPort}` },
    logger: { sink: () => logLines++ },
    // The job-id churn is meant to hit the cardinality limit: that warning is expected.
    onError: (error, source) => {
      if (source !== 'cardinality') errors.push(`${source}: ${error.message}`);
    },
  });
  const server = createServer(metrics.handler());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  worker.postMessage({ scrape: `http://127.0.0.1:${server.address().port}/metrics` });
  await metrics.start();

  // Steady traffic: 5 methods × 20 routes × 3 statuses.
  const requests = metrics.counter('requests', { description: 'requests' });
  const latency = metrics.timer('latency', { description: 'latency' });
  const payload = metrics.summary('payload', { description: 'payload' });
  const jobs = metrics.counter('jobs', { description: 'ever-new job ids: folds at the cardinality limit' });
  const statuses = ['200', '404', '500'];
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
  let ops = 0;
  let jobId = 0;
  let family = 0;
  let unregistered = 0;
  let current;
  const rotateFamily = () => {
    const previous = current;
    current = `batch_${family++}`;
    const counter = metrics.counter(current, { description: 'a family that lives 2 s' });
    for (let i = 0; i < 200; i++) counter.withTags({ shard: String(i) }).inc();
    if (previous !== undefined && metrics.registry().unregister(previous)) unregistered++;
  };
  rotateFamily();
  const traffic = setInterval(() => {
    for (let i = 0; i < 300; i++) {
      const tags = { method: methods[i % 5], route: `/r${i % 20}`, status: statuses[i % 3] };
      requests.withTags(tags).inc();
      latency.withTags({ route: tags.route }).record((i % 50) / 1000);
    }
    payload.observe(jobId % 1000);
    for (let i = 0; i < 5; i++) jobs.withTags({ job_id: String(jobId++) }).inc();
    ops += 606;
  }, 10);
  const rotation = setInterval(rotateFamily, 2000);

  const heapUsed = () => {
    globalThis.gc();
    return getHeapStatistics().used_heap_size;
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const started = performance.now();
  await sleep(warmupMs);
  const before = heapUsed();
  const samples = [before];
  while (performance.now() - started < durationMs) {
    await sleep(Math.min(10_000, durationMs - (performance.now() - started)));
    samples.push(heapUsed());
  }
  const after = samples.at(-1);
  clearInterval(traffic);
  clearInterval(rotation);
  worker.postMessage({ report: true }); // the scraper stops; the sinks keep listening
  const { counts } = await new Promise((resolve) => worker.once('message', resolve));
  server.close();
  await metrics.stop(); // the final flush still reaches the sinks
  await worker.terminate();

  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const growth = after - before;
  const pass = growth <= boundBytes;
  console.log(
    `${(durationMs / 1000).toFixed(0)} s soak (warm-up ${(warmupMs / 1000).toFixed(0)} s), flush and scrape every 1 s, ` +
      `Node ${process.version}\n`,
  );
  console.log(
    markdownTable(
      [
        'recorded',
        'job ids (churn)',
        'families created / unregistered',
        'scrapes ok / failed',
        'OTLP requests',
        'StatsD packets',
        'log lines',
        'errors',
      ],
      [
        [
          `${(ops / 1e6).toFixed(1)} M`,
          jobId.toLocaleString('en-US'),
          `${family} / ${unregistered}`,
          `${counts.scrapes} / ${counts.scrapeErrors}`,
          counts.otlpRequests,
          counts.statsdPackets.toLocaleString('en-US'),
          logLines.toLocaleString('en-US'),
          errors.length,
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      ['heap after warm-up', 'heap at end', 'growth', 'max sample', 'bound', 'flat within bound'],
      [
        [
          mb(before),
          mb(after),
          mb(growth),
          mb(Math.max(...samples)),
          mb(boundBytes),
          pass ? 'yes' : '**NO**',
        ],
      ],
    ),
  );
  console.log(
    `\nheap samples (MB, after GC, every 10 s): ${samples.map((s) => (s / 1024 / 1024).toFixed(1)).join(' ')}`,
  );
  const silent =
    counts.scrapes === 0 || counts.otlpRequests === 0 || counts.statsdPackets === 0 || logLines === 0;
  if (errors.length > 0) console.error(`errors reported: ${[...new Set(errors)].slice(0, 5).join('; ')}`);
  if (!pass || silent || errors.length > 0 || counts.scrapeErrors > 0) process.exitCode = 1;
  else {
    const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;
    const count = (value) => value.toLocaleString('en-US');
    const run = `one ${seconds(durationMs)} run (warm-up ${seconds(warmupMs)})`;
    publish({
      run,
      traffic: {
        recorded: { unit: 'M', median: ops / 1e6 },
        'job ids (churn)': { text: count(jobId) },
        'families created / unregistered': { text: `${family} / ${unregistered}` },
        'scrapes ok / failed': { text: `${counts.scrapes} / ${counts.scrapeErrors}` },
        'OTLP requests': { text: count(counts.otlpRequests) },
        'StatsD packets': { text: count(counts.statsdPackets) },
        'log lines': { text: count(logLines) },
        errors: { text: count(errors.length) },
      },
      heap: {
        'heap after warm-up': { unit: 'MB', median: before / 1024 / 1024 },
        'heap at end': { unit: 'MB', median: after / 1024 / 1024 },
        growth: {
          unit: 'MB',
          median: growth / 1024 / 1024,
          goal: { atMost: boundBytes / 1024 / 1024, text: `≤ ${boundBytes / 1024 / 1024} MB (bound)` },
        },
        'max sample': { unit: 'MB', median: Math.max(...samples) / 1024 / 1024 },
      },
    });
  }
}

/** The README tables (`bench/lib/report.mjs`): one run, so one figure per cell, no spread. */
function publish({ run, traffic, heap }) {
  const common = { ratios: false, measured: `${run}, one measurement per cell`, rowHeader: 'run' };
  describeTable({
    table: 'e2e-soak',
    title: 'Soak with series churn: all four backends, flush and scrape every 1 s',
    columns: Object.keys(traffic),
    ...common,
  });
  for (const [metric, fields] of Object.entries(traffic))
    record({ table: 'e2e-soak', row: run, metric, ...fields });
  describeTable({
    table: 'e2e-soak-heap',
    title: 'Soak: heap used after a forced GC, end of warm-up vs end of run',
    columns: Object.keys(heap),
    ...common,
  });
  for (const [metric, fields] of Object.entries(heap))
    record({ table: 'e2e-soak-heap', row: run, metric, ...fields });
}
