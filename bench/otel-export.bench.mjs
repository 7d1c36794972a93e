/**
 * Exporting 10,000 series over OTLP: meterkit's path (snapshot -> OTLP request data -> meterkit's
 * OTLP serializer, exactly as @meterkit/exporter-otel does on every export) against the
 * OpenTelemetry SDK collecting the same 10,000 series from its own instruments and serializing them
 * with the same serializer. HTTP is left out: both would send through the same SDK transport.
 *
 *   pnpm --filter @meterkit/core --filter @meterkit/exporter-otel build
 *   node --expose-gc bench/otel-export.bench.mjs
 *
 * Environment: BENCH_OTEL_SERIES (10000), BENCH_OTEL_ROUNDS (21), BENCH_JSON=path (raw numbers).
 *
 * Both sides use the OpenTelemetry packages of @meterkit/exporter-otel (sdk-metrics 2.12.0,
 * otlp-transformer 0.223.0), loaded through that package so there is one copy of each class.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createProvider } from '@meterkit/core';
import { formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { describeTable, record } from './lib/report.mjs';
import { DEFAULT_BOUNDS, OBS_COUNT, OBSERVATIONS } from './lib/tag-values.mjs';

const SERIES = Number(process.env.BENCH_OTEL_SERIES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_OTEL_ROUNDS ?? 21);
const WARMUP = 5;

const fromExporter = createRequire(new URL('../packages/exporter-otel/package.json', import.meta.url));
/** A module as @meterkit/exporter-otel's dist resolves it (these OTel packages have no `exports`). */
const load = (specifier) => import(pathToFileURL(fromExporter.resolve(specifier)).href);

const meterkitOtel = await import(new URL('../packages/exporter-otel/dist/index.js', import.meta.url).href);
const { MeterProvider, MetricReader } = await load('@opentelemetry/sdk-metrics');
const { resourceFromAttributes } = await load('@opentelemetry/resources');
const { JsonMetricsSerializer, ProtobufMetricsSerializer } = await load('@opentelemetry/otlp-transformer');
const decoder = fromExporter('otlp-transformer-decoder/build/src/generated/root.js');
const ExportMetricsServiceRequest =
  decoder.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** Pull-only reader with no cardinality cap (the SDK's default of 2000 would fold 8000 series into one). */
class ManualReader extends MetricReader {
  constructor(metricProducers) {
    super({ cardinalitySelector: () => Number.MAX_SAFE_INTEGER, metricProducers });
  }
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}

const METHODS = ['GET', 'POST', 'PUT'];
const STATUSES = ['200', '201', '404', '500'];
/** Series i: three attributes, the route unique per series (10,000 distinct attribute sets). */
const attributesOf = (i) => ({ method: METHODS[i % 3], route: `/item/${i}`, status: STATUSES[i % 4] });
const resource = resourceFromAttributes({ 'service.name': 'bench' });

const now = () => performance.now();
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

/** meterkit: a memory provider holding the series, exported through the exporter's own pieces. */
async function meterkitSide(kind) {
  // Both sides lift their 2,000-series default cap, so all 10,000 series are real series.
  const provider = await createProvider({ provider: 'memory', cardinalityLimit: SERIES * 2 });
  if (kind === 'counter') {
    const counter = provider.counter('requests_total');
    for (let i = 0; i < SERIES; i++) counter.withTags(attributesOf(i)).add((i % 7) + 1);
  } else {
    const histogram = provider.histogram('latency', { buckets: DEFAULT_BOUNDS });
    for (let i = 0; i < SERIES; i++) {
      const child = histogram.withTags(attributesOf(i));
      for (let k = 0; k < 3; k++) child.observe(OBSERVATIONS[(i * 3 + k) % OBS_COUNT]);
    }
  }
  // What OtelExporter does on every export: snapshot -> OTLP request data (OtlpRequestBuilder) ->
  // the serializer it hands to the SDK's OTLP/HTTP transport.
  const builder = new meterkitOtel.OtlpRequestBuilder({
    resource,
    temporality: 'cumulative',
    summaries: 'otlp',
  });
  const serializers = {
    protobuf: meterkitOtel.createOtlpSerializer('http/protobuf'),
    json: meterkitOtel.createOtlpSerializer('http/json'),
  };
  return {
    async exportOnce(protocol) {
      const t0 = now();
      const snapshot = await provider.registry().snapshot();
      const snapshotMs = now() - t0;
      const request = builder.build(snapshot);
      const t1 = now();
      const body = serializers[protocol].serializeRequest(request);
      const t2 = now();
      return { collect: t1 - t0, serialize: t2 - t1, snapshot: snapshotMs, bytes: body.length, body };
    },
  };
}

/** OpenTelemetry: the same series recorded on the SDK's own instruments. */
function otelSide(kind) {
  const reader = new ManualReader(undefined);
  const meter = new MeterProvider({ resource, readers: [reader] }).getMeter('bench');
  if (kind === 'counter') {
    const counter = meter.createCounter('requests_total');
    for (let i = 0; i < SERIES; i++) counter.add((i % 7) + 1, attributesOf(i));
  } else {
    const histogram = meter.createHistogram('latency', {
      advice: { explicitBucketBoundaries: DEFAULT_BOUNDS },
    });
    for (let i = 0; i < SERIES; i++) {
      const attributes = attributesOf(i);
      for (let k = 0; k < 3; k++) histogram.record(OBSERVATIONS[(i * 3 + k) % OBS_COUNT], attributes);
    }
  }
  const serializers = { protobuf: ProtobufMetricsSerializer, json: JsonMetricsSerializer };
  return {
    async exportOnce(protocol) {
      const t0 = now();
      const { resourceMetrics } = await reader.collect();
      const t1 = now();
      const body = serializers[protocol].serializeRequest(resourceMetrics);
      const t2 = now();
      return { collect: t1 - t0, serialize: t2 - t1, bytes: body.length, body };
    },
  };
}

/** Decodes a request body and sums what it carries, so both sides are checked to send the same data. */
function summarize(body, protocol) {
  const request =
    protocol === 'json'
      ? JSON.parse(new TextDecoder().decode(body))
      : ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(body), { longs: Number });
  const metrics = request.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics));
  const points = metrics.flatMap((m) => (m.sum ?? m.histogram).dataPoints);
  const routes = new Set(points.map((p) => p.attributes.find((a) => a.key === 'route')?.value.stringValue));
  return {
    names: metrics.map((m) => m.name).join(','),
    points: points.length,
    routes: routes.size,
    total: points.reduce((sum, p) => sum + Number(p.asDouble ?? p.asInt ?? p.count), 0),
    sum: Math.round(points.reduce((sum, p) => sum + Number(p.sum ?? 0), 0) * 1e6) / 1e6,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

const results = [];
const failures = [];
const started = now();
for (const kind of ['counter', 'histogram']) {
  const sides = { meterkit: await meterkitSide(kind), OpenTelemetry: otelSide(kind) };
  for (const protocol of ['protobuf', 'json']) {
    // Same data on the wire, or the timings compare different work.
    const check = {};
    for (const [name, side] of Object.entries(sides)) {
      check[name] = summarize((await side.exportOnce(protocol)).body, protocol);
    }
    const [a, b] = Object.values(check);
    if (JSON.stringify(a) !== JSON.stringify(b) || a.points !== SERIES || a.routes !== SERIES) {
      failures.push(`${kind}/${protocol}: ${JSON.stringify(check)}`);
    }
    for (let i = 0; i < WARMUP; i++) for (const side of Object.values(sides)) await side.exportOnce(protocol);
    const samples = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
    // Interleaved rounds, each export after a full GC, so neither side pays for the other's garbage.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, side] of Object.entries(sides)) {
        gc();
        const { body: _body, ...timing } = await side.exportOnce(protocol);
        samples[name].push({ ...timing, total: timing.collect + timing.serialize });
      }
    }
    for (const [name, list] of Object.entries(samples)) {
      const pick = (key) => median(list.map((s) => s[key] ?? 0));
      const totals = list.map((s) => s.total);
      results.push({
        kind,
        protocol,
        library: name,
        snapshot: name === 'meterkit' ? pick('snapshot') : undefined,
        collect: pick('collect'),
        serialize: pick('serialize'),
        total: median(totals),
        min: Math.min(...totals),
        max: Math.max(...totals),
        bytes: list[0].bytes,
      });
    }
  }
}

const rows = [];
for (const kind of ['counter', 'histogram']) {
  for (const protocol of ['protobuf', 'json']) {
    const of = (library) =>
      results.find((r) => r.kind === kind && r.protocol === protocol && r.library === library);
    const mk = of('meterkit');
    const otel = of('OpenTelemetry');
    for (const r of [mk, otel]) {
      rows.push([
        `${SERIES.toLocaleString('en-US')} ${kind} series`,
        protocol,
        r.library,
        r.snapshot === undefined ? '' : ms(r.snapshot),
        ms(r.collect),
        ms(r.serialize),
        `**${ms(r.total)}**`,
        `${ms(r.min)}–${ms(r.max)}`,
        `${Math.round(r.bytes / 1024).toLocaleString('en-US')} KiB`,
        r === mk ? formatRatio(otel.total, mk.total) : '',
        r === mk ? formatRatio(otel.min, mk.min) : '',
      ]);
    }
  }
}

console.log(
  `OTLP export of ${SERIES.toLocaleString('en-US')} series, median of ${ROUNDS} interleaved rounds ` +
    `(ms; Node ${process.version}; collect = meterkit snapshot + translation, or the SDK's own collection)\n`,
);
console.log(
  markdownTable(
    [
      'series',
      'encoding',
      'library',
      'of which snapshot',
      'collect',
      'serialize',
      'total',
      'min–max total',
      'body',
      'OTel ÷ meterkit (median)',
      '(fastest rounds)',
    ],
    rows,
  ),
);
console.log(
  `\nOTel ÷ meterkit > 1×: meterkit's export costs less than the SDK exporting the same series from ` +
    `its own instruments. The fastest rounds are the least disturbed by other load on the machine. ` +
    `${((now() - started) / 1000).toFixed(1)} s.`,
);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
if (failures.length === 0) recordFigures();

/** The published table (packages/exporter-otel/README.md, README.md): collect + serialize per export. */
function recordFigures() {
  describeTable({
    table: 'otel-export',
    title: `OTLP export of ${SERIES.toLocaleString('en-US')} series (collect + serialize, ms per export)`,
    columns: ['meterkit', 'OpenTelemetry SDK', 'body'],
    reference: 'meterkit',
    note:
      "meterkit: core's snapshot, OtlpRequestBuilder and exporter-otel's own OTLP encoder, as " +
      '@meterkit/exporter-otel does on every export; the SDK: collecting its own instruments holding the same ' +
      "series, and the SDK's OTLP serializer. HTTP left out (both send through the same transport). Same data checked.",
  });
  for (const r of results) {
    const row = `${SERIES.toLocaleString('en-US')} ${r.kind} series, ${r.protocol}`;
    const metric = r.library === 'meterkit' ? 'meterkit' : 'OpenTelemetry SDK';
    record({
      table: 'otel-export',
      row,
      metric,
      unit: 'ms',
      median: r.total,
      min: r.min,
      max: r.max,
      rounds: ROUNDS,
      ...(metric === 'meterkit'
        ? { goal: { faster: 1, than: 'OpenTelemetry SDK', text: 'as fast as the SDK' } }
        : {}),
    });
    if (metric === 'meterkit')
      record({ table: 'otel-export', row, metric: 'body', unit: 'KiB', median: r.bytes / 1024 });
  }
}
if (failures.length > 0) {
  console.error(`\nThe two sides did not send the same data:\n${failures.join('\n')}`);
  process.exit(1);
}
