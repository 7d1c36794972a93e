import { histogramQuantile } from '@meterkit/core/exporter-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketQuantile, histogramLines, quantileLabel, ratePerSecond } from './series-math.js';

describe('ratePerSecond', () => {
  it('divides the increase by the seconds between the readings', () => {
    expect(ratePerSecond(100, 180, 2)).toBe(40);
    expect(ratePerSecond(5, 5, 1)).toBe(0);
  });

  it('treats a count that went down as a reset: the new value is the increase', () => {
    expect(ratePerSecond(500, 30, 2)).toBe(15);
  });

  it('gives a gap without a usable interval or reading', () => {
    expect(ratePerSecond(1, 2, 0)).toBeNaN();
    expect(ratePerSecond(Number.NaN, 2, 1)).toBeNaN();
  });
});

describe('bucketQuantile', () => {
  it('interpolates inside the bucket the rank falls in', () => {
    // 10 observations <= 1, 10 more in (1, 2]: the median is the top of the first bucket.
    expect(bucketQuantile(0.5, [1, 2, null], [10, 20, 20])).toBe(1);
    expect(bucketQuantile(0.75, [1, 2, null], [10, 20, 20])).toBe(1.5);
    expect(bucketQuantile(0.99, [1, 2, null], [0, 0, 5])).toBe(2); // +Inf bucket: highest finite bound
    expect(bucketQuantile(0.5, [1, null], [0, 0])).toBeNaN();
  });

  it('agrees with core.histogramQuantile (the Prometheus rule) on any buckets', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 0.001, max: 1000, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat({ max: 50 }), { minLength: 9, maxLength: 9 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rawBounds, perBucket, q) => {
          const bounds = [...rawBounds].sort((a, b) => a - b);
          let running = 0;
          const cumulative = [...bounds, Number.POSITIVE_INFINITY].map((_, i) => (running += perBucket[i]!));
          const buckets = [...bounds, Number.POSITIVE_INFINITY].map((upperBound, i) => ({
            upperBound,
            count: cumulative[i]!,
          }));
          const expected = histogramQuantile(q, buckets);
          const actual = bucketQuantile(q, [...bounds, null], cumulative);
          if (Number.isNaN(expected)) expect(actual).toBeNaN();
          else expect(actual).toBeCloseTo(expected, 9);
        },
      ),
    );
  });
});

describe('histogramLines', () => {
  const bounds = [0.1, 1, null];

  it('computes quantiles of the observations made between the readings, and their rate', () => {
    // Before: 100 fast. Between the readings: 8 fast and 2 slow, over 2 seconds.
    const before = [100, 3, 100, 100, 100];
    const after = [110, 5.5, 108, 110, 110];
    const [p50, p90, p99, rate] = histogramLines(bounds, before, after, 2);
    expect(p50).toBeCloseTo(0.1 * (5 / 8), 9);
    expect(p90).toBeCloseTo(0.1 + 0.9 * 0.5, 9);
    expect(p99).toBeCloseTo(0.1 + 0.9 * 0.95, 9);
    expect(rate).toBe(5);
  });

  it('draws gaps for the quantiles and 0 for the rate when nothing was observed', () => {
    const reading = [10, 1, 10, 10, 10];
    const [p50, p90, p99, rate] = histogramLines(bounds, reading, reading, 1);
    expect([p50, p90, p99].every(Number.isNaN)).toBe(true);
    expect(rate).toBe(0);
  });

  it('uses the whole current reading after a reset, and gaps without a previous reading', () => {
    const [, , , rate] = histogramLines(bounds, [500, 9, 500, 500, 500], [4, 0.2, 4, 4, 4], 2);
    expect(rate).toBe(2);
    expect(histogramLines(bounds, undefined, [1, 1, 1, 1, 1], 1).every(Number.isNaN)).toBe(true);
  });
});

describe('quantileLabel', () => {
  it('names quantiles as percentiles', () => {
    expect([0.5, 0.9, 0.99, 0.999].map(quantileLabel)).toEqual(['p50', 'p90', 'p99', 'p99.9']);
  });
});
