/**
 * The numbers the page draws, computed from two cumulative readings of a series taken `seconds`
 * apart. Pure functions, so the unit tests check them without a browser.
 */

/** A missing or non-finite reading, which draws as a gap. */
const GAP = Number.NaN;

function num(value: number | null | undefined): number {
  return value === null || value === undefined ? GAP : value;
}

/**
 * Increase per second of a cumulative count. A count that went down was reset (the series was
 * removed and came back from zero), so its whole current value is the increase, as in PromQL's rate().
 */
export function ratePerSecond(previous: number, current: number, seconds: number): number {
  if (!(seconds > 0) || Number.isNaN(previous) || Number.isNaN(current)) return GAP;
  const increase = current >= previous ? current - previous : current;
  return increase / seconds;
}

/**
 * The q-quantile of the observations counted by cumulative buckets, interpolating linearly inside
 * the bucket it falls in (Prometheus' histogram_quantile). `bounds` are the upper bounds, the last
 * one +Inf (`null`); a quantile in the +Inf bucket is the highest finite bound.
 */
export function bucketQuantile(
  q: number,
  bounds: readonly (number | null)[],
  cumulative: ArrayLike<number>,
): number {
  const last = bounds.length - 1;
  const total = cumulative[last];
  if (last < 1 || total === undefined || !(total > 0)) return GAP;
  const rank = q * total;
  let b = 0;
  while (b < last && cumulative[b]! < rank) b++;
  if (b === last) return num(bounds[last - 1]);
  const upper = num(bounds[b]);
  if (b === 0 && upper <= 0) return upper;
  const lower = b === 0 ? 0 : num(bounds[b - 1]);
  const below = b === 0 ? 0 : cumulative[b - 1]!;
  const inBucket = cumulative[b]! - below;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}

/** Quantiles drawn for histograms and timers. */
export const HISTOGRAM_QUANTILES = [0.5, 0.9, 0.99] as const;

/**
 * Histogram lines for one interval: p50, p90, p99 of the observations made between the two readings
 * (bucket counts subtracted), then the observations per second. No observation: the quantiles are
 * gaps and the rate is 0. Readings are `[count, sum, ...cumulativeBucketCounts]`.
 */
export function histogramLines(
  bounds: readonly (number | null)[],
  previous: readonly (number | null)[] | undefined,
  current: readonly (number | null)[],
  seconds: number,
): number[] {
  if (previous === undefined || previous.length !== current.length) return [GAP, GAP, GAP, GAP];
  const reset = num(current[0]) < num(previous[0]);
  const delta = new Float64Array(bounds.length);
  for (let i = 0; i < bounds.length; i++) {
    const now = num(current[i + 2]);
    delta[i] = reset ? now : now - num(previous[i + 2]);
  }
  const rate = ratePerSecond(num(previous[0]), num(current[0]), seconds);
  return [...HISTOGRAM_QUANTILES.map((q) => bucketQuantile(q, bounds, delta)), rate];
}

/** Label of a quantile line: 0.5 -> "p50", 0.999 -> "p99.9". */
export function quantileLabel(q: number): string {
  return `p${Number((q * 100).toFixed(4))}`;
}
