import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isExactWeight,
  MAX_SAMPLE_WEIGHT,
  rateForWeight,
  sampleCount,
  splitWeights,
} from './sample-weights.js';

/** What the Etsy daemon does with `|@rate` on a timer line (stats.js): parse, then add 1 / rate. */
function etsyCount(weights: readonly number[]): number {
  let count = 0;
  for (const weight of weights) {
    const rate = rateForWeight(weight);
    count += rate === undefined ? 1 : 1 / Number(`@${rate}`.match(/^@([\d.]+)/)![1]);
  }
  return count;
}

describe('sample weights', () => {
  it('knows which weights survive 1 / (1 / w)', () => {
    expect(isExactWeight(48)).toBe(true);
    expect(isExactWeight(49)).toBe(false);
    expect(1 / (1 / 49)).not.toBe(49);
  });

  it('splits evenly when it can', () => {
    expect(splitWeights(10, 10)).toEqual(new Array(10).fill(1));
    expect(splitWeights(1000, 100)).toEqual(new Array(100).fill(10));
    expect(splitWeights(7, 2)).toEqual([3, 4]);
  });

  it('avoids inexact weights: 4900 in 100 samples is 48s and 50s, not 49s', () => {
    const weights = splitWeights(4900, 100);
    expect(weights).toHaveLength(100);
    expect(new Set(weights)).toEqual(new Set([48, 50]));
    expect(etsyCount(weights)).toBe(4900);
  });

  it('always adds up exactly, with exact weights, in at most samples + 1 lines, for the daemon too', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 2000 }),
        (total, wanted) => {
          const samples = sampleCount(total, 1, wanted);
          const weights = splitWeights(total, samples);
          expect(weights.reduce((a, b) => a + b, 0)).toBe(total);
          expect(weights.length).toBeLessThanOrEqual(samples + 1);
          for (const weight of weights) {
            expect(Number.isInteger(weight) && weight >= 1 && weight <= MAX_SAMPLE_WEIGHT).toBe(true);
            expect(isExactWeight(weight)).toBe(true);
          }
          expect(etsyCount(weights)).toBe(total);
        },
      ),
    );
  });

  it('chooses how many samples to send', () => {
    expect(sampleCount(200, 1, 1000)).toBe(200);
    expect(sampleCount(5000, 1, 1000)).toBe(1000);
    expect(sampleCount(1000, 0.1, 1000)).toBe(100);
    expect(sampleCount(3, 0.1, 1000)).toBe(1);
    // No rate below 0.000001: the Etsy daemon cannot read exponents.
    expect(sampleCount(5e9, 1, 1000)).toBe(5000);
  });

  it('writes rates without exponents', () => {
    expect(rateForWeight(1)).toBeUndefined();
    expect(rateForWeight(10)).toBe('0.1');
    expect(rateForWeight(MAX_SAMPLE_WEIGHT)).toBe('0.000001');
    fc.assert(
      fc.property(fc.integer({ min: 2, max: MAX_SAMPLE_WEIGHT }), (weight) => {
        expect(rateForWeight(weight)).toMatch(/^0\.\d+$/);
      }),
    );
  });
});
