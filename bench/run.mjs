/**
 * Runs every `*.bench.mjs` in this folder, one after another, each in its own
 * `node --expose-gc` process (benchmarks must not share a JIT or a heap).
 *
 *   node bench/run.mjs            # all of them (core first, then alphabetical)
 *   node bench/run.mjs core prom  # only files whose name contains one of the words
 *   node bench/run.mjs otel-bridge # the OpenTelemetry API through @meterkit/otel-bridge vs the SDK
 *
 * Exits non-zero if any benchmark process failed. Build the packages first (`pnpm bench` at the
 * repository root does): the benchmarks import the built `dist/` of each package.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);

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
for (const file of files) {
  console.log(`\n# ${file}\n`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, file)], {
    stdio: 'inherit',
    cwd: here,
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
process.exitCode = failed.length ? 1 : 0;
