/** Throws a RangeError for a quantile outside [0, 1] (NaN included), a TypeError for a non-number. */
export function checkQuantile(q: number): void {
  if (typeof q !== 'number')
    throw new TypeError(`A quantile must be a number within [0, 1], got ${typeof q}`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`A quantile must be within [0, 1], got ${q}`);
}
