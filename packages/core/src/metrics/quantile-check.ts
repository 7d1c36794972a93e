/** Throws a RangeError for a quantile outside [0, 1] (NaN included). */
export function checkQuantile(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`A quantile must be within [0, 1], got ${q}`);
}
