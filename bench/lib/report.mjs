/**
 * Structured results of a benchmark, for the README tables that `bench/run.mjs` writes.
 *
 * A benchmark keeps printing its own console report and, beside it, calls `record()` once per
 * figure (one cell of a published table). When `BENCH_RESULTS` names a file (run.mjs sets it), each
 * figure is appended to it as one JSON line; without it `record()` does nothing, so a benchmark
 * run by hand behaves as before. `bench/write-tables.mjs` turns those lines into markdown tables
 * and splices them between `<!-- bench:begin <table> -->` / `<!-- bench:end <table> -->` markers.
 *
 *   import { describeTable, record, spread } from './lib/report.mjs';
 *   describeTable({ table: 'statsd-flush', title: 'StatsD flush', reference: 'meterkit' });
 *   record({ table: 'statsd-flush', row: '100,000 counters', metric: 'meterkit', unit: 'ms',
 *            ...spread(samplesMs), goal: { faster: 2, than: 'hot-shots' } });
 *
 * See bench/README.md ("Publishing figures") for every field.
 */
import { appendFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename } from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Load average when this benchmark process started (before its own work loads the machine). */
const loadAtStart = loadavg();
const resultsFile = process.env.BENCH_RESULTS;
const file = basename(process.argv[1] ?? 'unknown');
let contextWritten = false;

/** True when `BENCH_QUICK` is set: benchmarks shrink their sizes and rounds (CI smoke run). */
export const quick = Boolean(process.env.BENCH_QUICK) && process.env.BENCH_QUICK !== '0';

/** The machine a figure was measured on; written once per process, before its first figure. */
export function machineContext() {
  const all = cpus();
  return {
    kind: 'context',
    file,
    cpu: all[0]?.model?.trim() ?? 'unknown CPU',
    cores: all.length,
    node: process.version,
    date: new Date().toISOString(),
    loadavg: loadAtStart.map((value) => Math.round(value * 100) / 100),
    quick,
  };
}

function append(entry) {
  if (!resultsFile) return;
  if (!contextWritten && isMainThread) {
    appendFileSync(resultsFile, `${JSON.stringify(machineContext())}\n`);
    contextWritten = true;
  }
  appendFileSync(resultsFile, `${JSON.stringify({ ...entry, file })}\n`);
}

/**
 * Median, min and max of a list of per-round samples, ready to spread into `record()`.
 * @param {number[]} samples
 * @returns {{ median: number, min: number, max: number, rounds: number }}
 */
export function spread(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], rounds: sorted.length };
}

/**
 * Describes a table: its title, the column order and the column ratios are computed against.
 * Optional: without it the columns come in the order figures were recorded and the first is the
 * reference. `note` is printed under the table (what exactly is compared). `ratios: false`: the
 * columns are different measures (latency p50, p99, …), no cell is a ratio to another.
 * `measured`: says how the cells were measured, in place of the default "median of N interleaved
 * rounds" (e.g. `'one 60 s run'`); a table of one run must say so. `rowHeader`: the first column's title.
 *
 * @param {{ table: string, title?: string, reference?: string, columns?: string[], note?: string,
 *   ratios?: boolean, measured?: string, rowHeader?: string }} description
 */
export function describeTable(description) {
  append({ kind: 'table', ...description });
}

/**
 * Records one figure: the cell (`row`, `metric`) of table `table`.
 *
 * - `median`, `min`, `max` in `unit` (`ns`, `µs`, `ms`, `s`, `B`, `KiB`, `MB`, `/s`, …); give all
 *   three from the rounds (`...spread(samples)`); a single measurement may give only `median`.
 * - `better`: `'lower'` (default) or `'higher'` (default for units ending in `/s`).
 * - `ratio`: an explicit ratio to print instead of the computed one (rarely needed).
 * - `goal`: one goal or a list, checked against the median: `{ atMost: 100 }`, `{ atLeast: 1e6 }`,
 *   `{ faster: 5, than: 'prom-client' }` (the other column's median ÷ this one ≥ 5),
 *   `{ within: 1.5, of: 'limit' }` (this median ≤ 1.5 × the other's); each may carry `text`.
 * - `text`: a cell that is not a number (e.g. `'0 lost'`); `median` may then be omitted.
 *
 * @param {{ table: string, row: string, metric: string, median?: number, min?: number, max?: number,
 *   rounds?: number, unit?: string, better?: 'lower' | 'higher', ratio?: number, goal?: object | object[],
 *   text?: string }} figure
 */
export function record(figure) {
  if (
    typeof figure.table !== 'string' ||
    typeof figure.row !== 'string' ||
    typeof figure.metric !== 'string'
  ) {
    throw new TypeError(`record() needs table, row and metric strings, got ${JSON.stringify(figure)}`);
  }
  if (figure.text === undefined && !Number.isFinite(figure.median)) {
    throw new TypeError(`record() needs a finite median (or a text) for ${figure.table} / ${figure.row}`);
  }
  append({ kind: 'figure', ...figure });
}
