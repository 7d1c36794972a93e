/**
 * Runs every `*.bench.mjs` in this folder, one after another, each in its own
 * `node --expose-gc` process (benchmarks must not share a JIT or a heap), then writes the README
 * performance tables from what they recorded (`lib/report.mjs` -> `write-tables.mjs`).
 *
 *   node bench/run.mjs                 # all of them (core first, then alphabetical), then the tables
 *   node bench/run.mjs core prom       # only files whose name contains one of the words; only
 *                                      # the tables those files fill are rewritten
 *   node bench/run.mjs --quick core    # BENCH_QUICK: small sizes, few rounds (CI: proves the writer)
 *   node bench/run.mjs --no-write …    # run and print, leave the READMEs alone
 *   node bench/run.mjs --print …       # print the generated tables instead of writing them
 *   node bench/run.mjs --quick --check core statsd-flush   # CI (< 1 min): the benchmarks run and
 *                                      # every table renders and has a marker; nothing is written
 *
 * The results (JSON lines) go to $BENCH_RESULTS, or to a fresh file in the OS temp folder; its path
 * is printed so `node bench/write-tables.mjs <file>` can write the tables again later.
 * Exits non-zero if any benchmark process failed (the tables of the others are still written).
 * Build the packages first (`pnpm bench` at the repository root does): the benchmarks import the
 * built `dist/` of each package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportWritten, writeTables } from './write-tables.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = new Set(args.filter((arg) => arg.startsWith('--')));
const filters = args.filter((arg) => !arg.startsWith('--'));

/** Sizes and rounds of a quick run: every converted benchmark finishes in seconds. */
const QUICK_ENV = {
  BENCH_QUICK: '1',
  BENCH_ROUNDS: '3',
  BENCH_ROUND_MS: '5',
  BENCH_WARMUP_MS: '20',
  BENCH_SERIES: '2000',
  BENCH_COUNTERS: '5000',
  BENCH_HISTOGRAMS: '500',
  BENCH_TIMERS: '200',
  BENCH_FLUSHES: '3',
  BENCH_INCREMENTS: '20000',
  BENCH_OTEL_SERIES: '1000',
  BENCH_OTEL_ROUNDS: '3',
  BENCH_STATSD_FLUSH_SERIES: '5000',
};

const env = { ...process.env };
if (flags.has('--quick')) for (const [key, value] of Object.entries(QUICK_ENV)) env[key] ??= value;
env.BENCH_RESULTS ??= join(mkdtempSync(join(tmpdir(), 'meterkit-bench-')), 'results.jsonl');
writeFileSync(env.BENCH_RESULTS, '');

const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => filters.length === 0 || filters.some((word) => name.includes(word)))
  // core first: it is the reference the other benchmarks are read against.
  .sort((a, b) => Number(b === 'core.bench.mjs') - Number(a === 'core.bench.mjs') || a.localeCompare(b));

if (files.length === 0) {
  console.error(`No *.bench.mjs in ${here}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
  process.exit(1);
}

const failed = [];
const started = performance.now();
console.log(
  `load average at start: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' / ')}`,
);
for (const file of files) {
  console.log(`\n# ${file}\n`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, file)], {
    stdio: 'inherit',
    cwd: here,
    env,
  });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`\n${file} FAILED (exit ${result.status ?? result.signal}) after ${seconds} s`);
  } else {
    console.log(`\n${file} done in ${seconds} s`);
  }
}

console.log(
  `\n${files.length} benchmark file(s) in ${((performance.now() - started) / 1000).toFixed(1)} s` +
    (failed.length ? `; FAILED: ${failed.join(', ')}` : ''),
);
console.log(`results: ${env.BENCH_RESULTS}`);
if (!flags.has('--no-write')) {
  // A failed benchmark's figures are not published: its tables keep their previous content.
  const kept = readFileSync(env.BENCH_RESULTS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !failed.includes(JSON.parse(line).file))
    .join('\n');
  const dryRun = flags.has('--check');
  const outcome = writeTables(kept, { print: flags.has('--print'), dryRun });
  reportWritten(outcome, { dryRun });
  if (dryRun && (outcome.unplaced.length > 0 || outcome.rendered.length === 0)) {
    console.log('check FAILED: every benchmark must record figures, and every table needs a marker');
    failed.push('(table check)');
  }
}
process.exitCode = failed.length ? 1 : 0;
