import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogramPoint } from '../test/support/points.js';
import { synthesizeSamples } from './distribution-samples.js';
import { histogramInterval } from './interval-distribution.js';
import { sampleCount, splitWeights } from './sample-weights.js';

const bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const bucketIndex = (value: number) => {
  const i = bounds.findIndex((b) => value <= b);
  return i === -1 ? bounds.length : i;
};
const observationsArb = fc.array(fc.double({ min: 0, max: 20, noNaN: true }), {
  minLength: 1,
  maxLength: 300,
});
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('synthesizeSamples', () => {
  it('rebuilds a first interval exactly where it can: sum, min, max, and one sample per observation in its bucket', () => {
    fc.assert(
      fc.property(observationsArb, (observations) => {
        const interval = histogramInterval(undefined, histogramPoint(bounds, observations))!;
        const weights = splitWeights(interval.count, interval.count);
        const samples = synthesizeSamples(interval.delta, weights);
        expect(samples).toHaveLength(observations.length);
        const sum = observations.reduce((a, b) => a + b, 0);
        expect(
          relative(
            samples.reduce((a, b) => a + b, 0),
            sum,
          ),
        ).toBeLessThan(1e-9);
        if (samples.length > 1) {
          expect(Math.min(...samples)).toBe(Math.min(...observations));
          expect(Math.max(...samples)).toBe(Math.max(...observations));
        }
        const perBucket = (values: number[]) => values.map(bucketIndex).sort((a, b) => a - b);
        // Sorted bucket indexes agree, so every percentile falls in the right bucket.
        if (samples.length > 1) expect(perBucket(samples)).toEqual(perBucket(observations));
      }),
    );
  });

  it('keeps count and weighted sum exact when sampling', () => {
    fc.assert(
      fc.property(observationsArb, fc.double({ min: 0.01, max: 1, noNaN: true }), (observations, rate) => {
        const interval = histogramInterval(undefined, histogramPoint(bounds, observations))!;
        const weights = splitWeights(interval.count, sampleCount(interval.count, rate, 1000));
        const samples = synthesizeSamples(interval.delta, weights);
        expect(samples).toHaveLength(weights.length);
        expect(weights.reduce((a, b) => a + b, 0)).toBe(observations.length);
        const weighted = samples.reduce((total, value, j) => total + value * weights[j]!, 0);
        expect(relative(weighted, interval.delta.sum)).toBeLessThan(1e-9);
      }),
    );
  });

  it('places samples by rank inside their bucket and moves them to match the sum', () => {
    // Bucket (1, 2] holds 2 observations: first placed at 1.25 and 1.75, then shifted to sum 3.9 + pins.
    const samples = synthesizeSamples(
      {
        segments: [
          { count: 1, lo: 0.5, hi: 1 },
          { count: 2, lo: 1, hi: 2 },
          { count: 1, lo: 2, hi: 3 },
        ],
        sum: 0.5 + 1.9 + 2 + 3,
        min: 0.5,
        max: 3,
      },
      [1, 1, 1, 1],
    );
    expect(samples[0]).toBe(0.5);
    expect(samples[3]).toBe(3);
    expect(samples[1]! + samples[2]!).toBeCloseTo(3.9, 12);
    expect(samples[1]).toBeGreaterThan(1);
    expect(samples[2]).toBeLessThanOrEqual(2);
  });

  it('sends the mean when there is a single sample', () => {
    expect(synthesizeSamples({ segments: [{ count: 10, lo: 0, hi: 1 }], sum: 4 }, [10])).toEqual([0.4]);
  });
});
