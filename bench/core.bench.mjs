/**
 * Hot-path benchmarks of @meterkit/core against prom-client and the OpenTelemetry SDK, in one process.
 *
 *   pnpm --filter @meterkit/core build && node --expose-gc bench/core.bench.mjs
 *
 * Environment: BENCH_ROUNDS (9), BENCH_ROUND_MS (40), BENCH_WARMUP_MS (250), BENCH_SERIES (50000),
 * BENCH_JSON=path (also write the raw numbers as JSON). See bench/README.md for method and caveats.
 */
import { writeFileSync } from 'node:fs';
import { recordCoreFigures } from './lib/core-figures.mjs';
import { printCoreReport } from './lib/core-report.mjs';
import { measureRetainedHeap } from './lib/core-retained-heap.mjs';
import { exponentialObserveTable, measureExponentialObserve } from './lib/exponential-observe.mjs';
import { allocationPerCall } from './lib/heap-probe.mjs';
import { measureHighCardinalityLookup } from './lib/high-cardinality-lookup.mjs';
import { createMeterkit, createOtel, createProm, otelTotal, promTotal } from './lib/libraries.mjs';
import { compare } from './lib/measure-ns.mjs';
import {
  COMBOS,
  DEFAULT_BOUNDS,
  LABEL_NAMES,
  METHOD,
  OBS_COUNT,
  OBSERVATIONS,
  RECORDS,
  ROUTE,
  STATUS,
} from './lib/tag-values.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('core.bench.mjs needs the GC exposed: node --expose-gc bench/core.bench.mjs');
  process.exit(2);
}

const SERIES = Number(process.env.BENCH_SERIES ?? 50_000);
const started = performance.now();
const mismatches = [];

/** Every library must have recorded exactly the calls the harness made, or the numbers mean nothing. */
function expectRecorded(label, recorded, calls) {
  if (recorded !== calls) mismatches.push(`${label}: recorded ${recorded}, harness made ${calls} calls`);
}

const mk = await createMeterkit();
const prom = createProm();
const otel = createOtel();

// ---------------------------------------------------------------------------------------------
// 1. Raw field increment vs a held, bound child
// ---------------------------------------------------------------------------------------------
const rawHolder = { n: 0 };
const mkBoundChild = mk
  .counter('bound_child_total')
  .withTags({ method: 'GET', route: '/api/users', status: '200' });
const promBoundCounter = prom.counter('bound_child_total', LABEL_NAMES);
const promBoundChild = promBoundCounter.labels({ method: 'GET', route: '/api/users', status: '200' });
const otelBoundCounter = otel.meter.createCounter('bound_child');
const otelHeldAttrs = { method: 'GET', route: '/api/users', status: '200' };

const loops = {
  raw: function rawFieldIncrement(n) {
    const holder = rawHolder;
    for (let i = 0; i < n; i++) holder.n++;
    return holder.n;
  },
  mkBound: function meterkitBoundChildInc(n) {
    const child = mkBoundChild;
    for (let i = 0; i < n; i++) child.inc();
    return child.value();
  },
  promBound: function promLabelsChildInc(n) {
    const child = promBoundChild;
    for (let i = 0; i < n; i++) child.inc();
    return n;
  },
  otelBound: function otelHeldAttributesAdd(n) {
    const counter = otelBoundCounter;
    for (let i = 0; i < n; i++) counter.add(1, otelHeldAttrs);
    return n;
  },
};
const bound = compare({
  raw: loops.raw,
  meterkit: loops.mkBound,
  prom: loops.promBound,
  otel: loops.otelBound,
});
expectRecorded('raw field', rawHolder.n, bound.raw.calls);
expectRecorded('meterkit bound child', mkBoundChild.value(), bound.meterkit.calls);
expectRecorded('prom-client labels() child', await promTotal(promBoundCounter), bound.prom.calls);
expectRecorded('OTel held attributes', await otelTotal(otel.reader, 'bound_child'), bound.otel.calls);

// ---------------------------------------------------------------------------------------------
// 2. Counter inc with no tags
// ---------------------------------------------------------------------------------------------
const mkPlain = mk.counter('no_tags_total');
const promPlain = prom.counter('no_tags_total');
const otelPlain = otel.meter.createCounter('no_tags');
const noTags = compare({
  meterkit: function meterkitIncNoTags(n) {
    const counter = mkPlain;
    for (let i = 0; i < n; i++) counter.inc();
    return counter.value();
  },
  prom: function promIncNoTags(n) {
    const counter = promPlain;
    for (let i = 0; i < n; i++) counter.inc();
    return n;
  },
  otel: function otelAddNoTags(n) {
    const counter = otelPlain;
    for (let i = 0; i < n; i++) counter.add(1);
    return n;
  },
});
expectRecorded('meterkit no tags', mkPlain.value(), noTags.meterkit.calls);
expectRecorded('prom-client no tags', await promTotal(promPlain), noTags.prom.calls);
expectRecorded('OTel no tags', await otelTotal(otel.reader, 'no_tags'), noTags.otel.calls);

// ---------------------------------------------------------------------------------------------
// 3. Counter with 3 tags given on every call (a fresh object literal each time, as app code does)
// ---------------------------------------------------------------------------------------------
const mkTagged = mk.counter('requests_total');
const promTagged = prom.counter('requests_total', LABEL_NAMES);
const promLabelsPerCall = prom.counter('requests_labels_total', LABEL_NAMES);
const otelTagged = otel.meter.createCounter('requests');
const perCall = compare({
  meterkit: function meterkitWithTagsIncPerCall(n) {
    const counter = mkTagged;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.withTags({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }).inc();
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
  prom: function promIncLabelsPerCall(n) {
    const counter = promTagged;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.inc({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
  promLabels: function promLabelsThenIncPerCall(n) {
    const counter = promLabelsPerCall;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.labels({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }).inc();
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
  otel: function otelAddAttributesPerCall(n) {
    const counter = otelTagged;
    let k = 0;
    for (let i = 0; i < n; i++) {
      counter.add(1, { method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
      if (++k === COMBOS) k = 0;
    }
    return k;
  },
});
const mkTaggedTotal = RECORDS.reduce((sum, r) => sum + mkTagged.withTags(r).value(), 0);
expectRecorded('meterkit withTags per call', mkTaggedTotal, perCall.meterkit.calls);
expectRecorded('prom-client inc(labels)', await promTotal(promTagged), perCall.prom.calls);
expectRecorded('prom-client labels().inc()', await promTotal(promLabelsPerCall), perCall.promLabels.calls);
expectRecorded('OTel add(1, attrs)', await otelTotal(otel.reader, 'requests'), perCall.otel.calls);

// ---------------------------------------------------------------------------------------------
// 3b. The same among SERIES series in random order (lib/high-cardinality-lookup.mjs)
// ---------------------------------------------------------------------------------------------
const manySeries = await measureHighCardinalityLookup(SERIES, mk, prom, otel, mismatches);

// ---------------------------------------------------------------------------------------------
// 4. Histogram observe with 3 tags per call, and through a held child (default buckets everywhere)
// ---------------------------------------------------------------------------------------------
const mkHist = mk.histogram('latency_seconds');
const promHist = prom.histogram('latency_seconds', LABEL_NAMES);
const otelHist = otel.meter.createHistogram('latency', {
  unit: 's',
  advice: { explicitBucketBoundaries: DEFAULT_BOUNDS },
});
const histPerCall = compare({
  meterkit: function meterkitHistogramObservePerCall(n) {
    const histogram = mkHist;
    let k = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      histogram.withTags({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }).observe(OBSERVATIONS[j]);
      if (++k === COMBOS) k = 0;
      if (++j === OBS_COUNT) j = 0;
    }
    return k + j;
  },
  prom: function promHistogramObservePerCall(n) {
    const histogram = promHist;
    let k = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      histogram.observe({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }, OBSERVATIONS[j]);
      if (++k === COMBOS) k = 0;
      if (++j === OBS_COUNT) j = 0;
    }
    return k + j;
  },
  otel: function otelHistogramRecordPerCall(n) {
    const histogram = otelHist;
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
const mkHistTotal = RECORDS.reduce((sum, r) => sum + mkHist.withTags(r).snapshot().count, 0);
expectRecorded('meterkit histogram per call', mkHistTotal, histPerCall.meterkit.calls);
expectRecorded('prom-client histogram per call', await promTotal(promHist), histPerCall.prom.calls);
expectRecorded('OTel histogram per call', await otelTotal(otel.reader, 'latency'), histPerCall.otel.calls);

const mkHistChild = mk.histogram('bound_latency_seconds').withTags(RECORDS[0]);
const promBoundHist = prom.histogram('bound_latency_seconds', LABEL_NAMES);
const promHistChild = promBoundHist.labels(RECORDS[0]);
const otelBoundHist = otel.meter.createHistogram('bound_latency', {
  unit: 's',
  advice: { explicitBucketBoundaries: DEFAULT_BOUNDS },
});
const otelHistAttrs = { ...RECORDS[0] };
const histBound = compare({
  meterkit: function meterkitBoundHistogramObserve(n) {
    const child = mkHistChild;
    let j = 0;
    for (let i = 0; i < n; i++) {
      child.observe(OBSERVATIONS[j]);
      if (++j === OBS_COUNT) j = 0;
    }
    return j;
  },
  prom: function promLabelsChildObserve(n) {
    const child = promHistChild;
    let j = 0;
    for (let i = 0; i < n; i++) {
      child.observe(OBSERVATIONS[j]);
      if (++j === OBS_COUNT) j = 0;
    }
    return j;
  },
  otel: function otelHeldAttributesRecord(n) {
    const histogram = otelBoundHist;
    let j = 0;
    for (let i = 0; i < n; i++) {
      histogram.record(OBSERVATIONS[j], otelHistAttrs);
      if (++j === OBS_COUNT) j = 0;
    }
    return j;
  },
});
expectRecorded('meterkit bound histogram', mkHistChild.snapshot().count, histBound.meterkit.calls);
expectRecorded('prom-client bound histogram', await promTotal(promBoundHist), histBound.prom.calls);
expectRecorded('OTel bound histogram', await otelTotal(otel.reader, 'bound_latency'), histBound.otel.calls);

// ---------------------------------------------------------------------------------------------
// 4b. Exponential (native) histogram observe (lib/exponential-observe.mjs)
// ---------------------------------------------------------------------------------------------
const exponentialObserve = await measureExponentialObserve(mk, prom, mismatches);

// ---------------------------------------------------------------------------------------------
// 5. Allocation on the hot paths (bytes per call, from heap growth in a GC-free window)
// ---------------------------------------------------------------------------------------------
const alloc = {
  raw: await allocationPerCall(loops.raw, 10_000_000),
  mkBound: await allocationPerCall(loops.mkBound, 10_000_000),
  promBound: await allocationPerCall(loops.promBound, 200_000),
  otelBound: await allocationPerCall(loops.otelBound, 200_000),
};

// ---------------------------------------------------------------------------------------------
// 6. Retained heap per series (lib/core-retained-heap.mjs)
// ---------------------------------------------------------------------------------------------
const memory = await measureRetainedHeap(SERIES, mismatches);

printCoreReport({
  bound,
  noTags,
  perCall,
  manySeries,
  histPerCall,
  histBound,
  alloc,
  memory,
  SERIES,
  mismatches,
  started,
});
console.log(`\n### Exponential (native) histogram observe\n\n${exponentialObserveTable(exponentialObserve)}`);
// The published tables (README.md, packages/core/README.md): written by run.mjs from these figures.
if (mismatches.length === 0) {
  recordCoreFigures({
    bound,
    noTags,
    perCall,
    manySeries,
    histPerCall,
    histBound,
    alloc,
    memory,
    SERIES,
    exponentialObserve,
  });
}

if (process.env.BENCH_JSON) {
  writeFileSync(
    process.env.BENCH_JSON,
    JSON.stringify(
      {
        node: process.version,
        bound,
        noTags,
        perCall,
        manySeries,
        histPerCall,
        histBound,
        exponentialObserve,
        alloc,
        memory,
      },
      null,
      2,
    ),
  );
}
