import type { RecentObservations } from '@meterkit/core';
import { MAX_SAMPLE_WEIGHT, sampleCount, splitWeights } from './sample-weights.js';

/**
 * The samples sent for a timer, histogram or summary series when core kept its raw observations
 * (`point.recent`, a uniform sample of the observations since the previous push). Each value is a
 * real observation, so the daemon's percentiles, upper and lower are those of the observations
 * whenever they all fit; when they do not, every daemon still gets the exact count through `@rate`.
 */

/** Values in the wire unit, and for each the whole number of observations it stands for. */
export interface WeightedSamples {
  readonly values: readonly number[];
  /** Same length as `values`; each is sent as `@1/w` (see `sample-weights.ts`). */
  readonly weights: readonly number[];
}

/** How the observations are thinned and converted. */
export interface ObservedSampleOptions {
  /** Fraction of the observations to send (Config `statsd.sampleRate`). */
  readonly sampleRate: number;
  /** Most samples per series and flush (Config `statsd.maxSamplesPerSeries`). */
  readonly maxSamplesPerSeries: number;
  /** Multiplies every value: 1000 turns a timer's seconds into StatsD milliseconds. */
  readonly scale: number;
  /** Where random picks come from (tests pass a seeded one). */
  readonly random?: () => number;
}

/**
 * The samples for one series and flush, or `undefined` when there is nothing to send. With no more
 * observations than fit (`count <= maxSamplesPerSeries`, `sampleRate` 1) every observation is sent
 * once with weight 1: the daemon sees exactly what was recorded. Otherwise a uniform subset is sent
 * whose exact integer weights add up to the number of observations.
 */
export function observedSamples(
  recent: RecentObservations,
  options: ObservedSampleOptions,
): WeightedSamples | undefined {
  const kept: number[] = [];
  for (const value of recent.values) {
    const scaled = value * options.scale;
    if (Number.isFinite(scaled)) kept.push(scaled);
  }
  // ±Infinity has no StatsD spelling: an unwritable sample takes its share of the count with it.
  const count =
    kept.length === recent.values.length
      ? recent.count
      : Math.round((recent.count * kept.length) / recent.values.length);
  if (kept.length === 0 || !(count > 0)) return undefined;
  // As many as asked for and kept; more only beyond a million observations per kept value, where
  // weights stop (MAX_SAMPLE_WEIGHT) and values repeat.
  const samples = Math.max(
    Math.min(sampleCount(count, options.sampleRate, options.maxSamplesPerSeries), kept.length),
    Math.ceil(count / MAX_SAMPLE_WEIGHT),
  );
  if (samples === count && kept.length === count) return { values: kept, weights: kept.map(() => 1) };
  const chosen = samples < kept.length ? pickUniformly(kept, samples, options.random ?? Math.random) : kept;
  const weights = splitWeights(count, samples);
  // `splitWeights` may add one small remainder weight, carried by a repeated value.
  const values = weights.map((_, j) => chosen[j % chosen.length]!);
  return { values, weights };
}

/** `m` of `values`, each subset equally likely (a partial Fisher-Yates shuffle of a copy). */
function pickUniformly(values: readonly number[], m: number, random: () => number): number[] {
  const pool = [...values];
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const swap = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = swap;
  }
  pool.length = m;
  return pool;
}
