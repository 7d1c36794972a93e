/**
 * The OpenTelemetry API's hot path through @meterkit/otel-bridge against the same calls on the
 * OpenTelemetry SDK (@opentelemetry/sdk-metrics), in one process: the same `counter.add(1, attrs)`
 * code, only the MeterProvider differs. meterkit's own `withTags().inc()` is shown for reference.
 *
 *   pnpm --filter @meterkit/core --filter @meterkit/otel-bridge build
 *   node --expose-gc bench/otel-bridge.bench.mjs
 *
 * Environment: BENCH_ROUNDS (9), BENCH_ROUND_MS (40), BENCH_WARMUP_MS (250), BENCH_JSON=path.
 * The ratio column is how many times faster the bridge is than the SDK for the same call.
 */
import { writeFileSync } from 'node:fs';
import { createMeterProvider } from '@meterkit/otel-bridge';
import { createMeterkit, createOtel, otelTotal } from './lib/libraries.mjs';
import { formatNs, formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { checksum, compare, settings } from './lib/measure-ns.mjs';
import { describeTable, record } from './lib/report.mjs';
import {
  COMBOS,
  DEFAULT_BOUNDS,
  METHOD,
  OBS_COUNT,
  OBSERVATIONS,
  RECORDS,
  ROUTE,
  STATUS,
} from './lib/tag-values.mjs';

const mk = await createMeterkit();
const bridgeMeter = createMeterProvider(mk).getMeter('meterkit-bench');
const otel = createOtel();
const mismatches = [];

async function bridgeTotal(name) {
  const snapshot = await mk.registry().snapshot();
  const metric = snapshot.metrics.find((m) => m.name === name);
  return (metric?.points ?? []).reduce((sum, p) => sum + (p.count ?? p.value), 0);
}

async function expectSame(label, name, results) {
  const bridge = await bridgeTotal(name);
  const sdk = await otelTotal(otel.reader, name);
  if (bridge !== results.bridge.calls)
    mismatches.push(`${label} bridge: ${bridge} vs ${results.bridge.calls} calls`);
  if (sdk !== results.sdk.calls) mismatches.push(`${label} SDK: ${sdk} vs ${results.sdk.calls} calls`);
}

// 1. counter.add(1, { method, route, status }) with a fresh object literal per call (120 series).
const bridgePerCall = bridgeMeter.createCounter('per_call');
const sdkPerCall = otel.meter.createCounter('per_call');
const mkPerCall = mk.counter('native_per_call');
const perCall = compare({
  bridge: function bridgeAddFreshAttributes(n) {
    const counter = bridgePerCall;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.add(1, { method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
  sdk: function sdkAddFreshAttributes(n) {
    const counter = sdkPerCall;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.add(1, { method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
  meterkit: function meterkitWithTagsInc(n) {
    const counter = mkPerCall;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.withTags({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }).inc();
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
});
await expectSame('fresh attributes', 'per_call', perCall);

// 2. counter.add(1, heldAttributes): the same pre-built objects every time.
const bridgeHeld = bridgeMeter.createCounter('held');
const sdkHeld = otel.meter.createCounter('held');
const held = compare({
  bridge: function bridgeAddHeldAttributes(n) {
    const counter = bridgeHeld;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.add(1, RECORDS[k]);
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
  sdk: function sdkAddHeldAttributes(n) {
    const counter = sdkHeld;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.add(1, RECORDS[k]);
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
});
await expectSame('held attributes', 'held', held);

// 3. counter.add(1) without attributes.
const bridgePlain = bridgeMeter.createCounter('plain');
const sdkPlain = otel.meter.createCounter('plain');
const plain = compare({
  bridge: function bridgeAddNoAttributes(n) {
    const counter = bridgePlain;
    for (let i = 0; i < n; i++) counter.add(1);
    return n;
  },
  sdk: function sdkAddNoAttributes(n) {
    const counter = sdkPlain;
    for (let i = 0; i < n; i++) counter.add(1);
    return n;
  },
});
await expectSame('no attributes', 'plain', plain);

// 4. histogram.record(v, { method, route, status }), same boundaries on both sides.
const bridgeHist = bridgeMeter.createHistogram('latency', {
  advice: { explicitBucketBoundaries: DEFAULT_BOUNDS },
});
const sdkHist = otel.meter.createHistogram('latency', {
  advice: { explicitBucketBoundaries: DEFAULT_BOUNDS },
});
const hist = compare({
  bridge: function bridgeHistogramRecord(n) {
    const histogram = bridgeHist;
    let k = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      histogram.record(OBSERVATIONS[j], { method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
      if (++k === COMBOS) k = 0;
      if (++j === OBS_COUNT) j = 0;
    }
    return k + j;
  },
  sdk: function sdkHistogramRecord(n) {
    const histogram = sdkHist;
    let k = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      histogram.record(OBSERVATIONS[j], { method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
      if (++k === COMBOS) k = 0;
      if (++j === OBS_COUNT) j = 0;
    }
    return k + j;
  },
});
await expectSame('histogram', 'latency', hist);

const rows = [
  ['`counter.add(1, { method, route, status })`, fresh object', perCall],
  ['`counter.add(1, heldAttributes)`', held],
  ['`counter.add(1)`', plain],
  ['`histogram.record(v, { method, route, status })`', hist],
];
console.log(
  markdownTable(
    ['call (OpenTelemetry API)', 'bridge → meterkit', '@opentelemetry/sdk-metrics', 'bridge faster by'],
    rows.map(([label, r]) => [
      label,
      formatNs(r.bridge.ns),
      formatNs(r.sdk.ns),
      formatRatio(r.sdk.ns, r.bridge.ns),
    ]),
  ),
);
console.log(
  `\nmeterkit's own counter.withTags({…}).inc() for the same 120 series: ${formatNs(perCall.meterkit.ns)}` +
    `\n(${settings.ROUNDS} rounds of ~${settings.ROUND_MS} ms, median; checksum ${checksum()})`,
);
if (process.env.BENCH_JSON) {
  writeFileSync(process.env.BENCH_JSON, JSON.stringify({ perCall, held, plain, hist }, null, 2));
}
if (mismatches.length > 0) {
  console.error(`\nRecorded totals do not match the calls made:\n${mismatches.join('\n')}`);
  process.exitCode = 1;
}

// Published table (packages/otel-bridge/README.md), written by run.mjs.
describeTable({
  table: 'otel-bridge',
  title: 'The OpenTelemetry API through @meterkit/otel-bridge vs @opentelemetry/sdk-metrics (ns per call)',
  columns: ['bridge → meterkit', '@opentelemetry/sdk-metrics', "meterkit's own API"],
  reference: 'bridge → meterkit',
  note: "120 series (10 routes × 3 methods × 4 statuses); meterkit's own API: `counter.withTags({…}).inc()`. Recorded totals checked on both sides.",
});
for (const [row, r] of rows) {
  const cells = [
    ['bridge → meterkit', r.bridge],
    ['@opentelemetry/sdk-metrics', r.sdk],
    ...(r === perCall ? [["meterkit's own API", r.meterkit]] : []),
  ];
  for (const [metric, m] of cells) {
    record({
      table: 'otel-bridge',
      row,
      metric,
      unit: 'ns',
      median: m.ns,
      min: m.min,
      max: m.max,
      rounds: m.rounds,
      ...(metric === 'bridge → meterkit' && r === perCall
        ? { goal: { faster: 10, than: '@opentelemetry/sdk-metrics' } }
        : {}),
    });
  }
}
