/**
 * StatsD end to end: increments per second from the application to a UDP listener on 127.0.0.1,
 * through meterkit's StatsD backend and through hot-shots used directly (one datagram per call,
 * and buffered into 8192-byte datagrams), with what reached the listener: datagrams, lines, and
 * loss (increments received versus made).
 *
 *   pnpm --filter @meterkit/core build && pnpm --filter @meterkit/exporter-statsd build
 *   node bench/statsd-throughput.bench.mjs
 *
 * Environment: BENCH_INCREMENTS (300000 per run), BENCH_ROUNDS (3, interleaved across clients),
 * BENCH_CHUNK (1000 increments between two yields to the event loop), BENCH_FLUSH_MS (20: meterkit's
 * flush period, short so that several flushes happen during a run).
 *
 * The listener runs in a worker thread (its own event loop, a 4 MiB receive buffer where the kernel
 * allows it) so that it reads while the application sends. Every client makes the same
 * `requests` increments over the same 120 tag sets (`{ method, route, status }`, DogStatsD tags),
 * 1000 at a time, yielding to the event loop in between as a server handling requests would; the
 * run ends when the client has flushed and closed (meterkit: `provider.stop()`) and the listener has
 * received everything or heard nothing for 300 ms. Increments per second = increments made / time
 * from the first increment to the later of "client closed" and "last datagram received".
 */
import { createSocket } from 'node:dgram';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';

const QUIET_MS = 300;
const RECEIVE_BUFFER = 4 * 1024 * 1024;

if (isMainThread) await main();
else runListener();

// ---------------------------------------------------------------------------------------------
// The listener (worker thread)
// ---------------------------------------------------------------------------------------------
function runListener() {
  const now = () => performance.timeOrigin + performance.now();
  const fresh = () => ({ datagrams: 0, lines: 0, counterLines: 0, counted: 0, lastAt: 0, flushSeq: 0 });
  let stats = fresh();
  const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER });
  socket.on('message', (packet) => {
    stats.datagrams++;
    stats.lastAt = now();
    const text = packet.toString('utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const colon = text.indexOf(':', start);
      const pipe = text.indexOf('|', colon);
      if (colon > start && pipe > colon && pipe < end) {
        stats.lines++;
        const value = Number(text.slice(colon + 1, pipe));
        const type = text[pipe + 1];
        if (type === 'c') {
          stats.counterLines++;
          stats.counted += value;
        } else if (type === 'g' && text.startsWith('bench_flushes:', start)) {
          stats.flushSeq = Math.max(stats.flushSeq, value);
        }
      }
      start = end + 1;
    }
  });
  socket.bind(0, '127.0.0.1', () => {
    parentPort.postMessage({
      kind: 'ready',
      port: socket.address().port,
      buffer: socket.getRecvBufferSize(),
    });
  });
  parentPort.on('message', (message) => {
    if (message === 'report') parentPort.postMessage({ kind: 'report', stats });
    else if (message === 'reset') {
      stats = fresh();
      parentPort.postMessage({ kind: 'reset' });
    } else if (message === 'close') socket.close(() => parentPort.close());
  });
}

// ---------------------------------------------------------------------------------------------
// The application side (main thread)
// ---------------------------------------------------------------------------------------------
async function main() {
  const { createProvider } = await import('@meterkit/core');
  const { default: HotShots } = await import('hot-shots');
  const { markdownTable } = await import('./lib/markdown-table.mjs');
  const { COMBOS, METHOD, ROUTE, STATUS } = await import('./lib/tag-values.mjs');
  const { StatsD } = HotShots;

  const INCREMENTS = Number(process.env.BENCH_INCREMENTS ?? 300_000);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
  const CHUNK = Number(process.env.BENCH_CHUNK ?? 1000);
  const FLUSH_MS = Number(process.env.BENCH_FLUSH_MS ?? 20);
  const now = () => performance.timeOrigin + performance.now();
  const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

  const worker = new Worker(new URL(import.meta.url));
  const replies = [];
  const waiting = [];
  worker.on('message', (message) => (waiting.length ? waiting.shift()(message) : replies.push(message)));
  const next = () =>
    new Promise((resolve) => (replies.length ? resolve(replies.shift()) : waiting.push(resolve)));
  const ask = async (message) => {
    worker.postMessage(message);
    return next();
  };
  const { port, buffer } = await next();

  /** Waits until the listener has `expected` increments, or heard nothing for QUIET_MS (at most 15 s). */
  async function settle(expected, since) {
    const deadline = now() + 15_000;
    for (;;) {
      const { stats } = await ask('report');
      if (stats.counted >= expected || now() > deadline) return stats;
      if (now() - Math.max(stats.lastAt, since) > QUIET_MS) return stats;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Runs `increment(k)` INCREMENTS times over the tag sets, CHUNK at a time with yields between. */
  async function drive(increment) {
    for (let done = 0; done < INCREMENTS; ) {
      const end = Math.min(INCREMENTS, done + CHUNK);
      for (let i = done; i < end; i++) increment(i % COMBOS);
      done = end;
      await yieldToLoop();
    }
  }

  const clients = {
    meterkit: async () => {
      const errors = [];
      const meters = await createProvider({
        provider: 'statsd',
        statsd: { address: `127.0.0.1:${port}`, flavor: 'datadog', flushPeriod: FLUSH_MS },
        onError: (error) => errors.push(error),
      });
      let flushes = 0;
      // Read once per collection, i.e. once per flush: the listener learns how many flushes there were.
      meters.registry().registerCallback('bench_flushes', () => ++flushes);
      const requests = meters.counter('requests');
      const t0 = now();
      await meters.start();
      await drive((k) => requests.withTags({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }).inc());
      await meters.stop();
      return { t0, closedAt: now(), errors, flushes };
    },
    hotShotsUnbuffered: async () => hotShots({}),
    hotShotsBuffered: async () => hotShots({ maxBufferSize: 8192 }),
    hotShotsAggregated: async () => hotShots({ maxBufferSize: 8192, aggregation: true }),
  };

  async function hotShots(options) {
    const errors = [];
    const client = new StatsD({
      host: '127.0.0.1',
      port,
      errorHandler: (error) => errors.push(error),
      ...options,
    });
    const t0 = now();
    await drive((k) =>
      client.increment('requests', 1, { method: METHOD[k], route: ROUTE[k], status: STATUS[k] }),
    );
    await new Promise((resolve) => client.close(resolve));
    return { t0, closedAt: now(), errors, flushes: undefined };
  }

  const results = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(clients)) {
      await ask('reset');
      const { t0, closedAt, errors, flushes } = await run();
      const stats = await settle(INCREMENTS, closedAt);
      const end = Math.max(closedAt, stats.lastAt);
      results[name].push({
        perSecond: INCREMENTS / ((end - t0) / 1000),
        appPerSecond: INCREMENTS / ((closedAt - t0) / 1000),
        ...stats,
        errors: errors.length,
        flushes: flushes ?? stats.datagrams,
      });
    }
  }
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.postMessage('close');
  await exited;

  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const kps = (perSecond) =>
    `${(perSecond / 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} k/s`;
  const labels = {
    meterkit: 'meterkit → StatsD exporter (datadog flavor, 1432 B datagrams)',
    hotShotsUnbuffered: 'hot-shots, unbuffered (a datagram per call)',
    hotShotsBuffered: 'hot-shots, `maxBufferSize: 8192`',
    hotShotsAggregated: 'hot-shots, `maxBufferSize: 8192` + `aggregation: true`',
  };
  const rows = Object.entries(results).map(([name, runs]) => {
    const rates = runs.map((r) => r.perSecond);
    const r = runs[rates.indexOf(median(rates))];
    const sent = INCREMENTS * runs.length;
    const received = runs.reduce((sum, run) => sum + run.counted, 0);
    const isFlushed = name === 'meterkit';
    return [
      labels[name],
      kps(median(rates)),
      `${kps(Math.min(...rates))}–${kps(Math.max(...rates))}`,
      kps(median(runs.map((run) => run.appPerSecond))),
      r.datagrams.toLocaleString('en-US'),
      r.lines.toLocaleString('en-US'),
      (r.lines / r.datagrams).toFixed(1),
      isFlushed ? String(r.flushes) : 'every datagram',
      isFlushed ? (r.datagrams / r.flushes).toFixed(1) : '1',
      isFlushed ? (r.lines / r.flushes).toFixed(1) : (r.lines / r.datagrams).toFixed(1),
      `${(((sent - received) / sent) * 100).toFixed(2)} % (${(sent - received).toLocaleString('en-US')})`,
      String(runs.reduce((sum, run) => sum + run.errors, 0)),
    ];
  });

  console.log(
    `## ${INCREMENTS.toLocaleString('en-US')} increments of \`requests\` over 120 tag sets to a UDP listener on 127.0.0.1 (median of ${ROUNDS})\n`,
  );
  console.log(
    markdownTable(
      [
        'client',
        'increments/s (end to end)',
        'min–max',
        'increments/s (until closed)',
        'datagrams',
        'lines',
        'lines/datagram',
        'flushes',
        'datagrams/flush',
        'lines/flush',
        'loss (all rounds)',
        'errors',
      ],
      rows,
    ),
  );
  console.log(
    `\nListener receive buffer: ${buffer.toLocaleString('en-US')} B. meterkit's flush period: ${FLUSH_MS} ms; its lines include one \`bench_flushes\` gauge per flush (the flush counter).`,
  );
  const meterkitLoss = results.meterkit.some((run) => run.counted !== INCREMENTS);
  if (meterkitLoss) {
    console.log('\nMISMATCH: the listener did not receive every meterkit increment');
    process.exitCode = 1;
  }
}
