import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentialIndex, exponentialLowerBound } from './exponential-index.js';

/** `value` as an exact `mantissa * 2^exponent` with BigInt arithmetic (value finite, > 0). */
function exact(value: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** Exactly whether `value <= base^j`, `base = 2^(2^-scale)`, by raising both sides to an integer power. */
function atMostBound(value: number, j: number, scale: number): boolean {
  const p = 2 ** Math.max(scale, 0);
  const q = 2 ** Math.max(-scale, 0);
  // value^p <= 2^(j q)  <=>  mantissa^p <= 2^(j q - exponent p)
  const { mantissa, exponent } = exact(value);
  const power = mantissa ** BigInt(p);
  const shift = j * q - exponent * p;
  return shift >= 0 ? power <= 1n << BigInt(shift) : power << BigInt(-shift) <= 1n;
}

const normal = fc.double({ min: 2 ** -1022, max: Number.MAX_VALUE, noNaN: true });

describe('exponentialIndex', () => {
  it('puts exact powers of two at the top of their bucket at every scale', () => {
    for (let scale = -10; scale <= 20; scale++) {
      for (const exponent of [-1022, -1, 0, 1, 10, 1023]) {
        const expected = scale <= 0 ? Math.floor((exponent - 1) / 2 ** -scale) : exponent * 2 ** scale - 1;
        expect(exponentialIndex(2 ** exponent, scale), `2^${exponent} at scale ${scale}`).toBe(expected);
      }
    }
  });

  it('matches hand-computed buckets', () => {
    // scale 0: (1, 2] is bucket 0, (2, 4] bucket 1; scale 1: base sqrt(2) ≈ 1.41421.
    expect(exponentialIndex(1.5, 0)).toBe(0);
    expect(exponentialIndex(3, 0)).toBe(1);
    expect(exponentialIndex(0.75, 0)).toBe(-1);
    expect(exponentialIndex(1.41, 1)).toBe(0);
    expect(exponentialIndex(1.42, 1)).toBe(1);
    expect(exponentialIndex(3, 1)).toBe(3); // (2.83, 4]
    expect(exponentialIndex(1000, -1)).toBe(4); // base 4: (256, 1024]
    expect(exponentialIndex(Number.MAX_VALUE, 1)).toBe(2047);
    expect(exponentialIndex(Number.MAX_VALUE, 0)).toBe(1023);
    expect(exponentialIndex(Number.MAX_VALUE, 20)).toBe(1024 * 2 ** 20 - 1);
  });

  it('counts subnormals in the bucket of 2^-1022', () => {
    for (let scale = -10; scale <= 20; scale++) {
      const min = exponentialIndex(2 ** -1022, scale);
      expect(exponentialIndex(Number.MIN_VALUE, scale)).toBe(min);
      expect(exponentialIndex(2 ** -1023 * 1.5, scale)).toBe(min);
    }
  });

  it('agrees with exact arithmetic at scales -10..5', () => {
    fc.assert(
      fc.property(normal, fc.integer({ min: -10, max: 5 }), (value, scale) => {
        const index = exponentialIndex(value, scale);
        return !atMostBound(value, index, scale) && atMostBound(value, index + 1, scale);
      }),
      { numRuns: 3000 },
    );
  });

  it('downscales exactly: the index at a lower scale is the higher-scale index shifted', () => {
    fc.assert(
      fc.property(
        fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
        fc.integer({ min: -10, max: 20 }),
        fc.integer({ min: 0, max: 30 }),
        (value, scale, delta) => {
          const lower = Math.max(-10, scale - delta);
          return exponentialIndex(value, scale) >> (scale - lower) === exponentialIndex(value, lower);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('gives lower bounds that bracket the value: base^i < v <= base^(i+1)', () => {
    fc.assert(
      fc.property(normal, fc.integer({ min: -10, max: 20 }), (value, scale) => {
        const index = exponentialIndex(value, scale);
        return (
          exponentialLowerBound(index, scale) < value && value <= exponentialLowerBound(index + 1, scale)
        );
      }),
      { numRuns: 5000 },
    );
    expect(exponentialLowerBound(0, 7)).toBe(1);
    expect(exponentialLowerBound(128, 7)).toBe(2);
    expect(exponentialLowerBound(-3, 0)).toBe(0.125);
    expect(exponentialLowerBound(1, -2)).toBe(16);
  });
});
