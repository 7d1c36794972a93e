/**
 * Timing harness for hot-path micro-benchmarks.
 *
 * A "loop" is `(n) => number`: it runs the operation `n` times and returns something derived from
 * what it did, which the harness folds into a sink so the JIT cannot drop the work. Every loop
 * should be its own function literal so V8 gives each its own type feedback (a shared loop body
 * would go polymorphic across libraries and penalise whichever ran second).
 */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 40);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 250);

let sink = 0;

/** The accumulated results of every loop; print it so nothing is dead code. */
export function checksum() {
  return sink;
}

function runOnce(entry, n) {
  const t0 = process.hrtime.bigint();
  const out = entry.loop(n);
  const elapsed = Number(process.hrtime.bigint() - t0);
  sink = (sink + (typeof out === 'number' ? out : 1)) % 1e9;
  entry.calls += n;
  return elapsed;
}

/** Finds an iteration count for which one round lasts about ROUND_MS. */
function calibrate(entry) {
  let n = 1_000;
  for (;;) {
    const t = runOnce(entry, n);
    if (t >= 4e6 || n >= 1e9) return Math.max(1_000, Math.ceil((n * ROUND_MS * 1e6) / t));
    n *= 4;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measures several loops that do "the same thing" in different libraries. Rounds are interleaved
 * (A, B, C, A, B, C, ...) so load from other processes on a shared machine hits all of them alike.
 *
 * @param {Record<string, (n: number) => number>} loops  name -> loop
 * @returns {Record<string, { ns: number, min: number, max: number, n: number, rounds: number, calls: number }>}
 */
export function compare(loops) {
  const entries = Object.entries(loops).map(([name, loop]) => ({ name, loop, calls: 0, n: 0, samples: [] }));
  for (const e of entries) e.n = calibrate(e);
  // Warm-up: reach optimised code (and, for tag lookups, create every series) before sampling.
  const warmUntil = performance.now() + WARMUP_MS;
  while (performance.now() < warmUntil) for (const e of entries) runOnce(e, Math.ceil(e.n / 4));
  for (const e of entries) e.n = calibrate(e);
  for (let r = 0; r < ROUNDS; r++) for (const e of entries) e.samples.push(runOnce(e, e.n) / e.n);
  const out = {};
  for (const e of entries) {
    out[e.name] = {
      ns: median(e.samples),
      min: Math.min(...e.samples),
      max: Math.max(...e.samples),
      n: e.n,
      rounds: e.samples.length,
      calls: e.calls,
    };
  }
  return out;
}

export const settings = { ROUNDS, ROUND_MS, WARMUP_MS };

/**
 * A `compare()` result as the fields of a `record()` figure in ns: median, min–max, rounds.
 * @param {{ ns: number, min: number, max: number, rounds: number }} result
 */
export function nsFigure(result) {
  return { unit: 'ns', median: result.ns, min: result.min, max: result.max, rounds: result.rounds };
}
