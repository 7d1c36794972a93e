/**
 * OpenTelemetry's base-2 exponential bucket index (data model, "ExponentialHistogram"): at scale `s`
 * the base is `2^(2^-s)` and bucket `i` holds the values in `(base^i, base^(i+1)]`, upper bound
 * inclusive. An exact power of two `2^e` is therefore the last value of bucket `(e << s) - 1`.
 * Subnormal values (below 2^-1022) go to the bucket of 2^-1022, as in opentelemetry-js.
 *
 * The index is read from the float's bits, not computed with `Math.log`: the exponent gives
 * `e << s` and, for scales 1..10, the top `s + 1` significand bits pick a cell of a per-scale table
 * that needs at most two comparisons against the bucket bounds. Every bound is `2^(k/2^s)` computed
 * by one `Math.pow` of an exact dyadic argument, so a bound shared by two scales is the same double at
 * both: halving the scale (`index >> 1`) puts every value exactly where indexing it at the lower
 * scale would, which is what makes downscaling and merging exact.
 */

/** Highest scale OpenTelemetry allows (2^20 buckets per power of two). */
export const MAX_EXPONENTIAL_SCALE = 20;
/** Lowest scale OpenTelemetry allows: one bucket spans 2^1024, all finite values fit in a few. */
export const MIN_EXPONENTIAL_SCALE = -10;

/** Scales up to this one index through a lookup table (2^(s+1) cells); above, `Math.log`. */
const TABLE_SCALE_LIMIT = 10;
/** Biased exponent of the smallest normal double, 2^-1022. */
const MIN_NORMAL_EXPONENT = -1022;

// One scratch double viewed as two 32-bit words; which word holds the sign and exponent depends on
// the platform's byte order, found once here.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** `2^(k / 2^scale)` for k in `0..2^scale`: the bucket bounds within one power of two. */
interface ScaleTable {
  readonly bounds: Float64Array;
  /** Per cell of `2^(scale+1)` equal slices of [1, 2): the highest k whose bound is below the cell. */
  readonly firstCandidate: Uint16Array;
}

// Built lazily, once per scale, and never changed: pure functions of the scale.
const tables: Array<ScaleTable | undefined> = [];

/** The bound `2^(k / 2^scale)` for 0 <= k <= 2^scale, as every scale computes it. */
function subBound(k: number, scale: number): number {
  return 2 ** (k / 2 ** scale);
}

function tableFor(scale: number): ScaleTable {
  const cached = tables[scale];
  if (cached !== undefined) return cached;
  const perOctave = 2 ** scale;
  const bounds = new Float64Array(perOctave + 1);
  for (let k = 0; k <= perOctave; k++) bounds[k] = subBound(k, scale);
  bounds[perOctave] = 2;
  const cells = perOctave * 2;
  const firstCandidate = new Uint16Array(cells);
  let k = 0;
  for (let c = 1; c < cells; c++) {
    const cellStart = 1 + c / cells;
    while (k + 1 < perOctave && bounds[k + 1]! < cellStart) k++;
    firstCandidate[c] = k;
  }
  const table = { bounds, firstCandidate };
  tables[scale] = table;
  return table;
}

/**
 * The bucket index of `magnitude` (a finite number > 0) at `scale` (-10..20). Bucket `i` covers
 * `(base^i, base^(i+1)]`, `base = 2^(2^-scale)`.
 */
export function exponentialIndex(magnitude: number, scale: number): number {
  scratch[0] = magnitude;
  const hi = words[HI]!;
  const biased = (hi >>> 20) & 0x7ff;
  const mantissaHi = hi & 0xfffff;
  if (biased === 0) return indexOfPowerOfTwo(MIN_NORMAL_EXPONENT, scale);
  const exponent = biased - 1023;
  if (mantissaHi === 0 && words[LO] === 0) return indexOfPowerOfTwo(exponent, scale);
  if (scale <= 0) return exponent >> -scale;
  if (scale <= TABLE_SCALE_LIMIT) {
    const table = tableFor(scale);
    let k = table.firstCandidate[mantissaHi >>> (19 - scale)]!;
    const significand = significandOf(hi);
    // A cell is narrower than any bucket, so this loop runs at most twice.
    while (table.bounds[k + 1]! < significand) k++;
    return (exponent << scale) + k;
  }
  return (exponent << scale) + subIndexByLog(significandOf(hi), scale);
}

/** The index of exactly `2^exponent`: the last value of its bucket. */
function indexOfPowerOfTwo(exponent: number, scale: number): number {
  return scale <= 0 ? (exponent - 1) >> -scale : (exponent << scale) - 1;
}

/** The double's significand in [1, 2), from the high word still in `scratch`. */
function significandOf(hi: number): number {
  words[HI] = (hi & 0xfffff) | 0x3ff00000;
  return scratch[0]!;
}

/** k with `2^(k/2^s) < significand <= 2^((k+1)/2^s)`: a log estimate corrected against the bounds. */
function subIndexByLog(significand: number, scale: number): number {
  const perOctave = 2 ** scale;
  let k = Math.floor(Math.log2(significand) * perOctave);
  if (k > perOctave - 1) k = perOctave - 1;
  while (k > 0 && subBound(k, scale) >= significand) k--;
  while (k + 1 < perOctave && subBound(k + 1, scale) < significand) k++;
  return k;
}

/**
 * The lower bound of bucket `index` at `scale`, i.e. `base^index` (0 below the subnormal range,
 * Infinity above the largest double). The upper bound is `exponentialLowerBound(index + 1, scale)`.
 */
export function exponentialLowerBound(index: number, scale: number): number {
  if (scale <= 0) return 2 ** (index * 2 ** -scale);
  const perOctave = 2 ** scale;
  const octave = Math.floor(index / perOctave);
  const k = index - octave * perOctave;
  // 2^octave * 2^(k/2^s) with the very bound the index compares against.
  const sub = scale <= TABLE_SCALE_LIMIT ? tableFor(scale).bounds[k]! : subBound(k, scale);
  return 2 ** octave * sub;
}
