/**
 * Scrape load, end to end: the Prometheus scrape handler under 100 concurrent scrapes of 50,000
 * series while the application records at full speed, on 127.0.0.1.
 *
 *   pnpm build && node --expose-gc bench/e2e-scrape-load.bench.mjs
 *
 * The main thread is the application: a provider with `provider: 'prometheus'`, 45,000 counter
 * series and 5,000 histogram series, `provider.handler()` mounted on a node:http server, and a
 * recording loop that increments and observes as fast as it can, yielding to the event loop between
 * chunks (as a busy service does between requests). A worker thread is Prometheus: rounds of
 * concurrent GETs asking for OpenMetrics with gzip, as Prometheus 2.x does. The same recording runs
 * first without scrapes (baseline), then with them, so the scrape's cost shows in the difference.
 *
 * Reported: scrapes ok / errors (non-200, truncated body, wrong series count), scrape latency
 * p50/p99/max, recording throughput, event-loop delay p99 and the longest stall. Exits non-zero if
 * any scrape failed; no time limit is asserted (a shared machine's timings are not pass/fail).
 *
 * `node bench/run.mjs e2e-scrape-load` writes the tables `e2e-scrape-load` and `e2e-scrape-load-app`
 * into packages/e2e/README.md: latencies as the median of the rounds' percentiles (min–max over the
 * rounds); the recording figures are one window each.
 *
 * Environment: BENCH_SERIES (50000), BENCH_CONCURRENCY (100), BENCH_ROUNDS (5; 2 with BENCH_QUICK=1).
 */
import { Agent, createServer, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { describeTable, record, spread } from './lib/report.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const SERIES = Number(process.env.BENCH_SERIES ?? 50_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 5));
const HISTOGRAM_SHARE = 0.1;
const OPENMETRICS = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';

if (isMainThread) await application();
else await scraper(workerData);

/** The scraper (Prometheus' side), in its own thread: `rounds` × `concurrency` GETs. */
async function scraper({ url, concurrency, rounds, expectedSeries }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const get = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = request(
        url,
        { agent, headers: { accept: OPENMETRICS, 'accept-encoding': 'gzip' }, timeout: 120_000 },
        (res) => {
          const parts = [];
          res.on('data', (part) => parts.push(part));
          res.on('end', () =>
            resolve({
              ms: performance.now() - started,
              status: res.statusCode,
              complete: res.complete,
              gzip: res.headers['content-encoding'] === 'gzip',
              body: Buffer.concat(parts),
            }),
          );
          res.on('error', (error) => resolve({ ms: performance.now() - started, error: String(error) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error) => resolve({ ms: performance.now() - started, error: String(error) }));
      req.end();
    });
  const latencies = [];
  const roundLatencies = [];
  const errors = [];
  let compressedBytes = 0;
  let rawBytes = 0;
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.all(Array.from({ length: concurrency }, get));
    roundLatencies.push(results.map((result) => result.ms));
    results.forEach((result, i) => {
      latencies.push(result.ms);
      if (result.error || result.status !== 200 || !result.complete) {
        errors.push(result.error ?? `status ${result.status}, complete ${result.complete}`);
        return;
      }
      // Decode one body per round in full (all of them would make the scraper the bottleneck).
      if (i === 0) {
        const text = (result.gzip ? gunzipSync(result.body) : result.body).toString('utf8');
        const series = countSeries(text);
        if (series !== expectedSeries || !text.endsWith('# EOF\n')) {
          errors.push(
            `round ${round}: ${series} series (expected ${expectedSeries}), EOF ${text.endsWith('# EOF\n')}`,
          );
        }
        compressedBytes = result.body.length;
        rawBytes = Buffer.byteLength(text);
      }
    });
  }
  agent.destroy();
  parentPort.postMessage({ latencies, roundLatencies, errors, compressedBytes, rawBytes });
}

/** Series in an OpenMetrics body: counter `_total` samples plus histogram `_count` samples. */
function countSeries(text) {
  let series = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    if (/^load_c\d+_total\{/.test(line) || /^load_h\d+_count\{/.test(line)) series++;
  }
  return series;
}

async function application() {
  const { createProvider } = await import('@meterkit/core');
  const { markdownTable } = await import('./lib/markdown-table.mjs');
  const started = performance.now();
  const metrics = await createProvider({
    provider: 'prometheus',
    cardinalityLimit: SERIES,
    onError: (error, source) => console.error(`onError ${source}: ${error.message}`),
  });

  // 90% counter series, 10% histogram series, 1,000 series per metric family.
  const histogramSeries = Math.round(SERIES * HISTOGRAM_SHARE);
  const counterSeries = SERIES - histogramSeries;
  const children = [];
  const perFamily = 1000;
  for (let i = 0; i < counterSeries; i++) {
    const family = metrics.counter(`load_c${Math.floor(i / perFamily)}`, { description: 'load counter' });
    children.push({ kind: 'c', child: family.withTags({ route: `/r${i % perFamily}`, method: 'GET' }) });
  }
  for (let i = 0; i < histogramSeries; i++) {
    const family = metrics.histogram(`load_h${Math.floor(i / perFamily)}`, {
      description: 'load histogram',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    });
    children.push({ kind: 'h', child: family.withTags({ route: `/r${i % perFamily}`, method: 'GET' }) });
  }
  for (const { kind, child } of children) kind === 'c' ? child.inc() : child.observe(0.01);

  const server = createServer(metrics.handler());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/metrics`;

  /** Records flat out until `until()` says stop; measures ops and the event loop meanwhile. */
  async function recordWhile(until) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    delay.enable();
    let ops = 0;
    let cursor = 0;
    const t0 = performance.now();
    while (!until()) {
      // One chunk of work, then yield: about a millisecond of recording per event-loop turn.
      for (let n = 0; n < 20_000; n++) {
        const entry = children[cursor];
        cursor = cursor + 1 === children.length ? 0 : cursor + 1;
        if (entry.kind === 'c') entry.child.inc();
        else entry.child.observe((n % 100) / 1000);
      }
      ops += 20_000;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const seconds = (performance.now() - t0) / 1000;
    delay.disable();
    clearInterval(ticker);
    return {
      opsPerSecond: ops / seconds,
      seconds,
      delayP99Ms: delay.percentile(99) / 1e6,
      delayMaxMs: delay.max / 1e6,
      longestGapMs: longestGap,
    };
  }

  globalThis.gc?.();
  const baselineUntil = performance.now() + (QUICK ? 2000 : 5000);
  const baseline = await recordWhile(() => performance.now() > baselineUntil);

  globalThis.gc?.();
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { url, concurrency: CONCURRENCY, rounds: ROUNDS, expectedSeries: SERIES },
  });
  let report;
  const done = new Promise((resolve, reject) => {
    worker.once('message', (message) => {
      report = message;
      resolve();
    });
    worker.once('error', reject);
  });
  let finished = false;
  done.then(
    () => (finished = true),
    () => (finished = true),
  );
  const loaded = await recordWhile(() => finished);
  await done;
  await worker.terminate();
  server.close();
  await metrics.stop();

  const sorted = [...report.latencies].sort((a, b) => a - b);
  const percentileOf = (ascending, p) =>
    ascending[Math.min(ascending.length - 1, Math.ceil((p / 100) * ascending.length) - 1)];
  const pct = (p) => percentileOf(sorted, p);
  const ms = (value) => `${value.toFixed(1)} ms`;
  const kops = (value) => `${Math.round(value / 1000).toLocaleString('en-US')} k/s`;
  console.log(
    `${SERIES.toLocaleString('en-US')} series (${counterSeries.toLocaleString('en-US')} counters, ` +
      `${histogramSeries.toLocaleString('en-US')} histograms with 8 buckets), ${ROUNDS} rounds of ` +
      `${CONCURRENCY} concurrent scrapes (OpenMetrics, gzip), body ${(report.rawBytes / 1e6).toFixed(1)} MB ` +
      `(${(report.compressedBytes / 1e6).toFixed(2)} MB gzipped), Node ${process.version}\n`,
  );
  console.log(
    markdownTable(
      ['scrapes ok', 'errors', 'latency p50', 'latency p99', 'latency max'],
      [
        [
          sorted.length - report.errors.length,
          report.errors.length,
          ms(pct(50)),
          ms(pct(99)),
          ms(sorted.at(-1)),
        ],
      ],
    ),
  );
  const ms1 = (value) => value.toFixed(1);
  console.log(
    `\nper round (median of ${ROUNDS} rounds, min–max): ` +
      Object.entries(roundLatencyFigures(report.roundLatencies, percentileOf))
        .map(([name, f]) => `${name} ${ms1(f.median)} ms (${ms1(f.min)}–${ms1(f.max)})`)
        .join(', '),
  );
  console.log('');
  console.log(
    markdownTable(
      [
        'application',
        'recording',
        'event-loop delay p99',
        'event-loop delay max',
        'longest stall (1 ms ticker gap)',
      ],
      [
        [
          'recording only',
          kops(baseline.opsPerSecond),
          ms(baseline.delayP99Ms),
          ms(baseline.delayMaxMs),
          ms(baseline.longestGapMs),
        ],
        [
          `recording + ${CONCURRENCY} concurrent scrapes`,
          kops(loaded.opsPerSecond),
          ms(loaded.delayP99Ms),
          ms(loaded.delayMaxMs),
          ms(loaded.longestGapMs),
        ],
      ],
    ),
  );
  if (report.errors.length > 0) {
    console.error(`\n${report.errors.length} scrape(s) failed, e.g. ${report.errors.slice(0, 3).join('; ')}`);
    process.exitCode = 1;
  } else {
    publish({ report, percentileOf, baseline, loaded, counterSeries, histogramSeries });
  }
  console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/** Latency p50 / p99 / max of each round of scrapes, as median and (min–max) over the rounds. */
function roundLatencyFigures(roundLatencies, percentileOf) {
  const perRound = roundLatencies.map((latencies) => [...latencies].sort((a, b) => a - b));
  const over = (p) => spread(perRound.map((ascending) => percentileOf(ascending, p)));
  return { 'latency p50': over(50), 'latency p99': over(99), 'latency max': over(100) };
}

/** The README tables (`bench/lib/report.mjs`); only after every scrape passed its checks. */
function publish({ report, percentileOf, baseline, loaded, counterSeries, histogramSeries }) {
  const count = (value) => value.toLocaleString('en-US');
  const scrapes = `${SERIES.toLocaleString('en-US')} series, ${ROUNDS} × ${CONCURRENCY} concurrent scrapes`;
  describeTable({
    table: 'e2e-scrape-load',
    title:
      `Scrape load: ${count(SERIES)} series (${count(counterSeries)} counters, ${count(histogramSeries)} ` +
      `histograms × 8 buckets), ${ROUNDS} rounds of ${CONCURRENCY} concurrent scrapes (OpenMetrics + gzip) ` +
      'while the application records flat out',
    columns: ['scrapes ok', 'errors', 'latency p50', 'latency p99', 'latency max', 'body'],
    rowHeader: 'run',
    ratios: false,
    measured: `one run of ${ROUNDS} rounds; each latency is the median over the rounds of that round's percentile (${CONCURRENCY} scrapes per round), (min–max) over the rounds`,
  });
  const scrapeFigure = (metric, fields) =>
    record({ table: 'e2e-scrape-load', row: scrapes, metric, ...fields });
  scrapeFigure('scrapes ok', { text: count(report.latencies.length - report.errors.length) });
  scrapeFigure('errors', { text: count(report.errors.length) });
  for (const [metric, figure] of Object.entries(roundLatencyFigures(report.roundLatencies, percentileOf))) {
    scrapeFigure(metric, { unit: 'ms', ...figure });
  }
  scrapeFigure('body', {
    text: `${(report.rawBytes / 1e6).toFixed(1)} MB (${(report.compressedBytes / 1e6).toFixed(2)} MB gzipped)`,
  });

  describeTable({
    table: 'e2e-scrape-load-app',
    title:
      'The application meanwhile: recording throughput and event-loop delay, without and with the scrapes',
    columns: ['recording', 'event-loop delay p99', 'event-loop delay max', 'longest stall (1 ms ticker gap)'],
    rowHeader: 'application',
    ratios: false,
    measured: `one run: each row is one recording window (${baseline.seconds.toFixed(0)} s alone, then ${loaded.seconds.toFixed(0)} s while the scrapes ran)`,
  });
  for (const [row, window] of [
    ['recording only', baseline],
    [`recording + ${CONCURRENCY} concurrent scrapes`, loaded],
  ]) {
    const appFigure = (metric, fields) => record({ table: 'e2e-scrape-load-app', row, metric, ...fields });
    appFigure('recording', { unit: 'M ops/s', median: window.opsPerSecond / 1e6 });
    appFigure('event-loop delay p99', { unit: 'ms', median: window.delayP99Ms });
    appFigure('event-loop delay max', { unit: 'ms', median: window.delayMaxMs });
    appFigure('longest stall (1 ms ticker gap)', { unit: 'ms', median: window.longestGapMs });
  }
}
