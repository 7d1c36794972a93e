/**
 * One library per worker thread (each worker has its own V8 heap), so that the garbage collector
 * of one library never marks the 100,000 series of another: an application runs one of them.
 * The main thread (prometheus-serializer.bench.mjs) sends commands and interleaves the rounds.
 */
import { request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { createProvider } from '@meterkit/core';
import {
  createScrapeHandler,
  serializeOpenMetrics,
  serializePrometheusText,
  startServer,
} from '@meterkit/exporter-prometheus';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import promClient from 'prom-client';
import { createOtel } from './libraries.mjs';

const { library, counters: COUNTERS, histograms: HISTOGRAMS } = workerData;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = ['200', '201', '404', '500'];
/** prom-client's default buckets, used by all three libraries. */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Series i has tags { method, route (unique), status }, identical in every library. */
function tagsOf(i) {
  return { method: METHODS[i % 4], route: `/item/${i}`, status: STATUSES[(i >> 2) % 4] };
}

/** 0 … 9.99 s, spread over every bucket. */
function observation(i, k) {
  return ((i * 7 + k * 13) % 1000) / 100;
}

async function setupMeterkit() {
  const unlimited = 10_000_000;
  const counters = await createProvider({ provider: 'memory', cardinalityLimit: unlimited });
  const counter = counters.counter('bench_requests_total', {
    description: 'Requests',
    cardinalityLimit: unlimited,
  });
  for (let i = 0; i < COUNTERS; i++) counter.withTags(tagsOf(i)).add(i + 1);
  const histograms = await createProvider({ provider: 'memory', cardinalityLimit: unlimited });
  const histogram = histograms.histogram('bench_latency_seconds', {
    description: 'Latency',
    buckets: BUCKETS,
    cardinalityLimit: unlimited,
  });
  for (let i = 0; i < HISTOGRAMS; i++) {
    const child = histogram.withTags(tagsOf(i));
    for (let k = 0; k < 3; k++) child.observe(observation(i, k));
  }
  const counterSnapshot = await counters.registry().snapshot();
  const histogramSnapshot = await histograms.registry().snapshot();
  return {
    cases: {
      'counters: serialize text 0.0.4': async () => serializePrometheusText(counterSnapshot),
      'counters: serialize OpenMetrics': async () => serializeOpenMetrics(counterSnapshot),
      'counters: scrape': async () => serializePrometheusText(await counters.registry().snapshot()),
      // What a scrape collects: columns; the points other exporters read are built only on first read.
      'counters: snapshot only': async () => (await counters.registry().snapshot()).metrics[0],
      'histograms: serialize text 0.0.4': async () => serializePrometheusText(histogramSnapshot),
      'histograms: serialize OpenMetrics': async () => serializeOpenMetrics(histogramSnapshot),
      'histograms: scrape': async () => serializePrometheusText(await histograms.registry().snapshot()),
    },
    handler: createScrapeHandler({ collect: () => counters.registry().snapshot(), gzip: false }),
  };
}

function setupProm() {
  const counters = new promClient.Registry();
  const counter = new promClient.Counter({
    name: 'bench_requests_total',
    help: 'Requests',
    labelNames: ['method', 'route', 'status'],
    registers: [counters],
  });
  for (let i = 0; i < COUNTERS; i++) counter.labels(tagsOf(i)).inc(i + 1);
  const histograms = new promClient.Registry();
  const histogram = new promClient.Histogram({
    name: 'bench_latency_seconds',
    help: 'Latency',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKETS,
    registers: [histograms],
  });
  for (let i = 0; i < HISTOGRAMS; i++) {
    const child = histogram.labels(tagsOf(i));
    for (let k = 0; k < 3; k++) child.observe(observation(i, k));
  }
  return {
    cases: {
      'counters: scrape': () => counters.metrics(),
      'histograms: scrape': () => histograms.metrics(),
    },
    handler: (_req, res) => {
      counters.metrics().then((body) => {
        res.writeHead(200, { 'Content-Type': counters.contentType });
        res.end(body);
      });
    },
  };
}

async function setupOtel() {
  const counters = createOtel();
  const counter = counters.meter.createCounter('bench_requests', { description: 'Requests' });
  for (let i = 0; i < COUNTERS; i++) counter.add(i + 1, tagsOf(i));
  const histograms = createOtel();
  const histogram = histograms.meter.createHistogram('bench_latency_seconds', {
    description: 'Latency',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (let i = 0; i < HISTOGRAMS; i++)
    for (let k = 0; k < 3; k++) histogram.record(observation(i, k), tagsOf(i));
  // No target_info / otel_scope_info, so every library writes the same series.
  const serializer = new PrometheusSerializer(undefined, false, undefined, true, true);
  const counterMetrics = (await counters.reader.collect()).resourceMetrics;
  const histogramMetrics = (await histograms.reader.collect()).resourceMetrics;
  const scrape = async (side) => serializer.serialize((await side.reader.collect()).resourceMetrics);
  return {
    cases: {
      'counters: serialize text 0.0.4': async () => serializer.serialize(counterMetrics),
      'counters: scrape': () => scrape(counters),
      'histograms: serialize text 0.0.4': async () => serializer.serialize(histogramMetrics),
      'histograms: scrape': () => scrape(histograms),
    },
    handler: (_req, res) => {
      scrape(counters).then((body) => {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(body);
      });
    },
  };
}

function lineCount(text, prefix) {
  let count = 0;
  let at = text.indexOf(prefix);
  while (at >= 0) {
    if (at === 0 || text[at - 1] === '\n') count++;
    at = text.indexOf(prefix, at + 1);
  }
  return count;
}

/**
 * Longest gap between two ticks of a 1 ms timer while one HTTP scrape of this worker's server runs:
 * the longest time the application could not answer anything else.
 */
async function scrapeStall(url) {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const t0 = performance.now();
  const bytes = await new Promise((resolve, reject) => {
    let size = 0;
    request(url, (res) => {
      res.on('data', (part) => (size += part.length));
      res.on('end', () => resolve(size));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  const totalMs = performance.now() - t0;
  running = false;
  return { longestStallMs: longest, totalMs, bytes };
}

const setups = { meterkit: setupMeterkit, 'prom-client': setupProm, OTel: setupOtel };
const { cases, handler } = await setups[library]();

parentPort.on('message', async (message) => {
  try {
    if (message.cmd === 'check') {
      const counterText = await cases['counters: scrape']();
      const histogramText = await cases['histograms: scrape']();
      parentPort.postMessage({
        counterLines: lineCount(counterText, 'bench_requests_total{'),
        histogramLines: lineCount(histogramText, 'bench_latency_seconds_count{'),
        cases: Object.keys(cases),
      });
    } else if (message.cmd === 'run') {
      globalThis.gc?.();
      const t0 = performance.now();
      const out = await cases[message.name]();
      parentPort.postMessage({ ms: performance.now() - t0, size: out.length });
    } else if (message.cmd === 'stall') {
      const server = await startServer(handler, { port: 0 });
      await scrapeStall(`${server.url}/metrics`); // warm-up
      const runs = [];
      for (let i = 0; i < message.rounds; i++) runs.push(await scrapeStall(`${server.url}/metrics`));
      await server.close();
      parentPort.postMessage(runs);
    }
  } catch (error) {
    parentPort.postMessage({ error: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ ready: true });
