/**
 * Heap measurements: bytes retained per series, and bytes allocated per call on a hot path.
 * Needs `node --expose-gc`.
 */
import { PerformanceObserver } from 'node:perf_hooks';

/** Full, repeated GC so that weak and finalizable garbage is gone too. */
export function fullGc() {
  for (let i = 0; i < 4; i++) globalThis.gc();
}

function heapUsed() {
  return process.memoryUsage().heapUsed;
}

/** JS heap plus memory held outside it (ArrayBuffer backing stores), so typed-array storage counts too. */
function retainedBytes() {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * Retained heap per series: `prepare()` builds the empty metric (not counted), then `populate()`
 * creates `count` series; the delta of heap + external memory after full GCs, divided by `count`, is the answer. Inputs
 * such as tag value strings must be created by the caller before this runs, so they are excluded.
 *
 * @param {() => unknown | Promise<unknown>} prepare  returns the state populate() receives
 * @param {(state: unknown) => number} populate  creates the series; returns a checksum
 */
export async function retainedPerSeries(count, prepare, populate) {
  const state = await prepare();
  fullGc();
  const before = retainedBytes();
  const check = populate(state);
  fullGc();
  const after = retainedBytes();
  // Keep `state` reachable until after the second measurement.
  if (state === null) console.log(check);
  return { bytesPerSeries: (after - before) / count, check };
}

/**
 * Bytes allocated per call, from heapUsed growth in a window with no GC: young-generation
 * allocation is a bump pointer, so (after - before) is what the loop allocated. If a GC ran
 * (heapUsed would then under-count), the window is shrunk and retried.
 *
 * @param {(n: number) => number} loop
 * @param {number} calls  first window size
 * @returns {Promise<{ bytesPerCall: number, calls: number, gcs: number }>}
 */
export async function allocationPerCall(loop, calls) {
  loop(Math.min(calls, 100_000)); // already optimised by the timing runs; this just re-primes it
  for (let n = calls; n >= 1_000; n = Math.floor(n / 4)) {
    const { delta, gcs } = await window(loop, n);
    if (gcs === 0) return { bytesPerCall: Math.max(0, delta) / n, calls: n, gcs };
  }
  const { delta, gcs } = await window(loop, 1_000);
  return { bytesPerCall: Math.max(0, delta) / 1_000, calls: 1_000, gcs };
}

async function window(loop, n) {
  let gcs = 0;
  const observer = new PerformanceObserver((list) => {
    gcs += list.getEntries().length;
  });
  fullGc();
  observer.observe({ entryTypes: ['gc'] });
  const before = heapUsed();
  loop(n);
  const after = heapUsed();
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 30));
  gcs += observer.takeRecords().length;
  observer.disconnect();
  return { delta: after - before, gcs };
}
