/**
 * Remote write: one push of 100,000 series, encoded as prompb `WriteRequest`s (2,000 samples per
 * request, the default) and snappy-compressed, as the `'remote-write'` backend sends it. Reported:
 * encode and compress time, bytes before and on the wire. For reference, in the same run: the same
 * requests encoded by protobufjs from plain objects (a generic encoder, with Prometheus' own prompb
 * schema), and the same snapshot as a Prometheus text scrape, gzipped.
 *
 *   pnpm --filter @meterkit/core build && pnpm --filter @meterkit/exporter-prometheus build
 *   node --expose-gc bench/remote-write.bench.mjs
 *
 * Environment: BENCH_SERIES (100000), BENCH_ROUNDS (7).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createProvider } from '@meterkit/core';
import {
  DEFAULT_MAX_SAMPLES_PER_REQUEST,
  RemoteWriteClient,
  SnapshotEncoder,
  serializePrometheusText,
} from '@meterkit/exporter-prometheus';
import protobuf from 'protobufjs';
import { formatBytes, formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { describeTable, record, spread } from './lib/report.mjs';

const SERIES = Number(process.env.BENCH_SERIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const metrics = await createProvider({ provider: 'memory', cardinalityLimit: SERIES });
const routes = ['/users/:id', '/orders', '/orders/:id', '/health', '/login'];
const requests = metrics.counter('http_requests', { description: 'HTTP requests' });
for (let i = 0; i < SERIES; i++) {
  requests
    .withTags({ route: routes[i % routes.length], status: String(200 + (i % 5)), pod: `pod-${i}` })
    .add(i);
}
const snapshot = await metrics.registry().snapshot();
const labels = [
  { key: 'instance', value: 'pod-7' },
  { key: 'job', value: 'bench' },
];

const root = protobuf.parse(
  readFileSync(
    new URL('../packages/exporter-prometheus/test/fixtures/prompb/remote-write.proto', import.meta.url),
    'utf8',
  ),
).root;
const WriteRequest = root.lookupType('prometheus.WriteRequest');

/** The same requests as plain objects for protobufjs (built outside the timed part). */
function plainRequests() {
  const out = [];
  let current = [];
  for (const point of snapshot.metrics[0].points) {
    const pairs = [
      ['__name__', 'http_requests_total'],
      ...labels.map((l) => [l.key, l.value]),
      ...point.tags.map((t) => [t.key, t.value]),
    ];
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    current.push({
      labels: pairs.map(([name, value]) => ({ name, value })),
      samples: [{ value: point.value, timestamp: snapshot.timestamp }],
    });
    if (current.length === DEFAULT_MAX_SAMPLES_PER_REQUEST) {
      out.push({
        timeseries: current,
        metadata: [{ type: 1, metricFamilyName: 'http_requests_total', help: 'HTTP requests' }],
      });
      current = [];
    }
  }
  if (current.length > 0) out.push({ timeseries: current, metadata: [] });
  return out;
}

function time(fn) {
  globalThis.gc?.();
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const runs = { first: [], encode: [], compress: [], protobufjs: [], text: [], gzip: [] };
// The steady state: one encoder pushing the same series again (every push after the first).
const steady = new SnapshotEncoder({
  labels,
  maxSamplesPerRequest: DEFAULT_MAX_SAMPLES_PER_REQUEST,
  onConflict: () => {},
});
steady.encode(snapshot);
let encodedBytes = 0;
let wireBytes = 0;
let protobufjsBytes = 0;
let textBytes = 0;
let gzipBytes = 0;
let requestCount = 0;
for (let round = 0; round < ROUNDS; round++) {
  // A fresh encoder: the first push of a process, when every series is new to the stale tracking.
  const fresh = new SnapshotEncoder({
    labels,
    maxSamplesPerRequest: DEFAULT_MAX_SAMPLES_PER_REQUEST,
    onConflict: () => {},
  });
  runs.first.push(time(() => fresh.encode(snapshot)).ms);
  const encoded = time(() => steady.encode({ ...snapshot, timestamp: snapshot.timestamp + round + 1 }));
  const compressed = time(() => encoded.result.map((request) => RemoteWriteClient.compress(request.body)));
  const text = time(() => serializePrometheusText(snapshot));
  const gzipped = time(() => gzipSync(text.result));
  // Built untimed and dropped after: a generic encoder needs its input as objects.
  let plain = plainRequests();
  const generic = time(() => plain.map((request) => WriteRequest.encode(request).finish()));
  plain = undefined;
  runs.encode.push(encoded.ms);
  runs.compress.push(compressed.ms);
  runs.protobufjs.push(generic.ms);
  runs.text.push(text.ms);
  runs.gzip.push(gzipped.ms);
  requestCount = encoded.result.length;
  encodedBytes = encoded.result.reduce((sum, r) => sum + r.body.length, 0);
  wireBytes = compressed.result.reduce((sum, r) => sum + r.length, 0);
  protobufjsBytes = generic.result.reduce((sum, r) => sum + r.length, 0);
  textBytes = Buffer.byteLength(text.result);
  gzipBytes = gzipped.result.length;
}

const ms = (values) => `${median(values).toFixed(1)} ms`;
const perSeries = (values) => `${((median(values) * 1e6) / SERIES).toFixed(0)} ns`;
console.log(
  `${SERIES.toLocaleString('en-US')} counter series, one push = ${requestCount} requests of ≤ ${DEFAULT_MAX_SAMPLES_PER_REQUEST} samples; median of ${ROUNDS} rounds (Node ${process.version})\n`,
);
console.log(
  markdownTable(
    ['step', 'time', 'per series', 'bytes'],
    [
      [
        'meterkit: snapshot → WriteRequests, first push',
        ms(runs.first),
        perSeries(runs.first),
        formatBytes(encodedBytes),
      ],
      [
        'meterkit: snapshot → WriteRequests, later pushes',
        ms(runs.encode),
        perSeries(runs.encode),
        formatBytes(encodedBytes),
      ],
      [
        'meterkit: snappy block compression (snappyjs)',
        ms(runs.compress),
        perSeries(runs.compress),
        formatBytes(wireBytes),
      ],
      [
        '**meterkit: encode + compress (a later push)**',
        `**${(median(runs.encode) + median(runs.compress)).toFixed(1)} ms**`,
        `${(((median(runs.encode) + median(runs.compress)) * 1e6) / SERIES).toFixed(0)} ns`,
        `**${formatBytes(wireBytes)} on the wire**`,
      ],
      [
        'reference: protobufjs encoding the same requests from plain objects',
        ms(runs.protobufjs),
        perSeries(runs.protobufjs),
        formatBytes(protobufjsBytes),
      ],
      [
        'reference: the same snapshot as a text 0.0.4 scrape',
        ms(runs.text),
        perSeries(runs.text),
        formatBytes(textBytes),
      ],
      ['reference: that scrape gzipped', ms(runs.gzip), perSeries(runs.gzip), formatBytes(gzipBytes)],
    ],
  ),
);
console.log(
  `\nmeterkit's encoder vs protobufjs: ${formatRatio(median(runs.protobufjs), median(runs.encode))} faster (identical byte count: ${encodedBytes === protobufjsBytes ? 'yes' : `no, ${encodedBytes} vs ${protobufjsBytes}`}); ` +
    `snappy shrinks the requests ${formatRatio(encodedBytes, wireBytes)}; gzip shrinks the text ${formatRatio(textBytes, gzipBytes)}.`,
);

// Published table (packages/exporter-prometheus/README.md), written by run.mjs.
describeTable({
  table: 'prometheus-remote-write',
  title: `Remote write: one push of ${SERIES.toLocaleString('en-US')} counter series (${requestCount} requests)`,
  columns: ['time', 'bytes'],
  reference: 'time',
  note: "Encoding is meterkit's own prompb writer; the references encode the same data another way. Not a comparison with another client.",
});
for (const [row, samples, bytes] of [
  ['meterkit: snapshot → WriteRequests, first push', runs.first, encodedBytes],
  ['meterkit: snapshot → WriteRequests, later pushes', runs.encode, encodedBytes],
  ['meterkit: snappy block compression', runs.compress, wireBytes],
  [
    'meterkit: encode + compress (a later push)',
    runs.encode.map((value, i) => value + runs.compress[i]),
    wireBytes,
  ],
  ['reference: protobufjs encoding the same requests', runs.protobufjs, protobufjsBytes],
  ['reference: the same snapshot as a text 0.0.4 scrape', runs.text, textBytes],
  ['reference: that scrape gzipped', runs.gzip, gzipBytes],
]) {
  record({ table: 'prometheus-remote-write', row, metric: 'time', unit: 'ms', ...spread(samples) });
  record({ table: 'prometheus-remote-write', row, metric: 'bytes', unit: 'KiB', median: bytes / 1024 });
}
