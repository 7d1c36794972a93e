import { DEFAULT_BUCKETS } from '@meterkit/core';

/** A deterministic spread of durations (seconds) from 1 ms to ~3 s, skewed towards short ones. */
export function durations(count: number, seed: number): number[] {
  let state = seed;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    values.push(0.001 + 3 * (state / 2 ** 31) ** 3);
  }
  return values;
}

/** The (lower, upper] default bucket, in ms, that holds `valueMs`. */
export function bucketOf(valueMs: number): [number, number] {
  let lower = 0;
  for (const bound of [...DEFAULT_BUCKETS, Number.POSITIVE_INFINITY]) {
    if (valueMs <= bound * 1000) return [lower, bound * 1000];
    lower = bound * 1000;
  }
  throw new Error('unreachable');
}
