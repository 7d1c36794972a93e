/**
 * Prometheus exposition: meterkit's serializer against prom-client's `register.metrics()` and
 * OpenTelemetry's `PrometheusSerializer`, on the same series in the same process.
 *
 *   pnpm --filter @meterkit/core build && pnpm --filter @meterkit/exporter-prometheus build
 *   node --expose-gc bench/prometheus-serializer.bench.mjs
 *
 * Environment: BENCH_COUNTERS (100000), BENCH_HISTOGRAMS (10000), BENCH_ROUNDS (7).
 * See bench/README.md ("prometheus-serializer.bench.mjs") for what is measured and why.
 */
import { request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createProvider } from '@meterkit/core';
import {
  createScrapeHandler,
  serializeOpenMetrics,
  serializePrometheusText,
  startServer,
} from '@meterkit/exporter-prometheus';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import promClient from 'prom-client';
import { createOtel } from './lib/libraries.mjs';
import { formatRatio, markdownTable } from './lib/markdown-table.mjs';

const COUNTERS = Number(process.env.BENCH_COUNTERS ?? 100_000);
const HISTOGRAMS = Number(process.env.BENCH_HISTOGRAMS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = ['200', '201', '404', '500'];
/** prom-client's default buckets, used by all three libraries. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Series i has tags { method, route (unique), status }, identical in every library. */
function tagsOf(i) {
  return { method: METHODS[i % 4], route: `/item/${i}`, status: STATUSES[(i >> 2) % 4] };
}

function observation(i, k) {
  return ((i * 7 + k * 13) % 1000) / 100; // 0 … 9.99 s, spread over every bucket
}

async function buildMeterkit() {
  const provider = await createProvider({ provider: 'memory', cardinalityLimit: 10_000_000 });
  const counter = provider.counter('bench_requests_total', { description: 'Requests', cardinalityLimit: 10_000_000 });
  for (let i = 0; i < COUNTERS; i++) counter.withTags(tagsOf(i)).add(i + 1);
  const histograms = await createProvider({ provider: 'memory', cardinalityLimit: 10_000_000 });
  const histogram = histograms.histogram('bench_latency_seconds', {
    description: 'Latency',
    buckets: BUCKETS,
    cardinalityLimit: 10_000_000,
  });
  for (let i = 0; i < HISTOGRAMS; i++) {
    const child = histogram.withTags(tagsOf(i));
    for (let k = 0; k < 3; k++) child.observe(observation(i, k));
  }
  return { counters: provider, histograms };
}

function buildProm() {
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
  return { counters, histograms };
}

function buildOtel() {
  const counters = createOtel();
  const counter = counters.meter.createCounter('bench_requests', { description: 'Requests' });
  for (let i = 0; i < COUNTERS; i++) counter.add(i + 1, tagsOf(i));
  const histograms = createOtel();
  const histogram = histograms.meter.createHistogram('bench_latency_seconds', {
    description: 'Latency',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (let i = 0; i < HISTOGRAMS; i++) for (let k = 0; k < 3; k++) histogram.record(observation(i, k), tagsOf(i));
  // No target_info / otel_scope_info, so every library writes the same series.
  return { counters, histograms, serializer: new PrometheusSerializer(undefined, false, undefined, true, true) };
}

async function timeMs(fn) {
  const t0 = performance.now();
  const out = await fn();
  return { ms: performance.now() - t0, out };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs the cases interleaved (A B C A B C …) so machine noise hits each alike; median ms. */
async function compare(cases) {
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const sizes = {};
  for (const [name, fn] of Object.entries(cases)) sizes[name] = (await fn()).length; // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(cases)) {
      globalThis.gc?.();
      const { ms, out } = await timeMs(fn);
      if (out.length !== sizes[name]) throw new Error(`${name}: output size changed between rounds`);
      times[name].push(ms);
    }
  }
  return Object.fromEntries(Object.keys(cases).map((name) => [name, { ms: median(times[name]), bytes: sizes[name] }]));
}

function lineCount(text, prefix) {
  let count = 0;
  for (const line of text.split('\n')) if (line.startsWith(prefix)) count++;
  return count;
}

/** Longest event-loop stall while one HTTP scrape of `url` is served by this same process. */
async function scrapeStall(url) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let bytes = 0;
  histogram.enable();
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    request(url, (res) => {
      res.on('data', (part) => (bytes += part.length));
      res.on('end', resolve);
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
  const total = performance.now() - t0;
  histogram.disable();
  return { maxStallMs: histogram.max / 1e6, totalMs: total, bytes };
}

const started = performance.now();
const [mk, prom, otel] = [await buildMeterkit(), buildProm(), buildOtel()];
const mkCounterSnapshot = await mk.counters.registry().snapshot();
const mkHistogramSnapshot = await mk.histograms.registry().snapshot();

// Same data: every library must write the same number of sample lines.
{
  const mkText = serializePrometheusText(mkCounterSnapshot);
  const promText = await prom.counters.metrics();
  const otelText = otel.serializer.serialize((await otel.counters.reader.collect()).resourceMetrics);
  const counts = [mkText, promText, otelText].map((text) => lineCount(text, 'bench_requests_total{'));
  if (counts.some((count) => count !== COUNTERS)) throw new Error(`counter series differ: ${counts.join(' / ')}`);
  const hist = [
    serializePrometheusText(mkHistogramSnapshot),
    await prom.histograms.metrics(),
    otel.serializer.serialize((await otel.histograms.reader.collect()).resourceMetrics),
  ].map((text) => lineCount(text, 'bench_latency_seconds_count{'));
  if (hist.some((count) => count !== HISTOGRAMS)) throw new Error(`histogram series differ: ${hist.join(' / ')}`);
}

const otelCounterMetrics = (await otel.counters.reader.collect()).resourceMetrics;
const otelHistogramMetrics = (await otel.histograms.reader.collect()).resourceMetrics;

/** The same six cases for one data set. */
function cases(mkProvider, mkSnapshot, promRegistry, otelSide, otelMetrics) {
  return {
    'meterkit serialize, text 0.0.4': async () => serializePrometheusText(mkSnapshot),
    'meterkit serialize, OpenMetrics': async () => serializeOpenMetrics(mkSnapshot),
    'meterkit snapshot + serialize (a scrape)': async () => serializePrometheusText(await mkProvider.registry().snapshot()),
    'prom-client register.metrics()': () => promRegistry.metrics(),
    'OTel PrometheusSerializer.serialize': async () => otel.serializer.serialize(otelMetrics),
    'OTel reader.collect() + serialize (a scrape)': async () =>
      otel.serializer.serialize((await otelSide.reader.collect()).resourceMetrics),
  };
}

const counterResults = await compare(
  cases(mk.counters, mkCounterSnapshot, prom.counters, otel.counters, otelCounterMetrics),
);
const histogramResults = await compare(
  cases(mk.histograms, mkHistogramSnapshot, prom.histograms, otel.histograms, otelHistogramMetrics),
);

// Event-loop stalls during one real HTTP scrape of the 100,000 counter series, served by this process.
const servers = {
  meterkit: await startServer(createScrapeHandler({ collect: () => mk.counters.registry().snapshot(), gzip: false }), {
    port: 0,
  }),
  'prom-client': await startServer(
    (_req, res) => {
      prom.counters.metrics().then((body) => {
        res.writeHead(200, { 'Content-Type': prom.counters.contentType });
        res.end(body);
      });
    },
    { port: 0 },
  ),
  OTel: await startServer(
    (_req, res) => {
      otel.counters.reader.collect().then(({ resourceMetrics }) => {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(otel.serializer.serialize(resourceMetrics));
      });
    },
    { port: 0 },
  ),
};
const stalls = {};
for (const [name, server] of Object.entries(servers)) {
  await scrapeStall(`${server.url}/metrics`); // warm-up
  const runs = [];
  for (let round = 0; round < 3; round++) runs.push(await scrapeStall(`${server.url}/metrics`));
  stalls[name] = { maxStallMs: median(runs.map((r) => r.maxStallMs)), totalMs: median(runs.map((r) => r.totalMs)) };
}
// How much of meterkit's stall is core's collection (registry.snapshot() runs in one synchronous piece).
const snapshotStall = [];
for (let round = 0; round < 3; round++) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await mk.counters.registry().snapshot();
  await new Promise((resolve) => setImmediate(resolve));
  histogram.disable();
  snapshotStall.push(histogram.max / 1e6);
}
for (const server of Object.values(servers)) await server.close();

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

function resultTable(title, results) {
  const prom = results['prom-client register.metrics()'].ms;
  const otelMs = results['OTel PrometheusSerializer.serialize'].ms;
  console.log(`\n### ${title}\n`);
  console.log(
    markdownTable(
      ['case', 'median', 'output', 'vs prom-client', 'vs OTel serialize'],
      Object.entries(results).map(([name, r]) => [name, ms(r.ms), mb(r.bytes), formatRatio(prom, r.ms), formatRatio(otelMs, r.ms)]),
    ),
  );
}

resultTable(`${COUNTERS.toLocaleString('en-US')} counter series (3 labels each)`, counterResults);
resultTable(
  `${HISTOGRAMS.toLocaleString('en-US')} histogram series (3 labels, ${BUCKETS.length} buckets + +Inf)`,
  histogramResults,
);

console.log(`\n### Event-loop stall during one HTTP scrape of ${COUNTERS.toLocaleString('en-US')} counter series\n`);
console.log(
  markdownTable(
    ['server', 'longest stall', 'scrape duration'],
    Object.entries(stalls).map(([name, s]) => [name, ms(s.maxStallMs), ms(s.totalMs)]),
  ),
);
console.log(
  `\nOf meterkit's stall, core's registry.snapshot() alone accounts for ${ms(median(snapshotStall))}; the serializer yields every 2,048 lines.`,
);

const scrape = (results) => results['meterkit snapshot + serialize (a scrape)'].ms;
const serializeOnly = (results) => results['meterkit serialize, text 0.0.4'].ms;
const promMs = (results) => results['prom-client register.metrics()'].ms;
const yes = (ok) => (ok ? 'yes' : '**NO**');
console.log('\n### Goals\n');
console.log(
  markdownTable(
    ['goal', 'scrape (snapshot + serialize)', 'serialize only', 'met?'],
    [
      [
        `${COUNTERS.toLocaleString('en-US')} counters ≥ 3× faster than prom-client`,
        formatRatio(promMs(counterResults), scrape(counterResults)),
        formatRatio(promMs(counterResults), serializeOnly(counterResults)),
        yes(promMs(counterResults) / scrape(counterResults) >= 3),
      ],
      [
        `${HISTOGRAMS.toLocaleString('en-US')} histograms ≥ 2× faster than prom-client`,
        formatRatio(promMs(histogramResults), scrape(histogramResults)),
        formatRatio(promMs(histogramResults), serializeOnly(histogramResults)),
        yes(promMs(histogramResults) / scrape(histogramResults) >= 2),
      ],
    ],
  ),
);
console.log(
  `\nNode ${process.version}, ${ROUNDS} interleaved rounds per case (median), ${((performance.now() - started) / 1000).toFixed(1)} s in all.`,
);
