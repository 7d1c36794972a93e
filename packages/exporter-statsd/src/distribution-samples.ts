/**
 * Synthesizes the samples sent for a histogram, timer or summary at one flush. Core keeps buckets,
 * count, sum, min and max, not raw observations, so the samples are rebuilt from what is known:
 * - their weights add up to the observations since the last flush (exact count);
 * - their weighted sum equals the sum since the last flush (exact sum and mean);
 * - the smallest and largest sample are the interval's min and max whenever those are known;
 * - every other sample sits in the bucket its rank falls into, so percentiles are exact to the
 *   resolution of the buckets.
 */

/** `count` observations known to lie in `[lo, hi]` (a histogram bucket, or a quantile segment). */
export interface Segment {
  readonly count: number;
  readonly lo: number;
  readonly hi: number;
}

/** Everything known about the observations of one interval. */
export interface DistributionDelta {
  /** In ascending order; their counts add up to the number of observations. */
  readonly segments: readonly Segment[];
  /** Exact sum of the observations. */
  readonly sum: number;
  /** Exact smallest / largest observation of the interval, when known. */
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/**
 * One value per weight (see `splitWeights`), ascending. Sample `j` stands for the observations of
 * ranks `[W_j, W_j + w_j)` where `W_j` is the sum of the earlier weights; it is placed at the centre
 * of that range, interpolating linearly inside its segment, as `histogram_quantile` does.
 */
export function synthesizeSamples(delta: DistributionDelta, weights: readonly number[]): number[] {
  let total = 0;
  for (const w of weights) total += w;
  if (weights.length === 1) return [delta.sum / total];
  const values = new Array<number>(weights.length);
  const lows = new Array<number>(weights.length);
  const highs = new Array<number>(weights.length);
  placeByRank(delta, weights, values, lows, highs);
  const pinned = pinExtremes(delta, weights.length === total || weights.length >= 3, values, lows, highs);
  correctSum(delta.sum, weights, values, lows, highs, pinned);
  return values;
}

function placeByRank(
  delta: DistributionDelta,
  weights: readonly number[],
  values: number[],
  lows: number[],
  highs: number[],
): void {
  const segments = delta.segments;
  let segment = 0;
  let segmentStart = 0;
  let rank = 0;
  for (let j = 0; j < weights.length; j++) {
    const centre = rank + weights[j]! / 2;
    rank += weights[j]!;
    while (segment < segments.length - 1 && centre >= segmentStart + segments[segment]!.count) {
      segmentStart += segments[segment]!.count;
      segment++;
    }
    const { lo, hi, count } = segments[segment]!;
    const fraction = count > 0 ? Math.min(1, Math.max(0, (centre - segmentStart) / count)) : 0.5;
    values[j] = lo + (hi - lo) * fraction;
    lows[j] = Math.max(lo, delta.min ?? lo);
    highs[j] = Math.min(hi, delta.max ?? hi);
  }
}

/** Returns how many samples are pinned at the start (0 or 1) and end (0 or 1), as a bit set. */
function pinExtremes(
  delta: DistributionDelta,
  allowed: boolean,
  values: number[],
  lows: number[],
  highs: number[],
): number {
  if (!allowed) return 0;
  let pinned = 0;
  const last = values.length - 1;
  if (delta.min !== undefined) {
    values[0] = lows[0] = highs[0] = delta.min;
    pinned |= 1;
  }
  if (delta.max !== undefined) {
    values[last] = lows[last] = highs[last] = delta.max;
    pinned |= 2;
  }
  return pinned;
}

/**
 * Moves the unpinned samples so that `sum(w * v)` equals `target`: each within its segment, by the
 * same fraction of its room, which keeps their order. If the segments cannot absorb the difference
 * (only possible when sampling), the rest is spread evenly: the sum matters more than the buckets.
 */
function correctSum(
  target: number,
  weights: readonly number[],
  values: number[],
  lows: number[],
  highs: number[],
  pinned: number,
): void {
  const first = pinned & 1 ? 1 : 0;
  const end = pinned & 2 ? values.length - 1 : values.length;
  if (first >= end) return;
  let current = 0;
  let magnitude = 0;
  for (let j = 0; j < values.length; j++) {
    current += weights[j]! * values[j]!;
    magnitude += weights[j]! * Math.abs(values[j]!);
  }
  // What is left after rounding is noise, not a difference worth breaking a bucket for.
  const noise = magnitude * 1e-12;
  let residual = target - current;
  if (Math.abs(residual) <= noise || !Number.isFinite(residual)) return;
  const bounds = residual > 0 ? highs : lows;
  let room = 0;
  for (let j = first; j < end; j++) room += weights[j]! * (bounds[j]! - values[j]!);
  const fraction = room === 0 ? 0 : Math.min(1, residual / room);
  for (let j = first; j < end; j++) {
    const moved = fraction === 1 ? bounds[j]! : values[j]! + (bounds[j]! - values[j]!) * fraction;
    // Clamped: with values far apart in magnitude, v + (bound - v) can round past the bound.
    values[j] = Math.min(highs[j]!, Math.max(lows[j]!, moved));
  }
  residual -= room * fraction;
  if (Math.abs(residual) <= noise) return;
  let weight = 0;
  for (let j = first; j < end; j++) weight += weights[j]!;
  for (let j = first; j < end; j++) values[j]! += residual / weight;
}
