/**
 * Prometheus exposition: meterkit's serializer against prom-client's `register.metrics()` and
 * OpenTelemetry's `PrometheusSerializer`, on the same series, in the same run.
 *
 *   pnpm --filter @meterkit/core build && pnpm --filter @meterkit/exporter-prometheus build
 *   node --expose-gc bench/prometheus-serializer.bench.mjs
 *
 * Environment: BENCH_COUNTERS (100000), BENCH_HISTOGRAMS (10000), BENCH_ROUNDS (9).
 * Each library lives in its own worker thread (its own heap: its GC never marks another library's
 * series); the main thread interleaves the rounds (A B C A B C …) so machine noise hits all alike.
 * See bench/README.md ("prometheus-serializer.bench.mjs") for what is measured.
 */
import { Worker } from 'node:worker_threads';
import { formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { describeTable, record, spread } from './lib/report.mjs';

const COUNTERS = Number(process.env.BENCH_COUNTERS ?? 100_000);
const HISTOGRAMS = Number(process.env.BENCH_HISTOGRAMS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const started = performance.now();

/** A worker holding one library's series, answering one command at a time. */
function startLibrary(library) {
  const worker = new Worker(new URL('./lib/prometheus-serializer-worker.mjs', import.meta.url), {
    workerData: { library, counters: COUNTERS, histograms: HISTOGRAMS },
  });
  let pending;
  const ready = new Promise((resolve, reject) => {
    pending = { resolve, reject };
  });
  worker.on('message', (message) => {
    const current = pending;
    pending = undefined;
    if (message?.error) current?.reject(new Error(`${library}: ${message.error}`));
    else current?.resolve(message);
  });
  worker.on('error', (error) => pending?.reject(error));
  const send = (message) =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
      worker.postMessage(message);
    });
  return { library, ready, send, stop: () => worker.terminate() };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const libraries = ['meterkit', 'prom-client', 'OTel'].map(startLibrary);
await Promise.all(libraries.map((lib) => lib.ready));

// Same data: every library writes the same number of counter and histogram series.
const casesOf = {};
for (const lib of libraries) {
  const check = await lib.send({ cmd: 'check' });
  if (check.counterLines !== COUNTERS || check.histogramLines !== HISTOGRAMS) {
    throw new Error(
      `${lib.library} wrote ${check.counterLines} counter / ${check.histogramLines} histogram series`,
    );
  }
  casesOf[lib.library] = check.cases;
}

const timings = {};
const sizes = {};
for (const lib of libraries) for (const name of casesOf[lib.library]) await lib.send({ cmd: 'run', name }); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const lib of libraries) {
    for (const name of casesOf[lib.library]) {
      const key = `${lib.library} | ${name}`;
      const { ms, size } = await lib.send({ cmd: 'run', name });
      (timings[key] ??= []).push(ms);
      sizes[key] = size;
    }
  }
}
const result = (library, name) => median(timings[`${library} | ${name}`]);
/** The least disturbed round: on a shared machine the fastest run is closest to the true cost. */
const best = (library, name) => Math.min(...timings[`${library} | ${name}`]);

const stalls = {};
for (const lib of libraries) {
  const runs = await lib.send({ cmd: 'stall', rounds: 3 });
  stalls[lib.library] = {
    longest: median(runs.map((r) => r.longestStallMs)),
    total: median(runs.map((r) => r.totalMs)),
    bytes: runs[0].bytes,
    spread: spread(runs.map((r) => r.longestStallMs)),
  };
}
await Promise.all(libraries.map((lib) => lib.stop()));

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------
const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

function table(kind, title) {
  const prom = result('prom-client', `${kind}: scrape`);
  const promBest = best('prom-client', `${kind}: scrape`);
  const rows = [];
  for (const library of ['meterkit', 'prom-client', 'OTel']) {
    for (const name of casesOf[library].filter((n) => n.startsWith(`${kind}: `))) {
      const value = result(library, name);
      const fastest = best(library, name);
      const size = sizes[`${library} | ${name}`];
      rows.push([
        `${library} ${name.slice(kind.length + 2)}`,
        ms(value),
        ms(fastest),
        typeof size === 'number' && size > 1000 ? mb(size) : '',
        formatRatio(prom, value),
        formatRatio(promBest, fastest),
      ]);
    }
  }
  console.log(`\n### ${title}\n`);
  console.log(
    markdownTable(
      ['case', 'median', 'fastest', 'output', 'vs prom-client (median)', 'vs prom-client (fastest)'],
      rows,
    ),
  );
}

table('counters', `${COUNTERS.toLocaleString('en-US')} counter series (3 labels each)`);
table('histograms', `${HISTOGRAMS.toLocaleString('en-US')} histogram series (3 labels, 11 buckets + +Inf)`);

console.log(
  `\n### Longest event-loop stall during one HTTP scrape of ${COUNTERS.toLocaleString('en-US')} counter series\n`,
);
console.log(
  markdownTable(
    ['server', 'longest stall', 'whole scrape', 'body'],
    Object.entries(stalls).map(([name, s]) => [name, ms(s.longest), ms(s.total), mb(s.bytes)]),
  ),
);
console.log(
  `\nmeterkit's longest stall is core's registry.snapshot() (one synchronous piece, ${ms(result('meterkit', 'counters: snapshot only'))} median);` +
    ' the serializer then yields to the event loop every 512 lines.',
);

const yes = (ok) => (ok ? 'yes' : '**NO**');
const goal = (kind, factor) => {
  const prom = result('prom-client', `${kind}: scrape`);
  const scrape = result('meterkit', `${kind}: scrape`);
  const serialize = result('meterkit', `${kind}: serialize text 0.0.4`);
  return [
    formatRatio(prom, scrape),
    formatRatio(prom, serialize),
    yes(prom / scrape >= factor),
    yes(prom / serialize >= factor),
  ];
};
console.log('\n### Goals\n');
console.log(
  markdownTable(
    [
      'goal (medians)',
      'scrape (snapshot + serialize)',
      'serialize only',
      'met by the scrape?',
      'met by the serializer?',
    ],
    [
      [
        `${COUNTERS.toLocaleString('en-US')} counter series ≥ 3× faster than prom-client`,
        ...goal('counters', 3),
      ],
      [
        `${HISTOGRAMS.toLocaleString('en-US')} histogram series ≥ 2× faster than prom-client`,
        ...goal('histograms', 2),
      ],
    ],
  ),
);
console.log(
  `\nNode ${process.version}, ${ROUNDS} interleaved rounds per case (median), ${((performance.now() - started) / 1000).toFixed(1)} s in all.`,
);

// ---------------------------------------------------------------------------------------------
// Published table (README.md, packages/exporter-prometheus/README.md), written by run.mjs
// ---------------------------------------------------------------------------------------------
const COLUMN = { meterkit: 'meterkit', 'prom-client': 'prom-client', OTel: 'OpenTelemetry' };
describeTable({
  table: 'prometheus-scrape',
  title: 'Prometheus exposition in one process (ms)',
  columns: Object.values(COLUMN),
  reference: 'meterkit',
  note:
    'A scrape: meterkit `registry().snapshot()` + `serializePrometheusText`; prom-client `register.metrics()`; OpenTelemetry ' +
    '`reader.collect()` + `PrometheusSerializer`. Serialize rows start from a stored snapshot. Each library in its own worker ' +
    'thread; every output checked to hold the same series. Stall: longest gap of a 1 ms timer while one HTTP scrape is served.',
});
const ROWS = {
  scrape: (kind) =>
    `${kind === 'counters' ? COUNTERS.toLocaleString('en-US') : HISTOGRAMS.toLocaleString('en-US')} ${kind === 'counters' ? 'counter' : 'histogram'} series: whole scrape`,
  'serialize text 0.0.4': (kind) => `${kind}: serialize text 0.0.4`,
  'serialize OpenMetrics': (kind) => `${kind}: serialize OpenMetrics`,
  'snapshot only': (kind) => `${kind}: core snapshot only`,
};
const GOALS = { counters: 3, histograms: 2 };
for (const kind of ['counters', 'histograms']) {
  for (const [name, rowOf] of Object.entries(ROWS)) {
    for (const [library, metric] of Object.entries(COLUMN)) {
      const samples = timings[`${library} | ${kind}: ${name}`];
      if (!samples) continue;
      record({
        table: 'prometheus-scrape',
        row: rowOf(kind),
        metric,
        unit: 'ms',
        ...spread(samples),
        ...(library === 'meterkit' && name === 'scrape'
          ? { goal: { faster: GOALS[kind], than: 'prom-client' } }
          : {}),
      });
    }
  }
}
for (const [library, metric] of Object.entries(COLUMN)) {
  record({
    table: 'prometheus-scrape',
    row: `longest event-loop stall, one HTTP scrape of ${COUNTERS.toLocaleString('en-US')} counters`,
    metric,
    unit: 'ms',
    ...stalls[library].spread,
  });
}
