import { describe, expect, it } from 'vitest';
import { formatCanonicalFloat, formatSampleValue } from './number-format.js';

describe('formatCanonicalFloat', () => {
  // Both rows are the examples of OpenMetrics 1.0, "Considerations: Canonical Numbers".
  it.each([
    [0, '0.0'],
    [0.001, '0.001'],
    [0.002, '0.002'],
    [0.01, '0.01'],
    [0.1, '0.1'],
    [0.9, '0.9'],
    [0.95, '0.95'],
    [0.99, '0.99'],
    [0.999, '0.999'],
    [1, '1.0'],
    [1.7, '1.7'],
    [10, '10.0'],
  ])('renders %d from 0 to 10 as %s', (value, text) => {
    expect(formatCanonicalFloat(value)).toBe(text);
  });

  it.each([
    [1e-10, '1e-10'],
    [1e-9, '1e-09'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [0.1, '0.1'],
    [1, '1.0'],
    [100000, '100000.0'],
    [1e6, '1e+06'],
    [1e10, '1e+10'],
  ])('renders the power of ten %d as %s', (value, text) => {
    expect(formatCanonicalFloat(value)).toBe(text);
  });

  it('spells infinities and NaN as Go does, and keeps negative values', () => {
    expect(formatCanonicalFloat(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatCanonicalFloat(Number.NEGATIVE_INFINITY)).toBe('-Inf');
    expect(formatCanonicalFloat(Number.NaN)).toBe('NaN');
    expect(formatCanonicalFloat(-2.5)).toBe('-2.5');
    expect(formatCanonicalFloat(1234567)).toBe('1.234567e+06');
  });
});

describe('formatSampleValue', () => {
  it.each([
    [3, '3'],
    [2.5, '2.5'],
    [-3, '-3'],
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('renders %d as %s', (value, text) => {
    expect(formatSampleValue(value)).toBe(text);
  });
});
