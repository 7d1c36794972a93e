/**
 * Soak of series expiry (issue 16), on a manual clock: SOAK_DISTINCT (1,000,000) distinct tag values
 * rotate through a counter and a histogram with `expireAfter: '5m'`, about 1,000 of them live at any
 * time; a recording exporter takes a collection every simulated minute. Reports live series and
 * retained heap, checks that the total recorded equals the total the exporter received, and
 * compares the retained heap with a run of only 1,000 distinct values (goal: within 10%).
 *
 *   pnpm --filter @meterkit/core build && node --expose-gc bench/series-expiry.soak.mjs
 *
 * Each run happens in a child process of its own, so one run's garbage cannot count in the other.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createProvider } from '@meterkit/core';
import { ManualClock } from '@meterkit/core/testing';

const LIVE = 1_000;
const EXPIRE_MS = 5 * 60_000;
const COLLECT_EVERY_MS = 60_000;
/** New values per simulated second so that about LIVE were recorded within the last 5 minutes. */
const PER_SECOND = LIVE / (EXPIRE_MS / 1000);

async function run(distinct, recordings) {
  const clock = new ManualClock();
  const provider = await createProvider({ provider: 'memory', clock });
  const counter = provider.counter('soak_requests_total', { expireAfter: '5m' });
  const histogram = provider.histogram('soak_latency', { expireAfter: '5m', buckets: [0.1, 1, 10] });
  let recordedTotal = 0;
  let recordedCount = 0;
  /** What the exporter saw last per series (cumulative), keyed by tag value and start time. */
  let previous = new Map();
  let receivedTotal = 0;
  let receivedCount = 0;
  let maxLive = 0;
  const collect = async () => {
    const snapshot = await provider.registry().snapshot();
    const current = new Map();
    for (const metric of snapshot.metrics) {
      for (const point of metric.points) {
        const key = `${metric.name}\u0000${point.tags[0]?.value}\u0000${point.startTime}`;
        current.set(key, metric.type === 'counter' ? point.value : point.count);
      }
    }
    // A stream that ended (dropped) delivered its last cumulative value.
    for (const [key, value] of previous) {
      if (!current.has(key)) {
        if (key.startsWith('soak_requests_total')) receivedTotal += value;
        else receivedCount += value;
      }
    }
    maxLive = Math.max(maxLive, current.size / 2);
    previous = current;
    return current.size / 2;
  };
  let sinceCollect = 0;
  let carry = 0;
  for (let i = 0; i < recordings; ) {
    carry += PER_SECOND;
    for (; carry >= 1 && i < recordings; carry--, i++) {
      const tenant = `tenant-${i % distinct}`;
      const amount = (i % 7) + 1;
      counter.withTags({ tenant }).add(amount);
      histogram.withTags({ tenant }).observe((i % 100) / 10);
      recordedTotal += amount;
      recordedCount += 1;
    }
    clock.advance(1_000);
    sinceCollect += 1_000;
    if (sinceCollect >= COLLECT_EVERY_MS) {
      sinceCollect = 0;
      await collect();
    }
  }
  // Let everything expire, collecting as the exporter would, so every stream's end is seen.
  for (let t = 0; t <= EXPIRE_MS + COLLECT_EVERY_MS; t += COLLECT_EVERY_MS) {
    clock.advance(COLLECT_EVERY_MS);
    await collect();
  }
  const liveAtEnd = await collect();
  // Retained heap with the provider still reachable, after every series expired.
  globalThis.gc();
  globalThis.gc();
  const heap = process.memoryUsage().heapUsed;
  return {
    distinct,
    recordings,
    maxLive,
    liveAtEnd,
    heapMB: heap / 2 ** 20,
    totalsMatch: recordedTotal === receivedTotal && recordedCount === receivedCount,
    recordedTotal,
    receivedTotal,
    recordedCount,
    receivedCount,
    keepAlive: [provider, counter, histogram].length,
  };
}

if (process.argv[2] === '--child') {
  const result = await run(Number(process.argv[3]), Number(process.argv[4]));
  process.stdout.write(JSON.stringify(result));
} else {
  const distinct = Number(process.env.SOAK_DISTINCT ?? 1_000_000);
  const self = fileURLToPath(import.meta.url);
  const child = (values) =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', self, '--child', String(values), String(distinct)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      }),
    );
  const rotating = child(distinct);
  const fixed = child(LIVE);
  console.log(
    `### Series expiry soak: ${distinct.toLocaleString('en')} recordings, expireAfter 5m, manual clock\n`,
  );
  console.log(
    '| distinct tag values | most live series | live at end | retained heap | recorded = received |',
  );
  console.log('|---|---|---|---|---|');
  for (const r of [rotating, fixed]) {
    console.log(
      `| ${r.distinct.toLocaleString('en')} | ${Math.round(r.maxLive)} | ${r.liveAtEnd} | ${r.heapMB.toFixed(1)} MB | ${r.totalsMatch ? 'yes' : `NO (${r.recordedTotal} vs ${r.receivedTotal}, ${r.recordedCount} vs ${r.receivedCount})`} |`,
    );
  }
  const ratio = rotating.heapMB / fixed.heapMB;
  console.log(
    `\nRetained heap, rotating ÷ fixed: ${ratio.toFixed(3)} — goal ≤ 1.10: ${ratio <= 1.1 ? 'yes' : '**NO**'}`,
  );
  if (!rotating.totalsMatch || !fixed.totalsMatch) process.exitCode = 1;
}
