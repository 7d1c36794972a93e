/**
 * StatsD flush of 100,000 changed counter series: meterkit's exporter against hot-shots' own
 * client-side aggregation (`aggregation: { … }`, hot-shots 17), both sending DogStatsD lines packed
 * into 1432-byte datagrams.
 *
 *   pnpm build && node --expose-gc bench/statsd-flush.bench.mjs
 *
 * Environment: BENCH_STATSD_FLUSH_SERIES (100000), BENCH_ROUNDS (9).
 *
 * What is compared, per round, after every series changed once since the previous flush:
 * - flush: meterkit `registry().snapshot()` + `StatsdExporter.export(snapshot)` (what a provider's
 *   flush timer does) against hot-shots `client.flush(callback)` (its aggregator's contexts through
 *   its send path and buffer, until the callback), each until the last datagram is handed to the socket;
 * - record: one `add()` per series on meterkit's held children against one
 *   `increment(name, n, heldTags)` per series into hot-shots' aggregator (where hot-shots builds its
 *   context keys), the application's side of the same window.
 * Datagrams go to a UDP port on 127.0.0.1 where nothing listens (the kernel work of sending is
 * included, a receiver competing for this CPU is not). Before timing, both sides' lines are captured
 * once (meterkit through a counting sink, hot-shots with `mock: true`) and must hold the same series
 * and the same total.
 */
import { createSocket } from 'node:dgram';
import { createProvider, validateConfig } from '@meterkit/core';
import { resolveStatsdConfig, StatsdExporter } from '@meterkit/exporter-statsd';
import HotShots from 'hot-shots';
import { markdownTable } from './lib/markdown-table.mjs';
import { describeTable, record, spread } from './lib/report.mjs';
import { METHOD, STATUS } from './lib/tag-values.mjs';

const { StatsD } = HotShots;
const SERIES = Number(process.env.BENCH_STATSD_FLUSH_SERIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const UNCAPPED = { cardinalityLimit: 10_000_000 };
const PACKET = 1432;
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};
const tagsOf = (i) => ({
  method: METHOD[i % METHOD.length],
  route: `/item/${i}`,
  status: STATUS[i % STATUS.length],
});
const incrementOf = (i, round) => 1 + ((i + round) % 3);

/** A UDP port nothing listens on (bound, read, released). */
async function closedUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

/** Keeps the lines the exporter hands over (the same-data check). */
class CapturingSink {
  lines = [];
  async send(packets) {
    for (const packet of packets) this.lines.push(...packet.split('\n').filter(Boolean));
  }
  async close() {}
}

/** meterkit: 100,000 held children of one counter, and a StatsD exporter (UDP or a sink). */
async function meterkitSide(port, sink) {
  const meters = await createProvider({ provider: 'memory', ...UNCAPPED });
  const counter = meters.counter('bench_requests', UNCAPPED);
  const children = Array.from({ length: SERIES }, (_, i) => counter.withTags(tagsOf(i)));
  const config = resolveStatsdConfig(
    validateConfig({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${port}`, flavor: 'datadog', maxPacketSize: PACKET },
    }),
  );
  const errors = [];
  const exporter = new StatsdExporter({ config, onError: (error) => errors.push(error), sink });
  return {
    errors,
    record(round) {
      for (let i = 0; i < SERIES; i++) children[i].add(incrementOf(i, round));
    },
    async flush() {
      await exporter.export(await meters.registry().snapshot());
    },
    stop: () => exporter.shutdown(),
  };
}

/** hot-shots: one client with client-side aggregation holding 100,000 contexts until flush(). */
function hotShotsSide(port, mock) {
  const errors = [];
  const client = new StatsD({
    host: '127.0.0.1',
    port,
    mock,
    maxBufferSize: PACKET,
    bufferFlushInterval: 3_600_000,
    aggregation: { flushInterval: 3_600_000, maxContexts: SERIES * 2 },
    errorHandler: (error) => errors.push(error),
  });
  const tags = Array.from({ length: SERIES }, (_, i) => tagsOf(i));
  return {
    client,
    errors,
    record(round) {
      for (let i = 0; i < SERIES; i++) client.increment('bench_requests', incrementOf(i, round), tags[i]);
    },
    flush: () => new Promise((resolve) => client.flush(resolve)),
    stop: () => new Promise((resolve) => client.close(resolve)),
  };
}

/** Series and total of DogStatsD counter lines `name:v|c|#k:v,…`, order of tags ignored. */
function summarize(lines) {
  const series = new Set();
  let total = 0;
  for (const line of lines) {
    const [head, type, tags] = line.split('|');
    if (type !== 'c') continue;
    total += Number(head.slice(head.indexOf(':') + 1));
    series.add(`${head.slice(0, head.indexOf(':'))}|${tags.slice(1).split(',').sort().join(',')}`);
  }
  return { series: series.size, total };
}

const port = await closedUdpPort();

// Same data: one flush of each side, captured (nothing sent: a sink and hot-shots' mock mode).
const sink = new CapturingSink();
const mkCheck = await meterkitSide(port, sink);
await mkCheck.flush(); // announces every series (at 0) once, like the first real flush
sink.lines.length = 0;
mkCheck.record(0);
await mkCheck.flush();
await mkCheck.stop();
const hsCheck = hotShotsSide(port, true);
hsCheck.record(0);
await hsCheck.flush();
const mkSummary = summarize(sink.lines);
const hsSummary = summarize(hsCheck.client.mockBuffer.flatMap((packet) => packet.split('\n')));
await hsCheck.stop();
if (mkSummary.series !== SERIES || JSON.stringify(mkSummary) !== JSON.stringify(hsSummary)) {
  console.error(
    `The two sides did not send the same data: meterkit ${JSON.stringify(mkSummary)}, hot-shots ${JSON.stringify(hsSummary)}`,
  );
  process.exit(1);
}

const sides = { meterkit: await meterkitSide(port), 'hot-shots': hotShotsSide(port, false) };
const samples = Object.fromEntries(Object.keys(sides).map((name) => [name, { record: [], flush: [] }]));
// Round 0 announces meterkit's series and warms both up; it is not measured.
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, side] of Object.entries(sides)) {
    gc();
    const t0 = performance.now();
    side.record(round);
    const t1 = performance.now();
    await side.flush();
    const t2 = performance.now();
    if (round > 0) {
      samples[name].record.push(t1 - t0);
      samples[name].flush.push(t2 - t1);
    }
  }
}
for (const side of Object.values(sides)) await side.stop();
const errors = Object.entries(sides).flatMap(([name, side]) =>
  side.errors
    .filter((error) => !/ECONNREFUSED/.test(String(error?.message)))
    .map((e) => `${name}: ${e.message}`),
);

const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const stats = {};
for (const [name, s] of Object.entries(samples)) {
  // The whole window, round by round: hot-shots does its aggregation work when recording, meterkit at the flush.
  const window = s.flush.map((value, i) => value + s.record[i]);
  stats[name] = { flush: spread(s.flush), record: spread(s.record), window: spread(window) };
}
const rows = [];
for (const phase of ['flush', 'record', 'window']) {
  for (const name of Object.keys(sides)) {
    const r = stats[name][phase];
    rows.push([
      phase,
      name,
      ms(r.median),
      `${ms(r.min)}–${ms(r.max)}`,
      `${((r.median * 1e6) / SERIES).toFixed(0)} ns`,
    ]);
  }
}
console.log(
  `## StatsD: ${SERIES.toLocaleString('en-US')} changed counter series per flush, DogStatsD, ${PACKET} B datagrams (${ROUNDS} interleaved rounds)\n`,
);
console.log(markdownTable(['phase', 'library', 'median', 'min–max', 'per series'], rows));
const ratio = stats['hot-shots'].flush.median / stats.meterkit.flush.median;
console.log(
  `\nflush: hot-shots ÷ meterkit = ${ratio.toFixed(2)}× (goal ≥ 2×: ${ratio >= 2 ? 'met' : 'NOT met'}); ` +
    `same data checked: ${mkSummary.series} series, total ${mkSummary.total}.`,
);
if (errors.length > 0) {
  console.error(`\nSend errors:\n${errors.slice(0, 5).join('\n')}`);
  process.exit(1);
}

const ROW_OF = {
  flush: 'flush (snapshot/aggregator → datagrams)',
  record: 'record: one increment per series',
  window: 'the whole window: record + flush',
};
describeTable({
  table: 'statsd-flush',
  title: `StatsD: ${SERIES.toLocaleString('en-US')} changed counter series per flush (DogStatsD, ${PACKET} B datagrams, UDP)`,
  columns: ['meterkit', 'hot-shots'],
  reference: 'meterkit',
  note:
    "hot-shots 17 with its client-side aggregation (`aggregation: { maxContexts }`). **flush**: meterkit's core snapshot + " +
    "`StatsdExporter.export()` against hot-shots' `flush(callback)`, until the last datagram is handed to the socket. " +
    "**record**: one `add()` per series on meterkit's held children against one `increment(name, n, heldTags)` per series " +
    "into hot-shots' aggregator (where it builds its context keys). **whole window**: the two, summed round by round. Both sides' lines were checked to hold the same series and total.",
});
for (const name of Object.keys(sides)) {
  for (const phase of ['flush', 'record', 'window']) {
    record({
      table: 'statsd-flush',
      row: ROW_OF[phase],
      metric: name,
      unit: 'ms',
      ...stats[name][phase],
      ...(name === 'meterkit' && phase === 'flush' ? { goal: { faster: 2, than: 'hot-shots' } } : {}),
    });
  }
}
