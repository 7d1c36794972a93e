import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/*
 * Issue 23: a scrape after a full garbage collection must run optimized code. V8 holds the hidden
 * classes of objects made per scrape (the walk over the series, the body writer) weakly; when a
 * full collection found none alive, it threw away all code optimized for them, and the next scrape
 * of 100,000 series ran its first 10,000-20,000 series unoptimized (6-12 ms, a third of the scrape).
 * `keepShape` in core keeps them alive. This reads V8's own deoptimization trace around eight
 * collections between scrapes: none of the functions that run once per series may be thrown away.
 */

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scrapes-across-gc.mjs');

/**
 * The per-series functions of the scrape path: core's walk and capture, the byte writer. The trace
 * names functions only, so names as common as `write` or `add` (Node's own streams have some) are
 * left out: these are enough to fail without the fix.
 */
const PER_SERIES = new Set([
  'walkNode',
  'walkMap',
  'visitSeries',
  'series',
  'label',
  'writeLabel',
  'repeat',
  'lineEnd',
  'endLine',
  'sampleValue',
  'digits',
  'room',
]);

it('keeps the optimized code of the scrape path across full garbage collections', () => {
  const run = spawnSync(process.execPath, ['--expose-gc', '--trace-deopt', FIXTURE], {
    cwd: dirname(FIXTURE),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 90_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const out = run.stdout.split('\n');
  const warm = out.indexOf('WARM');
  expect(warm).toBeGreaterThan(0);
  // Every scrape was whole: 20,000 counter lines and 2,000 × 14 histogram lines, plus headers.
  const counts = JSON.parse(out.find((line) => line.startsWith('LINES '))!.slice('LINES '.length));
  expect(counts).toHaveLength(8);
  for (const count of counts) expect(count).toBeGreaterThanOrEqual(20_000 + 2_000 * 14);
  // `[marking dependent code … (<SharedFunctionInfo walkNode>) … for deoptimization, reason: weak objects]`
  const thrownAway = out
    .slice(warm)
    .filter((line) => line.includes('reason: weak objects'))
    .map((line) => /<SharedFunctionInfo ([^>]*)>/.exec(line)?.[1] ?? line)
    .filter((name) => PER_SERIES.has(name));
  expect(thrownAway).toEqual([]);
});
