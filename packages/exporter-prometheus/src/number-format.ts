/*
 * Numbers in both formats are Go ParseFloat-compatible: `NaN`, `+Inf`, `-Inf` spelled exactly so
 * (text 0.0.4: "NaN, +Inf, and -Inf are valid values"; OpenMetrics: "Exposers MUST produce output
 * for positive infinity as +Inf").
 */

/** A sample value: JavaScript's shortest round-trip rendering, with Go's spelling of the specials. */
export function formatSampleValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  // String(NaN) is already "NaN"; every finite number renders so that Go's ParseFloat reads it back.
  return String(value);
}

/**
 * An `le` or `quantile` label value in OpenMetrics' canonical form: Go's `%g` rendering with `.0`
 * appended when it has neither a point nor an exponent (`1.0`, `0.005`, `1e-05`, `1e+06`).
 * OpenMetrics 1.0, "Considerations: Canonical Numbers".
 */
export function formatCanonicalFloat(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  // Go's strconv 'g' with the shortest precision uses the exponent form when the decimal exponent
  // is below -4 or at least 6 ("if shortest { eprec = 6 }"), hence 100000.0 but 1e+06.
  if (exponent < -4 || exponent >= 6) return goExponent(mantissa, exponent);
  const fixed = String(value);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Go renders exponents with at least two digits and an explicit sign: `1e-05`, `1.5e+22`. */
function goExponent(mantissa: string, exponent: number): string {
  const digits = String(Math.abs(exponent));
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits.length < 2 ? `0${digits}` : digits}`;
}

/** An `le` or `quantile` label value in text 0.0.4: the sample-value rendering (`0.005`, `1`, `+Inf`). */
export function formatTextLabelFloat(value: number): string {
  return formatSampleValue(value);
}
