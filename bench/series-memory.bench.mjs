/**
 * The exporter kit's series memory: what finding "what did I last send" for one series costs in a
 * flush. `SeriesMemory` (a Map per metric name keyed by `tagsKey()`) against the alternative that
 * builds no string key (a tree of maps: name, then each tag's key and value) and against the logger's
 * and OTLP's former one Map keyed by `seriesKey()`, rebuilt every flush. Ratios only: absolute
 * numbers on a shared machine mean little. The tree wins with one or two tags and loses with a
 * high-cardinality tag among others, which is why SeriesMemory keeps the string key.
 *
 *   pnpm --filter @meterkit/core build
 *   node bench/series-memory.bench.mjs
 *
 * Environment: BENCH_SERIES (10000), BENCH_TAGS (3), plus measure-ns.mjs's BENCH_ROUNDS /
 * BENCH_ROUND_MS / BENCH_WARMUP_MS.
 */
import { SeriesMemory, seriesKey } from '@meterkit/core/exporter-kit';
import { formatRatio } from './lib/markdown-table.mjs';
import { checksum, compare } from './lib/measure-ns.mjs';

const SERIES = Number(process.env.BENCH_SERIES ?? 10_000);
const TAGS = Number(process.env.BENCH_TAGS ?? 3);
const NAMES = ['http_requests_total', 'jobs_total', 'bytes_sent_total', 'queue_depth'];

/** Points as two snapshots would carry them: equal tag sets, new arrays and objects each time. */
function snapshotPoints() {
  const points = [];
  for (let i = 0; i < SERIES; i++) {
    const tags = [];
    // One tag tells the series apart (a route, a user id); the others repeat (method, status).
    for (let t = 0; t < TAGS; t++)
      tags.push({ key: `tag_${t}`, value: t === 0 ? `value_${i}` : `value_${i % (3 + t)}` });
    points.push({ name: NAMES[i % NAMES.length], tags, value: i, startTime: 1 });
  }
  return points;
}
const snapshots = [snapshotPoints(), snapshotPoints()];

/** One loop per approach: `n` lookups, a flush begun and ended every SERIES lookups. */
function kitLoop() {
  const memory = new SeriesMemory();
  let i = 0;
  let snap = 0;
  return (n) => {
    let total = 0;
    for (let k = 0; k < n; k++) {
      if (i === 0) memory.beginFlush();
      const point = snapshots[snap][i];
      const series = memory.see(point.name, point.tags, point.startTime);
      total += series.last ?? 0;
      series.last = point.value;
      if (++i === SERIES) {
        memory.endFlush();
        i = 0;
        snap ^= 1;
      }
    }
    return total;
  };
}

/** The alternative measured: no string key, one Map per tag key and value along a path. */
function treeLoop() {
  const root = new Map();
  const live = new Set();
  let flush = 0;
  let i = 0;
  let snap = 0;
  const child = (node, edge) => {
    let next = node.get(edge);
    if (next === undefined) node.set(edge, (next = new Map()));
    return next;
  };
  return (n) => {
    let total = 0;
    for (let k = 0; k < n; k++) {
      if (i === 0) flush++;
      const point = snapshots[snap][i];
      let node = child(root, point.name);
      for (const tag of point.tags) node = child(child(node, tag.key), tag.value);
      let entry = node.get('');
      if (entry === undefined) {
        node.set('', (entry = { last: undefined, seen: flush, node }));
        live.add(entry);
      }
      entry.seen = flush;
      total += entry.last ?? 0;
      entry.last = point.value;
      if (++i === SERIES) {
        for (const e of live) {
          if (e.seen === flush) continue;
          live.delete(e);
          e.node.delete('');
        }
        i = 0;
        snap ^= 1;
      }
    }
    return total;
  };
}

function seriesKeyLoop() {
  let previous = new Map();
  let current = new Map();
  let i = 0;
  let snap = 0;
  return (n) => {
    let total = 0;
    for (let k = 0; k < n; k++) {
      const point = snapshots[snap][i];
      const key = seriesKey(point.name, point.tags);
      total += previous.get(key) ?? 0;
      current.set(key, point.value);
      if (++i === SERIES) {
        previous = current;
        current = new Map();
        i = 0;
        snap ^= 1;
      }
    }
    return total;
  };
}

const results = compare({
  SeriesMemory: kitLoop(),
  'tree of maps, no string key': treeLoop(),
  'one Map by seriesKey() per flush (logger, OTLP before)': seriesKeyLoop(),
});
const kit = results.SeriesMemory.ns;
console.log(`series memory lookup, ${SERIES} series of ${TAGS} tags (ratio to SeriesMemory, >1 = slower):`);
for (const [name, result] of Object.entries(results))
  console.log(`  ${name}: ${formatRatio(result.ns, kit)}`);
console.log(`(checksum ${checksum()})`);
