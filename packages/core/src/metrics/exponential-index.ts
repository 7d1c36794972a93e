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
/** Exponent of the smallest normal double, 2^-1022. */
const MIN_NORMAL_EXPONENT = -1022;

// One scratch double viewed as two 32-bit words; which word holds the sign and exponent depends on
// the platform's byte order, found once here.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
scratch[0] = 1;
const HI = words[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** The bound `2^(k / 2^scale)` for 0 <= k <= 2^scale, as every scale computes it. */
function subBound(k: number, scale: number): number {
  return 2 ** (k / 2 ** scale);
}

/**
 * The index function of one scale, built once per scale and shared (a pure function of the scale).
 * For scales 1..10 it holds the bounds `2^(k/2^s)` within one power of two as 52-bit significands
 * (high 20 bits, low 32 bits), compared as integers with the value's own significand words.
 */
export class ExponentialMapping {
  private static readonly byScale: Array<ExponentialMapping | undefined> = [];

  /** The shared mapping of `scale` (-10..20). */
  static forScale(scale: number): ExponentialMapping {
    const slot = scale - MIN_EXPONENTIAL_SCALE;
    let mapping = ExponentialMapping.byScale[slot];
    if (mapping === undefined) {
      mapping = new ExponentialMapping(scale);
      ExponentialMapping.byScale[slot] = mapping;
    }
    return mapping;
  }

  /** `2^(k/2^scale)` for k = 0..2^scale (tabled scales only). */
  readonly bounds: Float64Array;
  private readonly boundHigh: Int32Array;
  private readonly boundLow: Uint32Array;
  /** Per cell of 2^(scale+1) equal slices of [1, 2): the highest k whose bound is below the cell. */
  private readonly firstCandidate: Uint16Array;
  /** Shift of the 20 high significand bits that leaves the cell number. */
  private readonly cellShift: number;
  /** Where subnormals go: the bucket of 2^-1022. */
  private readonly subnormalIndex: number;

  private constructor(readonly scale: number) {
    const tabled = scale > 0 && scale <= TABLE_SCALE_LIMIT;
    const perOctave = tabled ? 2 ** scale : 0;
    this.bounds = new Float64Array(tabled ? perOctave + 1 : 0);
    this.boundHigh = new Int32Array(this.bounds.length);
    this.boundLow = new Uint32Array(this.bounds.length);
    this.firstCandidate = new Uint16Array(perOctave * 2);
    this.cellShift = 19 - scale;
    this.subnormalIndex = indexOfPowerOfTwo(MIN_NORMAL_EXPONENT, scale);
    if (tabled) this.fillTables(perOctave);
  }

  private fillTables(perOctave: number): void {
    for (let k = 0; k < perOctave; k++) {
      const bound = subBound(k, this.scale);
      this.bounds[k] = bound;
      scratch[0] = bound;
      this.boundHigh[k] = words[HI]! & 0xfffff;
      this.boundLow[k] = words[LO]!;
    }
    // The top bound, 2, is above every significand of [1, 2).
    this.bounds[perOctave] = 2;
    this.boundHigh[perOctave] = 0x100000;
    const cells = perOctave * 2;
    let k = 0;
    for (let c = 1; c < cells; c++) {
      const cellStart = 1 + c / cells;
      while (k + 1 < perOctave && this.bounds[k + 1]! < cellStart) k++;
      this.firstCandidate[c] = k;
    }
  }

  /**
   * The bucket index of `magnitude` (a finite number > 0): bucket `i` covers `(base^i, base^(i+1)]`,
   * `base = 2^(2^-scale)`.
   */
  index(magnitude: number): number {
    scratch[0] = magnitude;
    const hi = words[HI]!;
    const lo = words[LO]!;
    const biased = (hi >>> 20) & 0x7ff;
    const significand = hi & 0xfffff;
    const scale = this.scale;
    if (biased === 0) return this.subnormalIndex;
    const exponent = biased - 1023;
    if (significand === 0 && lo === 0) return indexOfPowerOfTwo(exponent, scale);
    if (scale <= 0) return exponent >> -scale;
    if (scale > TABLE_SCALE_LIMIT) return (exponent << scale) + subIndexByLog(hi, scale);
    let k = this.firstCandidate[significand >>> this.cellShift]!;
    const high = this.boundHigh;
    const low = this.boundLow;
    // A cell is narrower than any bucket, so this loop runs at most once.
    while (high[k + 1]! < significand || (high[k + 1] === significand && low[k + 1]! < lo)) k++;
    return (exponent << scale) + k;
  }
}

/**
 * The bucket index of `magnitude` (a finite number > 0) at `scale` (-10..20). Bucket `i` covers
 * `(base^i, base^(i+1)]`, `base = 2^(2^-scale)`.
 */
export function exponentialIndex(magnitude: number, scale: number): number {
  return ExponentialMapping.forScale(scale).index(magnitude);
}

/** The index of exactly `2^exponent`: the last value of its bucket. */
function indexOfPowerOfTwo(exponent: number, scale: number): number {
  return scale <= 0 ? (exponent - 1) >> -scale : (exponent << scale) - 1;
}

/**
 * k with `2^(k/2^s) < significand <= 2^((k+1)/2^s)` for the double whose high word is `hi` and whose
 * low word is still in `scratch`: a log estimate corrected against the bounds.
 */
function subIndexByLog(hi: number, scale: number): number {
  words[HI] = (hi & 0xfffff) | 0x3ff00000;
  const significand = scratch[0]!;
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
  const sub = scale <= TABLE_SCALE_LIMIT ? ExponentialMapping.forScale(scale).bounds[k]! : subBound(k, scale);
  return 2 ** octave * sub;
}
