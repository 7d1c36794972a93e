/**
 * Splitting `n` observations into `m` samples that each stand for a whole number of observations,
 * announced with `|@rate`. The daemons scale each sample back by `1 / rate`: the Etsy daemon adds
 * `1 / rate` to the timer's count, Telegraf repeats the value `int(1 / rate)` times. So that their
 * count is exactly `n`, every weight `w` must survive `1 / (1 / w) === w` in IEEE doubles, which
 * fails for about one integer in six (49, 93, 98, ...). Only "exact" weights are used here.
 */

/** The smallest rate written is 1/1e6 = 0.000001: below that JavaScript prints exponents, which the Etsy daemon misreads. */
export const MAX_SAMPLE_WEIGHT = 1_000_000;

/** True when a daemon computing `1 / rate` gets `weight` back exactly. */
export function isExactWeight(weight: number): boolean {
  return 1 / (1 / weight) === weight;
}

function exactAtOrBelow(weight: number): number {
  let w = weight;
  while (w > 1 && !isExactWeight(w)) w--;
  return w;
}

function exactAtOrAbove(weight: number): number {
  let w = weight;
  while (!isExactWeight(w)) w++;
  return w;
}

/**
 * Integer weights, each exact, that add up to `total`: `samples` of them (two neighbouring values,
 * spread evenly) plus at most one small remainder. Both arguments are integers with
 * `1 <= samples <= total` and `total / samples <= MAX_SAMPLE_WEIGHT`.
 */
export function splitWeights(total: number, samples: number): number[] {
  const low = exactAtOrBelow(Math.floor(total / samples));
  const high = exactAtOrAbove(Math.ceil(total / samples));
  const heavy = high === low ? 0 : Math.min(samples, Math.floor((total - samples * low) / (high - low)));
  const weights = new Array<number>(samples);
  for (let i = 0; i < samples; i++) {
    // Bresenham: sample i is heavy when the running share of heavy samples crosses an integer.
    const isHeavy = Math.floor(((i + 1) * heavy) / samples) - Math.floor((i * heavy) / samples) === 1;
    weights[i] = isHeavy ? high : low;
  }
  // Exact weights are never more than 15 apart below 1e6, and every integer below 49 is exact.
  const rest = total - (samples - heavy) * low - heavy * high;
  if (rest > 0) weights.push(rest);
  return weights;
}

/**
 * How many samples to send for `count` observations: all of them up to `maxSamples`, thinned by
 * `sampleRate`, and enough that no weight exceeds {@link MAX_SAMPLE_WEIGHT}.
 */
export function sampleCount(count: number, sampleRate: number, maxSamples: number): number {
  const wanted = Math.max(1, Math.ceil(count * sampleRate));
  return Math.min(count, Math.max(Math.min(wanted, maxSamples), Math.ceil(count / MAX_SAMPLE_WEIGHT)));
}

/** The `@rate` text for a weight, `undefined` for 1. Never in exponent notation. */
export function rateForWeight(weight: number): string | undefined {
  return weight === 1 ? undefined : String(1 / weight);
}
