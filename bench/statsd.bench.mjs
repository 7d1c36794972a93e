/**
 * StatsD: what one flush costs the exporter over many series, and what the application pays per
 * `inc()` with meterkit's StatsD backend compared with hot-shots' per-call `increment()`.
 *
 *   pnpm --filter @meterkit/core build && pnpm --filter @meterkit/exporter-statsd build
 *   node --expose-gc bench/statsd.bench.mjs
 *
 * Environment: BENCH_COUNTERS (20000), BENCH_TIMERS (2000), BENCH_FLUSHES (7), plus measure-ns.mjs's
 * BENCH_ROUNDS / BENCH_ROUND_MS / BENCH_WARMUP_MS.
 *
 * Packets go to a UDP port on 127.0.0.1 where nothing
 * listens: the kernel work of sending is included, a receiver competing for this CPU is not.
 * Timer samples are measured both ways the exporter builds them: from the raw observations a
 * provider hands it (`point.recent`, the default) and rebuilt from buckets (the fallback).
 * End-to-end increments per second to a real listener, with loss: statsd-throughput.bench.mjs.
 */
import { createSocket } from 'node:dgram';
import { createProvider, validateConfig } from '@meterkit/core';
import { resolveStatsdConfig, StatsdExporter } from '@meterkit/exporter-statsd';
import HotShots from 'hot-shots';
import { formatNs, formatRatio, markdownTable } from './lib/markdown-table.mjs';
import { checksum, compare, nsFigure } from './lib/measure-ns.mjs';
import { describeTable, record, spread } from './lib/report.mjs';
import { COMBOS, METHOD, ROUTE, STATUS } from './lib/tag-values.mjs';

const { StatsD } = HotShots;

const COUNTERS = Number(process.env.BENCH_COUNTERS ?? 20_000);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 2_000);
const FLUSHES = Number(process.env.BENCH_FLUSHES ?? 7);
const OBSERVATIONS_PER_TIMER = 10;
const UNCAPPED = { cardinalityLimit: 10_000_000 };
const mismatches = [];

/** A UDP port nothing listens on (bound, read, released). */
async function closedUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

/** Counts what the exporter hands over, without sending it. */
class CountingSink {
  packets = 0;
  bytes = 0;
  async send(packets) {
    this.packets += packets.length;
    for (const packet of packets) this.bytes += Buffer.byteLength(packet);
  }
  async close() {}
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

// ---------------------------------------------------------------------------------------------
// 1. One flush over many series
// ---------------------------------------------------------------------------------------------
async function flushCost(flavor, transport, port, samples) {
  const meters = await createProvider({ provider: 'memory', ...UNCAPPED });
  const counter = meters.counter('bench_requests', UNCAPPED);
  const counters = Array.from({ length: COUNTERS }, (_, i) =>
    counter.withTags({ method: METHOD[i % COMBOS], route: `/item/${i}`, status: STATUS[i % COMBOS] }),
  );
  const timer = meters.timer('bench_latency', UNCAPPED);
  const timers = Array.from({ length: TIMERS }, (_, i) => timer.withTags({ route: `/item/${i}` }));
  const config = resolveStatsdConfig(
    validateConfig({ provider: 'statsd', statsd: { address: `127.0.0.1:${port}`, flavor } }),
  );
  const sink = transport === 'none' ? new CountingSink() : undefined;
  const errors = [];
  const exporter = new StatsdExporter({ config, onError: (error) => errors.push(error), sink });
  const exportMs = [];
  const collectMs = [];
  for (let flush = 0; flush <= FLUSHES; flush++) {
    for (let i = 0; i < COUNTERS; i++) counters[i].add(1 + (i % 3));
    for (let i = 0; i < TIMERS; i++) {
      for (let k = 0; k < OBSERVATIONS_PER_TIMER; k++) timers[i].record(((i * 7 + k * 13) % 1000) / 400);
    }
    const t0 = performance.now();
    const collected = await meters.registry().snapshot();
    const t1 = performance.now();
    const snapshot = samples === 'raw' ? withRecentObservations(collected) : collected;
    const t2 = performance.now();
    await exporter.export(snapshot);
    const t3 = performance.now();
    // The first flush announces every series and warms the JIT up; it is not measured.
    if (flush > 0) {
      collectMs.push(t1 - t0);
      exportMs.push(t3 - t2);
    }
  }
  await exporter.shutdown();
  if (errors.length > 0)
    mismatches.push(`${flavor}/${transport}: ${errors.length} export errors: ${errors[0].message}`);
  const lines = COUNTERS + TIMERS * OBSERVATIONS_PER_TIMER;
  return {
    flavor,
    transport,
    samples,
    exportMs: median(exportMs),
    exportSpread: spread(exportMs),
    collectMs: median(collectMs),
    lines,
    sink,
  };
}

/** The flush's observations of timer `i` (what the loop above records). */
function observationsOf(i) {
  return Array.from({ length: OBSERVATIONS_PER_TIMER }, (_, k) => ((i * 7 + k * 13) % 1000) / 400);
}

/**
 * What core hands a StatsD exporter inside a provider (the registry's own snapshot() never drains
 * the reservoirs): every timer point with `recent`, the raw observations since the last flush.
 */
function withRecentObservations(snapshot) {
  const metrics = snapshot.metrics.map((metric) =>
    metric.type !== 'timer'
      ? metric
      : {
          ...metric,
          points: metric.points.map((point) => {
            const values = observationsOf(Number(point.tags[0].value.slice('/item/'.length)));
            return { ...point, recent: { values, count: values.length } };
          }),
        },
  );
  return { ...snapshot, metrics };
}

const port = await closedUdpPort();
const flushRows = [];
for (const flavor of ['etsy', 'datadog']) {
  for (const [transport, samples] of [
    ['none', 'raw'],
    ['none', 'rebuilt'],
    ['udp', 'raw'],
  ]) {
    const r = await flushCost(flavor, transport, port, samples);
    const perFlush = r.sink
      ? `${Math.round(r.sink.packets / (FLUSHES + 1))} packets, ${Math.round(r.sink.bytes / (FLUSHES + 1) / 1024)} KiB`
      : '';
    record({
      table: 'statsd-flush-mix',
      row: `${r.flavor}, ${r.transport === 'none' ? 'translate + pack only' : 'UDP'}, timer samples ${r.samples === 'raw' ? 'raw' : 'rebuilt from buckets'}`,
      metric: 'export',
      unit: 'ms',
      ...r.exportSpread,
    });
    record({
      table: 'statsd-flush-mix',
      row: `${r.flavor}, ${r.transport === 'none' ? 'translate + pack only' : 'UDP'}, timer samples ${r.samples === 'raw' ? 'raw' : 'rebuilt from buckets'}`,
      metric: 'per line sent',
      unit: 'ns',
      median: (r.exportMs * 1e6) / r.lines,
    });
    flushRows.push([
      r.flavor,
      r.transport === 'none' ? 'translate + pack only' : 'hot-shots UDP',
      r.samples === 'raw' ? 'raw observations (`recent`)' : 'rebuilt from buckets',
      `${r.exportMs.toFixed(1)} ms`,
      formatNs((r.exportMs * 1e6) / r.lines),
      `${r.collectMs.toFixed(1)} ms`,
      perFlush,
    ]);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The application's cost per increment
// ---------------------------------------------------------------------------------------------
const meterkit = await createProvider({
  provider: 'statsd',
  statsd: { address: `127.0.0.1:${port}`, flavor: 'datadog' },
});
const mkCounter = meterkit.counter('requests');
const mkBound = mkCounter.withTags({ method: 'GET', route: '/api/users', status: '200' });
const hotShots = new StatsD({
  host: '127.0.0.1',
  port,
  maxBufferSize: 1432,
  includeDataDogTags: false,
  datadog: false,
  errorHandler: () => undefined,
});
const hotShotsUnbuffered = new StatsD({
  host: '127.0.0.1',
  port,
  includeDataDogTags: false,
  datadog: false,
  errorHandler: () => undefined,
});

const perCall = compare({
  meterkitBound: function meterkitBoundInc(n) {
    const child = mkBound;
    for (let i = 0; i < n; i++) child.inc();
    return n;
  },
  meterkitTags: function meterkitWithTagsInc(n) {
    const counter = mkCounter;
    for (let i = 0; i < n; i++) {
      const k = i % COMBOS;
      counter.withTags({ method: METHOD[k], route: ROUTE[k], status: STATUS[k] }).inc();
    }
    return n;
  },
  hotShotsTags: function hotShotsBufferedIncrement(n) {
    const client = hotShots;
    for (let i = 0; i < n; i++) {
      const k = i % COMBOS;
      client.increment('requests', 1, { method: METHOD[k], route: ROUTE[k], status: STATUS[k] });
    }
    return n;
  },
  hotShotsNoTags: function hotShotsBufferedIncrementNoTags(n) {
    const client = hotShots;
    for (let i = 0; i < n; i++) client.increment('requests');
    return n;
  },
});
// Unbuffered hot-shots sends one datagram per call; measured alone, with short rounds, because the
// sends queue up in libuv until the loop yields.
const unbuffered = compare({
  hotShotsUnbuffered: function hotShotsUnbufferedIncrement(n) {
    const client = hotShotsUnbuffered;
    for (let i = 0; i < n; i++) client.increment('requests', 1, { method: 'GET', status: '200' });
    return n;
  },
});

const recorded = (await meterkit.registry().snapshot()).metrics
  .find((m) => m.name === 'requests')
  .points.reduce((sum, p) => sum + p.value, 0);
const made = perCall.meterkitBound.calls + perCall.meterkitTags.calls;
if (recorded !== made) mismatches.push(`meterkit recorded ${recorded} increments, the harness made ${made}`);
await meterkit.stop();
await new Promise((resolve) => hotShots.close(resolve));
await new Promise((resolve) => hotShotsUnbuffered.close(resolve));

console.log(
  `## One flush: ${COUNTERS.toLocaleString('en-US')} counter series + ${TIMERS.toLocaleString('en-US')} timer series × ${OBSERVATIONS_PER_TIMER} observations\n`,
);
console.log(
  markdownTable(
    [
      'flavor',
      'path',
      'timer samples',
      'export (median)',
      'per line',
      'core snapshot (median)',
      'output per flush',
    ],
    flushRows,
  ),
);
console.log('\n## Per increment, in the application\n');
console.log(
  markdownTable(
    ['call', 'ns/op (median)', 'min–max', 'meterkit faster by'],
    [
      [
        'meterkit bound child `c.inc()`',
        formatNs(perCall.meterkitBound.ns),
        `${formatNs(perCall.meterkitBound.min)}–${formatNs(perCall.meterkitBound.max)}`,
        '',
      ],
      [
        'meterkit `counter.withTags({ method, route, status }).inc()`',
        formatNs(perCall.meterkitTags.ns),
        `${formatNs(perCall.meterkitTags.min)}–${formatNs(perCall.meterkitTags.max)}`,
        '',
      ],
      [
        'hot-shots `increment(name, 1, { method, route, status })`, buffered 1432 B',
        formatNs(perCall.hotShotsTags.ns),
        `${formatNs(perCall.hotShotsTags.min)}–${formatNs(perCall.hotShotsTags.max)}`,
        formatRatio(perCall.hotShotsTags.ns, perCall.meterkitTags.ns),
      ],
      [
        'hot-shots `increment(name)`, buffered 1432 B',
        formatNs(perCall.hotShotsNoTags.ns),
        `${formatNs(perCall.hotShotsNoTags.min)}–${formatNs(perCall.hotShotsNoTags.max)}`,
        formatRatio(perCall.hotShotsNoTags.ns, perCall.meterkitBound.ns),
      ],
      [
        'hot-shots `increment(name, 1, tags)`, one datagram per call',
        formatNs(unbuffered.hotShotsUnbuffered.ns),
        `${formatNs(unbuffered.hotShotsUnbuffered.min)}–${formatNs(unbuffered.hotShotsUnbuffered.max)}`,
        formatRatio(unbuffered.hotShotsUnbuffered.ns, perCall.meterkitTags.ns),
      ],
    ],
  ),
);
console.log(`\nchecksum ${checksum()}`);

// Published tables (packages/exporter-statsd/README.md), written by run.mjs.
describeTable({
  table: 'statsd-flush-mix',
  title: `One StatsD flush: ${COUNTERS.toLocaleString('en-US')} counter series + ${TIMERS.toLocaleString('en-US')} timer series × ${OBSERVATIONS_PER_TIMER} observations`,
  columns: ['export', 'per line sent'],
  reference: 'export',
  note: "`StatsdExporter.export(snapshot)` (core's snapshot not included). UDP: to a port on 127.0.0.1 where nothing listens.",
});
describeTable({
  table: 'statsd-increment',
  title: 'Per increment, in the application (ns per call)',
  columns: ['meterkit', 'hot-shots, buffered 1432 B', 'hot-shots, a datagram per call'],
  reference: 'meterkit',
  note: 'meterkit aggregates in memory and sends once per flush; hot-shots (no aggregation) formats and buffers or sends a line per call.',
});
const incrementRows = [
  [
    '3 tags per call: `withTags({…}).inc()` / `increment(name, 1, tags)`',
    perCall.meterkitTags,
    perCall.hotShotsTags,
    unbuffered.hotShotsUnbuffered,
  ],
  ['held child `c.inc()` / `increment(name)`', perCall.meterkitBound, perCall.hotShotsNoTags, undefined],
];
for (const [row, ...cells] of incrementRows) {
  ['meterkit', 'hot-shots, buffered 1432 B', 'hot-shots, a datagram per call'].forEach((metric, i) => {
    if (cells[i]) record({ table: 'statsd-increment', row, metric, ...nsFigure(cells[i]) });
  });
}
if (mismatches.length > 0) {
  console.log(`\nMISMATCH:\n- ${mismatches.join('\n- ')}`);
  process.exitCode = 1;
}
