/**
 * The whole HTTP scrape, request to last byte over 127.0.0.1: meterkit's scrape handler against
 * prom-client behind node:http and against "the limit" (lib/scrape-limit-server.mjs: raw values
 * rendered into one Buffer, one `res.end()`), for 100,000 counter series and 10,000 default-bucket
 * histogram series, in text 0.0.4 and OpenMetrics.
 *
 *   pnpm build && node --expose-gc bench/scrape-http.bench.mjs
 *
 * Environment: BENCH_COUNTERS (100000), BENCH_HISTOGRAMS (10000), BENCH_ROUNDS (9).
 * Each server lives in its own worker thread (its own heap) of this one process and scrapes itself;
 * the rounds are interleaved (meterkit, prom-client, limit, meterkit, …) so machine noise hits all
 * alike. Reported per case: the median and min–max of the rounds for the scrape time, the longest
 * event-loop stall during one scrape, and the JS heap allocated per scrape against the body size.
 * The last line, `BENCH_JSON {…}`, is the same results for tools.
 */
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { describeTable, quick, record } from './lib/report.mjs';

const COUNTERS = Number(process.env.BENCH_COUNTERS ?? (quick ? 5_000 : 100_000));
const HISTOGRAMS = Number(process.env.BENCH_HISTOGRAMS ?? (quick ? 500 : 10_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 9));
const LIBRARIES = ['meterkit', 'prom-client', 'limit'];
const CASES = ['counters text', 'counters openmetrics', 'histograms text', 'histograms openmetrics'];
const started = performance.now();
const loadBefore = loadavg();

function startLibrary(library) {
  const worker = new Worker(new URL('./lib/scrape-http-worker.mjs', import.meta.url), {
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
  const stop = async () => {
    await send({ cmd: 'stop' });
    await worker.terminate();
  };
  return { library, ready, send, stop };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => [Math.min(...values), Math.max(...values)];

const libraries = LIBRARIES.map(startLibrary);
await Promise.all(libraries.map((lib) => lib.ready));

// Same data: every server writes the same number of series in every case.
for (const name of CASES) {
  for (const lib of libraries) {
    const check = await lib.send({ cmd: 'check', name });
    const expected = name.startsWith('counters') ? COUNTERS : HISTOGRAMS;
    if (check.lines !== expected)
      throw new Error(`${lib.library} ${name}: ${check.lines} series, not ${expected}`);
    if (name.endsWith('openmetrics') && !check.eof) throw new Error(`${lib.library} ${name}: no # EOF`);
  }
}

const runs = {};
for (const name of CASES) for (const lib of libraries) await lib.send({ cmd: 'scrape', name }); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const name of CASES) {
    for (const lib of libraries)
      (runs[`${lib.library} | ${name}`] ??= []).push(await lib.send({ cmd: 'scrape', name }));
  }
}
await Promise.all(libraries.map((lib) => lib.stop()));
const loadAfter = loadavg();

// ---------------------------------------------------------------------------------------------
const ms = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;
const mb = (v) => `${(v / 1e6).toFixed(2)} MB`;
const results = {};
for (const name of CASES) {
  for (const library of LIBRARIES) {
    const list = runs[`${library} | ${name}`];
    const times = list.map((r) => r.ms);
    results[`${library} | ${name}`] = {
      medianMs: median(times),
      spreadMs: spread(times),
      stallMs: median(list.map((r) => r.stallMs)),
      stallSpreadMs: spread(list.map((r) => r.stallMs)),
      allocatedBytes: median(list.map((r) => r.allocated)),
      bodyBytes: list[0].bytes,
    };
  }
}

/** Ratio of medians, with the spread of per-round ratios (each round's pair was measured back to back). */
function ratio(theirs, ours, name) {
  const a = runs[`${theirs} | ${name}`].map((r) => r.ms);
  const b = runs[`${ours} | ${name}`].map((r) => r.ms);
  const perRound = a.map((t, i) => t / b[i]);
  return { median: median(a) / median(b), min: Math.min(...perRound), max: Math.max(...perRound) };
}
const showRatio = (r) => `${formatRatio(r.median, 1)} (${r.min.toFixed(1)}–${r.max.toFixed(1)})`;

const ratios = {};
for (const name of CASES) {
  ratios[name] = {
    'meterkit vs prom-client': ratio('prom-client', 'meterkit', name),
    'limit vs meterkit': ratio('meterkit', 'limit', name),
  };
}

for (const name of CASES) {
  console.log(
    `\n### ${name} (${(name.startsWith('counters') ? COUNTERS : HISTOGRAMS).toLocaleString('en-US')} series)\n`,
  );
  console.log(
    markdownTable(
      [
        'server',
        'scrape median',
        'min–max',
        'longest stall (median, min–max)',
        'JS heap allocated',
        'body',
        'allocated / body',
      ],
      LIBRARIES.map((library) => {
        const r = results[`${library} | ${name}`];
        return [
          library,
          ms(r.medianMs),
          `${ms(r.spreadMs[0])} – ${ms(r.spreadMs[1])}`,
          `${ms(r.stallMs)} (${ms(r.stallSpreadMs[0])} – ${ms(r.stallSpreadMs[1])})`,
          mb(r.allocatedBytes),
          mb(r.bodyBytes),
          `${(r.allocatedBytes / r.bodyBytes).toFixed(2)}×`,
        ];
      }),
    ),
  );
  const r = ratios[name];
  console.log(
    `\nmeterkit is ${showRatio(r['meterkit vs prom-client'])} faster than prom-client;` +
      ` the limit is ${showRatio(r['limit vs meterkit'])} faster than meterkit (median of rounds, per-round min–max).`,
  );
}

const yes = (ok) => (ok ? 'yes' : '**NO**');
const goals = [
  ['counters text: ≥ 5× prom-client', ratios['counters text']['meterkit vs prom-client'].median >= 5],
  ['counters text: within 1.5× of the limit', ratios['counters text']['limit vs meterkit'].median <= 1.5],
  [
    'counters OpenMetrics: ≥ 5× prom-client',
    ratios['counters openmetrics']['meterkit vs prom-client'].median >= 5,
  ],
  [
    'counters OpenMetrics: within 1.5× of the limit',
    ratios['counters openmetrics']['limit vs meterkit'].median <= 1.5,
  ],
  ['histograms text: ≥ 4× prom-client', ratios['histograms text']['meterkit vs prom-client'].median >= 4],
  [
    'histograms OpenMetrics: ≥ 4× prom-client',
    ratios['histograms openmetrics']['meterkit vs prom-client'].median >= 4,
  ],
  [
    'longest stall ≤ 20 ms (every case, median)',
    CASES.every((n) => results[`meterkit | ${n}`].stallMs <= 20),
  ],
  [
    'JS heap allocated < 2× body (every case, median)',
    CASES.every((n) => results[`meterkit | ${n}`].allocatedBytes < 2 * results[`meterkit | ${n}`].bodyBytes),
  ],
];
console.log('\n### Goals (issue 23)\n');
console.log(
  markdownTable(
    ['goal', 'met?'],
    goals.map(([goal, ok]) => [goal, yes(ok)]),
  ),
);
// The published tables (bench/run.mjs writes them into the READMEs between bench markers).
const caseRow = (name) =>
  `${(name.startsWith('counters') ? COUNTERS : HISTOGRAMS).toLocaleString('en-US')} ${name.replace('openmetrics', 'OpenMetrics')}`;
describeTable({
  table: 'scrape-http',
  title: 'Whole HTTP scrape, request to last byte (ms per scrape)',
  reference: 'meterkit',
  columns: LIBRARIES,
  note:
    'Each server in its own worker thread of one process, scraped over 127.0.0.1, rounds interleaved. ' +
    '"limit": a bare node:http server rendering the same lines from raw values into one Buffer per request ' +
    '(bench/lib/scrape-limit-server.mjs). Counters carry 3 tags; histograms have the default buckets.',
});
describeTable({
  table: 'scrape-http-cost',
  title: "meterkit's cost per scrape: longest event-loop stall and JS heap allocated",
  reference: 'meterkit stall',
  columns: ['meterkit stall', 'limit stall', 'meterkit allocated / body', 'limit allocated / body'],
  note: 'Stall: the longest event-loop delay seen during one scrape. Allocated: JS heap allocated per scrape ÷ body bytes (median of rounds).',
});
for (const name of CASES) {
  const counters = name.startsWith('counters');
  const times = (library) => runs[`${library} | ${name}`].map((r) => r.ms);
  const withSpread = (values) => {
    const [min, max] = spread(values);
    return { median: median(values), min, max, rounds: values.length };
  };
  record({
    table: 'scrape-http',
    row: caseRow(name),
    metric: 'meterkit',
    unit: 'ms',
    ...withSpread(times('meterkit')),
    goal: [
      { faster: counters ? 5 : 4, than: 'prom-client' },
      ...(counters ? [{ within: 1.5, of: 'limit' }] : []),
    ],
  });
  for (const library of ['prom-client', 'limit'])
    record({
      table: 'scrape-http',
      row: caseRow(name),
      metric: library,
      unit: 'ms',
      ...withSpread(times(library)),
    });
  for (const library of ['meterkit', 'limit']) {
    const list = runs[`${library} | ${name}`];
    record({
      table: 'scrape-http-cost',
      row: caseRow(name),
      metric: `${library} stall`,
      unit: 'ms',
      ...withSpread(list.map((r) => r.stallMs)),
      ...(library === 'meterkit' && { goal: { atMost: 20 } }),
    });
    const perBody = list.map((r) => r.allocated / r.bytes);
    record({
      table: 'scrape-http-cost',
      row: caseRow(name),
      metric: `${library} allocated / body`,
      unit: '×',
      ...withSpread(perBody),
      ...(library === 'meterkit' && { goal: { atMost: 2 } }),
    });
  }
}

const load = (l) => l.map((v) => v.toFixed(2)).join(' ');
console.log(
  `\nNode ${process.version}, ${ROUNDS} interleaved rounds per case, load average ${load(loadBefore)} before and ` +
    `${load(loadAfter)} after, ${((performance.now() - started) / 1000).toFixed(1)} s in all.`,
);
console.log(
  `BENCH_JSON ${JSON.stringify({
    bench: 'scrape-http',
    node: process.version,
    date: new Date().toISOString(),
    rounds: ROUNDS,
    loadAverage: { before: loadBefore, after: loadAfter },
    series: { counters: COUNTERS, histograms: HISTOGRAMS },
    results,
    ratios,
    goals: Object.fromEntries(goals),
  })}`,
);
