/**
 * The exporter kit's series memory: what finding "what did I last send" for one series costs in a
 * flush, with the kit's tree of maps (no string key built) and with the string keys the exporters
 * used before (StatsD: a Map per metric name keyed by `tagsKey()`; the logger and OTLP: one Map keyed
 * by `seriesKey()`). Prints ratios only: absolute numbers on a shared machine mean little.
 *
 *   pnpm --filter @meterkit/core build
 *   node bench/series-memory.bench.mjs
 *
 * Environment: BENCH_SERIES (10000), BENCH_TAGS (3), plus measure-ns.mjs's BENCH_ROUNDS /
 * BENCH_ROUND_MS / BENCH_WARMUP_MS.
 */
import { seriesKey, tagsKey } from '@meterkit/core';
import { SeriesMemory } from '@meterkit/core/exporter-kit';
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
    for (let t = 0; t < TAGS; t++) tags.push({ key: `tag_${t}`, value: `value_${(i >> (t * 3)) % 97}_${t}` });
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

function byNameThenTagsKeyLoop() {
  const byName = new Map();
  let flush = 0;
  let i = 0;
  let snap = 0;
  return (n) => {
    let total = 0;
    for (let k = 0; k < n; k++) {
      if (i === 0) flush++;
      const point = snapshots[snap][i];
      let byTags = byName.get(point.name);
      if (byTags === undefined) byName.set(point.name, (byTags = new Map()));
      const key = tagsKey(point.tags);
      let entry = byTags.get(key);
      if (entry === undefined) byTags.set(key, (entry = { last: undefined, seen: flush }));
      entry.seen = flush;
      total += entry.last ?? 0;
      entry.last = point.value;
      if (++i === SERIES) {
        for (const tags of byName.values())
          for (const [key, entry] of tags) if (entry.seen !== flush) tags.delete(key);
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
  'SeriesMemory (tree of maps)': kitLoop(),
  'Map per name by tagsKey() (StatsD before)': byNameThenTagsKeyLoop(),
  'Map by seriesKey() (logger, OTLP before)': seriesKeyLoop(),
});
const kit = results['SeriesMemory (tree of maps)'].ns;
console.log(`series memory lookup, ${SERIES} series of ${TAGS} tags (ratio to SeriesMemory, >1 = slower):`);
for (const [name, result] of Object.entries(results)) console.log(`  ${name}: ${formatRatio(result.ns, kit)}`);
console.log(`(checksum ${checksum()})`);
