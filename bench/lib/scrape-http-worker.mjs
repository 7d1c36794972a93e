/**
 * One scrape server per worker thread (its own V8 heap), for scrape-http.bench.mjs: meterkit's
 * scrape handler, prom-client's registry behind node:http, or the "limit" (render-into-a-Buffer).
 * The worker scrapes its own server over real HTTP on 127.0.0.1 and reports, per scrape: request to
 * last byte, the longest event-loop stall meanwhile, the JS heap allocated, and the body size.
 */
import { createServer, request } from 'node:http';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { createProvider } from '@meterkit/core';
import { createScrapeHandler } from '@meterkit/exporter-prometheus';
import promClient from 'prom-client';
import { BUCKET_BOUNDS, countersOf, histogramOf } from './scrape-data.mjs';
import { startLimitServer } from './scrape-limit-server.mjs';

const { library, counters: COUNTERS, histograms: HISTOGRAMS } = workerData;
const OPENMETRICS_ACCEPT = 'application/openmetrics-text; version=1.0.0';

async function meterkitServers() {
  const unlimited = 10_000_000;
  const serve = async (setup) => {
    const provider = await createProvider({ provider: 'memory', cardinalityLimit: unlimited });
    setup(provider);
    // minCollectionInterval 0: every scrape is a fresh collection, as when a single Prometheus scrapes.
    const handler = createScrapeHandler({
      collect: () => provider.registry().snapshot(),
      gzip: false,
      minCollectionIntervalMs: 0,
      selfMetrics: false,
    });
    return listen(handler);
  };
  const counters = await serve((provider) => {
    const counter = provider.counter('bench_requests_total', {
      description: 'Requests',
      cardinalityLimit: unlimited,
    });
    for (const { tags, value } of countersOf(COUNTERS)) counter.withTags(tags).add(value);
  });
  const histograms = await serve((provider) => {
    const histogram = provider.histogram('bench_latency_seconds', {
      description: 'Latency',
      buckets: BUCKET_BOUNDS,
      cardinalityLimit: unlimited,
    });
    for (const { tags, observations } of histogramOf(HISTOGRAMS)) {
      const child = histogram.withTags(tags);
      for (const value of observations) child.observe(value);
    }
  });
  return { counters, histograms };
}

async function promServers() {
  const serve = (registry) =>
    listen((req, res) => {
      const openMetrics = (req.headers.accept ?? '').includes('openmetrics');
      registry.setContentType(
        openMetrics
          ? promClient.Registry.OPENMETRICS_CONTENT_TYPE
          : promClient.Registry.PROMETHEUS_CONTENT_TYPE,
      );
      registry.metrics().then((body) => {
        res.writeHead(200, { 'Content-Type': registry.contentType });
        res.end(body);
      });
    });
  const counterRegistry = new promClient.Registry();
  const counter = new promClient.Counter({
    name: 'bench_requests_total',
    help: 'Requests',
    labelNames: ['method', 'route', 'status'],
    registers: [counterRegistry],
  });
  for (const { tags, value } of countersOf(COUNTERS)) counter.labels(tags).inc(value);
  const histogramRegistry = new promClient.Registry();
  const histogram = new promClient.Histogram({
    name: 'bench_latency_seconds',
    help: 'Latency',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKET_BOUNDS,
    registers: [histogramRegistry],
  });
  for (const { tags, observations } of histogramOf(HISTOGRAMS)) {
    const child = histogram.labels(tags);
    for (const value of observations) child.observe(value);
  }
  return { counters: await serve(counterRegistry), histograms: await serve(histogramRegistry) };
}

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/metrics`, server }),
    ),
  );
}

/** One HTTP scrape, request to last byte, with the longest event-loop stall and the JS heap allocated. */
async function scrape(url, openMetrics) {
  globalThis.gc?.();
  let last = performance.now();
  let longest = 0;
  let running = true;
  // A 1 ms timer: the longest gap between two of its ticks is the longest time nothing else could run.
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = getHeapStatistics().used_heap_size;
  const t0 = performance.now();
  const bytes = await new Promise((resolve, reject) => {
    const headers = openMetrics ? { Accept: OPENMETRICS_ACCEPT } : {};
    request(url, { headers }, (res) => {
      let size = 0;
      res.on('data', (part) => (size += part.length));
      res.on('end', () => resolve(size));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  const ms = performance.now() - t0;
  const heapAfter = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  running = false;
  // Allocated = the growth of the used heap plus what the garbage collections meanwhile freed.
  // (Buffer contents live outside the JS heap and are not counted.)
  let allocated = heapAfter - heapBefore;
  for (const gc of statistics) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  }
  return { ms, stallMs: longest, bytes, allocated, collections: statistics.length };
}

/** Full text of one scrape (for the check that every server writes the same series). */
function fetchText(url, openMetrics) {
  return new Promise((resolve, reject) => {
    request(url, { headers: openMetrics ? { Accept: OPENMETRICS_ACCEPT } : {} }, (res) => {
      const parts = [];
      res.on('data', (part) => parts.push(part));
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    })
      .on('error', reject)
      .end();
  });
}

const setups = {
  meterkit: meterkitServers,
  'prom-client': promServers,
  limit: () => startLimitServer(COUNTERS, HISTOGRAMS, listen),
};
const servers = await setups[library]();

/** "counters text" → which server and format. */
function target(name) {
  const [kind, format] = name.split(' ');
  return { url: servers[kind].url, openMetrics: format === 'openmetrics' };
}

parentPort.on('message', async (message) => {
  try {
    if (message.cmd === 'check') {
      const { url, openMetrics } = target(message.name);
      const text = await fetchText(url, openMetrics);
      const sample = message.name.startsWith('counters')
        ? 'bench_requests_total{'
        : 'bench_latency_seconds_count{';
      let lines = 0;
      for (const line of text.split('\n')) if (line.startsWith(sample)) lines++;
      parentPort.postMessage({ lines, bytes: Buffer.byteLength(text), eof: text.endsWith('# EOF\n') });
    } else if (message.cmd === 'scrape') {
      const { url, openMetrics } = target(message.name);
      parentPort.postMessage(await scrape(url, openMetrics));
    } else if (message.cmd === 'stop') {
      for (const { server } of Object.values(servers)) server.close();
      parentPort.postMessage({});
    }
  } catch (error) {
    parentPort.postMessage({ error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true });
