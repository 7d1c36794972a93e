import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExponentialBuckets } from '../snapshot.js';
import { ExponentialHistogram } from './exponential-histogram.js';
import { mergeExponentialBuckets, subtractExponentialBuckets } from './exponential-merge.js';
import { exponentialQuantile } from './exponential-quantile.js';

const SMALLEST_NORMAL = 2 ** -1022;

/** Finite doubles with the awkward ones over-represented: zeros, subnormals, the extremes. */
const finite = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    SMALLEST_NORMAL,
    1e-310,
    -1e-310,
    1e308,
    -1e308,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    1,
    -1,
    0.5,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
  fc.integer({ min: -1000, max: 1000 }),
);
const settings = fc.record({
  maxBuckets: fc.integer({ min: 2, max: 200 }),
  maxScale: fc.integer({ min: -10, max: 20 }),
});

function feed(values: readonly number[], limits: { maxBuckets: number; maxScale: number }) {
  const histogram = new ExponentialHistogram(limits);
  for (const value of values) histogram.record(value, 1);
  return histogram.toBuckets();
}

const total = (b: ExponentialBuckets) =>
  b.zeroCount + b.positive.counts.reduce((a, c) => a + c, 0) + b.negative.counts.reduce((a, c) => a + c, 0);

// Property runs take seconds on a loaded machine.
describe('exponential histogram properties (any finite observations)', { timeout: 60_000 }, () => {
  it('counts sum exactly, the scale stays within [-10, maxScale], each sign within maxBuckets', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 300 }), settings, (values, limits) => {
        const b = feed(values, limits);
        expect(total(b)).toBe(values.length);
        expect(b.zeroCount).toBe(values.filter((v) => v === 0).length);
        expect(b.positive.counts.reduce((a, c) => a + c, 0)).toBe(values.filter((v) => v > 0).length);
        expect(b.scale).toBeLessThanOrEqual(limits.maxScale);
        expect(b.scale).toBeGreaterThanOrEqual(-10);
        for (const side of [b.positive, b.negative]) {
          expect(side.counts.length).toBeLessThanOrEqual(limits.maxBuckets);
          if (side.counts.length > 0) {
            expect(side.counts[0]).toBeGreaterThan(0);
            expect(side.counts[side.counts.length - 1]).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the scale is the finest that fits: one step finer would need more than maxBuckets', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), settings, (values, limits) => {
        const b = feed(values, limits);
        if (b.scale === limits.maxScale) return;
        // One scale finer at most doubles the width, so this ring never needs to downscale.
        const finer = feed(values, { maxBuckets: 2 * limits.maxBuckets + 2, maxScale: b.scale + 1 });
        expect(finer.scale).toBe(b.scale + 1);
        const widest = Math.max(finer.positive.counts.length, finer.negative.counts.length);
        expect(widest).toBeGreaterThan(limits.maxBuckets);
      }),
      { numRuns: 200 },
    );
  });

  it('quantiles are within (base - 1) / (base + 1) of the exact quantile of the sorted data', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 300 }),
        settings,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (values, limits, qs) => {
          const b = feed(values, limits);
          const sorted = [...values].sort((x, y) => x - y);
          const base = 2 ** (2 ** -b.scale);
          const bound = Number.isFinite(base) ? ((base - 1) / (base + 1)) * (1 + 1e-9) : 1;
          for (const q of [0, 0.5, 0.9, 0.99, 1, ...qs]) {
            const rank = Math.max(1, Math.ceil(q * values.length));
            const value = sorted[rank - 1]!;
            // Subnormals were counted as the smallest normal double, in their sign.
            const exact =
              Math.abs(value) < SMALLEST_NORMAL && value !== 0 ? Math.sign(value) * SMALLEST_NORMAL : value;
            const estimate = exponentialQuantile(q, b);
            if (exact === 0) expect(estimate).toBe(0);
            else expect(Math.abs(estimate - exact) / Math.abs(exact)).toBeLessThanOrEqual(bound);
            const clamped = exponentialQuantile(q, b, sorted[0], sorted[sorted.length - 1]);
            if (exact !== 0 && exact === value)
              expect(Math.abs(clamped - exact) / Math.abs(exact)).toBeLessThanOrEqual(bound);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merging N histograms equals one histogram fed every observation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(finite, { maxLength: 80 }), { minLength: 1, maxLength: 6 }),
        settings,
        (parts, limits) => {
          const merged = parts
            .map((part) => feed(part, limits))
            .reduce((a, b) => mergeExponentialBuckets(a, b, limits.maxBuckets));
          expect(merged).toEqual(feed(parts.flat(), limits));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a later cumulative reading minus an earlier one, merged back onto the earlier, gives the later', () => {
    fc.assert(
      fc.property(
        fc.array(finite, { maxLength: 100 }),
        fc.array(finite, { maxLength: 100 }),
        settings,
        (a, b, limits) => {
          const histogram = new ExponentialHistogram(limits);
          for (const v of a) histogram.record(v, 1);
          const earlier = histogram.toBuckets();
          for (const v of b) histogram.record(v, 1);
          const later = histogram.toBuckets();
          const delta = subtractExponentialBuckets(later, earlier);
          expect(total(delta)).toBe(b.length);
          expect(mergeExponentialBuckets(earlier, delta, limits.maxBuckets)).toEqual(later);
        },
      ),
      { numRuns: 300 },
    );
  });
});
