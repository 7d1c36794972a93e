/**
 * The measuring loop the whole-operation benchmarks share: every case once per round, rounds
 * interleaved (A, B, C, A, B, C, …) so load from other processes on a shared machine hits every
 * case alike, a full GC before each sample (a sample should not pay for the garbage of the one
 * before), and optionally one unmeasured warm-up call per case first (JIT, first-time allocations).
 *
 *   const times = await interleavedRounds({ meterkit: () => scrape(a), 'prom-client': () => scrape(b) },
 *     { rounds: 9, warmUp: true });
 *   times.get('meterkit') // [ms, ms, …] one sample per round, in round order
 *
 * For per-call nanosecond loops use `measure-ns.mjs` (calibrated iteration counts) instead.
 */

/**
 * Runs each case `rounds` times, interleaved, and times each call in milliseconds.
 *
 * @template K
 * @param {Map<K, () => unknown> | Record<string, () => unknown>} cases  key -> call (may return a promise)
 * @param {{ rounds: number, warmUp?: boolean, sampleOf?: (result: unknown, ms: number) => number,
 *   onSample?: (key: K, result: unknown, ms: number) => void }} options
 *   `sampleOf`: the sample from a call's result and its elapsed ms (default: the elapsed ms), for a
 *   call that times itself (e.g. request to last byte); `onSample` sees each call's result and
 *   sample (for checks or sizes); neither is timed.
 * @returns {Promise<Map<K, number[]>>} key -> the samples in ms, one per round
 */
export async function interleavedRounds(cases, { rounds, warmUp = false, sampleOf, onSample }) {
  const entries = cases instanceof Map ? [...cases] : Object.entries(cases);
  if (warmUp) for (const [, run] of entries) await run();
  const samples = new Map(entries.map(([key]) => [key, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [key, run] of entries) {
      globalThis.gc?.();
      const started = performance.now();
      const result = await run();
      const elapsed = performance.now() - started;
      const ms = sampleOf ? sampleOf(result, elapsed) : elapsed;
      samples.get(key).push(ms);
      onSample?.(key, result, ms);
    }
  }
  return samples;
}

/**
 * The middle sample (for an even count the upper of the two middle ones: always a measured value).
 * `report.mjs`'s `spread()` averages the two instead; with the usual odd round counts they agree.
 * @param {number[]} samples
 */
export function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
