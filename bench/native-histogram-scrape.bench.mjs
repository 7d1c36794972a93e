/**
 * The whole scrape over HTTP of 10,000 native-histogram series in the protobuf exposition, against
 * 10,000 classic histogram series in text 0.0.4 (and OpenMetrics), and prom-client's classic text
 * as the reference, on 127.0.0.1.
 *
 *   pnpm build && node --expose-gc bench/native-histogram-scrape.bench.mjs
 *
 * Each server is a provider's (or prom-client's) handler on its own node:http server holding the
 * same observations: 10,000 series (3 labels) of 40 latencies spread log-uniformly over 1 ms - 10 s.
 * The native ones are exponential histograms (defaults: at most 160 buckets, scale 20 downwards;
 * these settle at scale 3), the classic ones have prom-client's 11 default buckets + `+Inf`. A
 * scrape is one GET with the header Prometheus 2.42 sends (with `--enable-feature=native-histograms`
 * for protobuf), measured from the request to the last byte received, gzipped as Prometheus asks
 * and not; every collection is fresh (`minCollectionInterval: 0`). Rounds are interleaved so machine
 * noise hits all cases alike. Nothing is asserted on time.
 *
 * Environment: BENCH_SERIES (10000), BENCH_ROUNDS (9).
 */
import { createServer, request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createProvider } from '@meterkit/core';
import { serializePrometheusText, serializeProtobufExposition } from '@meterkit/exporter-prometheus';
import promClient from 'prom-client';
import { interleavedRounds, median } from './lib/interleaved-rounds.mjs';
import { formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { describeTable, record, spread } from './lib/report.mjs';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const OBSERVATIONS = 40;

const PROTOBUF_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const OPENMETRICS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
const TEXT_ACCEPT = 'text/plain;version=0.0.4';

/** The same latencies for every library: series `i` gets 40 values from a fixed LCG. */
function latenciesOf(i) {
  let state = (i * 2_654_435_761) % 2 ** 31;
  return Array.from({ length: OBSERVATIONS }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 0.001 * 10_000 ** (state / 2 ** 31);
  });
}

function tagsOf(i) {
  return { route: `/api/v${i % 7}/items/${i}`, method: i % 3 === 0 ? 'POST' : 'GET', shard: String(i % 16) };
}

async function meterkitServer(exponential) {
  const provider = await createProvider({
    provider: 'prometheus',
    cardinalityLimit: SERIES * 2,
    prometheus: { minCollectionInterval: 0 },
  });
  const latency = provider.histogram('request_latency_seconds', {
    description: 'Request latency',
    ...(exponential ? { exponential: true } : {}),
  });
  for (let i = 0; i < SERIES; i++) {
    const series = latency.withTags(tagsOf(i));
    for (const value of latenciesOf(i)) series.observe(value);
  }
  return { handler: provider.handler(), registry: provider.registry(), stop: () => provider.stop() };
}

function promClientServer() {
  const registry = new promClient.Registry();
  const latency = new promClient.Histogram({
    name: 'request_latency_seconds',
    help: 'Request latency',
    labelNames: ['route', 'method', 'shard'],
    registers: [registry],
  });
  for (let i = 0; i < SERIES; i++) {
    const series = latency.labels(tagsOf(i));
    for (const value of latenciesOf(i)) series.observe(value);
  }
  return {
    handler: (_req, res) => {
      registry.metrics().then((body) => {
        res.writeHead(200, { 'Content-Type': registry.contentType });
        res.end(body);
      });
    },
    stop: async () => {},
  };
}

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One GET to the last byte: its duration, the bytes on the wire and the decoded body size. */
function scrape(port, accept, gzip) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers = { accept, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) };
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers }, (res) => {
      const parts = [];
      res.on('data', (part) => parts.push(part));
      res.on('end', () => {
        const ms = performance.now() - started;
        const wire = Buffer.concat(parts);
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        else resolve({ ms, wire: wire.length, body: body.length, type: res.headers['content-type'] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const servers = {
  native: await meterkitServer(true),
  classic: await meterkitServer(false),
  promClient: promClientServer(),
};
const ports = {};
const listening = [];
for (const [name, { handler }] of Object.entries(servers)) {
  const server = await listen(handler);
  listening.push(server);
  ports[name] = server.address().port;
}

const CASES = [
  { name: 'meterkit native histograms, protobuf', server: 'native', accept: PROTOBUF_ACCEPT },
  { name: 'meterkit classic histograms, text 0.0.4', server: 'classic', accept: TEXT_ACCEPT },
  { name: 'meterkit classic histograms, OpenMetrics', server: 'classic', accept: OPENMETRICS_ACCEPT },
  { name: 'prom-client classic histograms, text 0.0.4', server: 'promClient', accept: TEXT_ACCEPT },
].flatMap((c) => [
  { ...c, gzip: true },
  { ...c, gzip: false },
]);

const sizes = new Map();
const timings = await interleavedRounds(
  new Map(CASES.map((c) => [c, () => scrape(ports[c.server], c.accept, c.gzip)])),
  {
    rounds: ROUNDS,
    warmUp: true,
    sampleOf: (result) => result.ms, // request to last byte, as scrape() timed it
    onSample: (c, result) => sizes.set(c, result),
  },
);

/** Where a scrape's time goes, measured outside HTTP: collection, encoding, compression. */
const phases = {};
for (const [name, serialize] of [
  ['native', serializeProtobufExposition],
  ['classic', (snapshot) => Buffer.from(serializePrometheusText(snapshot))],
]) {
  const runs = { snapshot: [], encode: [], gzip: [] };
  for (let round = 0; round < ROUNDS; round++) {
    globalThis.gc?.();
    let t0 = performance.now();
    const snapshot = await servers[name].registry.snapshot();
    runs.snapshot.push(performance.now() - t0);
    t0 = performance.now();
    const body = serialize(snapshot);
    runs.encode.push(performance.now() - t0);
    t0 = performance.now();
    gzipSync(body);
    runs.gzip.push(performance.now() - t0);
  }
  phases[name] = runs;
}
for (const server of listening) server.close();
await Promise.all(Object.values(servers).map((server) => server.stop()));

const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const reference = (gzip) =>
  median(
    timings.get(CASES.find((c) => c.server === 'classic' && c.accept === TEXT_ACCEPT && c.gzip === gzip)),
  );

console.log(
  `\n### Whole HTTP scrape of ${SERIES.toLocaleString('en-US')} histogram series (${OBSERVATIONS} observations each), ${ROUNDS} rounds\n`,
);
console.log(
  markdownTable(
    ['case', 'gzip', 'median', 'fastest', 'body', 'on the wire', 'speed vs meterkit classic text'],
    CASES.map((c) => {
      const times = timings.get(c);
      const size = sizes.get(c);
      return [
        c.name,
        c.gzip ? 'yes' : 'no',
        ms(median(times)),
        ms(Math.min(...times)),
        kb(size.body),
        kb(size.wire),
        formatRatio(reference(c.gzip), median(times)),
      ];
    }),
  ),
);
console.log('\n### Where the time goes (median, outside HTTP)\n');
console.log(
  markdownTable(
    ['histograms', 'registry.snapshot()', 'encode', 'gzip (zlib default level)'],
    Object.entries(phases).map(([name, runs]) => [
      name === 'native' ? 'native, protobuf' : 'classic, text 0.0.4',
      ms(median(runs.snapshot)),
      ms(median(runs.encode)),
      ms(median(runs.gzip)),
    ]),
  ),
);
const served = sizes.get(CASES[0]).type;
console.log(`\nThe native case was served as \`${served}\`.`);

// Published table (packages/exporter-prometheus/README.md), written by run.mjs.
describeTable({
  table: 'prometheus-native-scrape',
  title: `Whole HTTP scrape of ${SERIES.toLocaleString('en-US')} histogram series: native (protobuf) and classic`,
  columns: ['scrape', 'on the wire'],
  reference: 'scrape',
  note: `${OBSERVATIONS} observations per series; request to last byte over 127.0.0.1. The native case was served as \`${served}\`.`,
});
for (const c of CASES) {
  const row = `${c.name}${c.gzip ? ', gzip' : ''}`;
  record({ table: 'prometheus-native-scrape', row, metric: 'scrape', unit: 'ms', ...spread(timings.get(c)) });
  record({
    table: 'prometheus-native-scrape',
    row,
    metric: 'on the wire',
    unit: 'KiB',
    median: sizes.get(c).wire / 1024,
  });
}
