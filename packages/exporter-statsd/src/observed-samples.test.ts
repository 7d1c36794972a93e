import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observedSamples, type WeightedSamples } from './observed-samples.js';
import { rateForWeight } from './sample-weights.js';

const options = { sampleRate: 1, maxSamplesPerSeries: 1000, scale: 1 };

/** A deterministic generator in [0, 1) (an LCG), so that the picks are repeatable. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The count the Etsy daemon adds up from the lines (stats.js: `timer_counters[key] += 1 / rate`). */
function etsyCount({ weights }: WeightedSamples): number {
  let count = 0;
  for (const weight of weights) {
    const rate = rateForWeight(weight);
    count += rate === undefined ? 1 : 1 / Number(`@${rate}`.match(/^@([\d.]+)/)![1]);
  }
  return count;
}

describe('observedSamples', () => {
  it('sends every observation once, in the wire unit, when they all fit', () => {
    const samples = observedSamples({ values: [0.25, 0.0125, 3], count: 3 }, { ...options, scale: 1000 });
    expect(samples).toEqual({ values: [250, 12.5, 3000], weights: [1, 1, 1] });
    expect(observedSamples({ values: [], count: 0 }, options)).toBeUndefined();
  });

  it('weights a sampled reservoir so that the daemon counts every observation, even at 49 per sample', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const samples = observedSamples({ values, count: 4900 }, { ...options, maxSamplesPerSeries: 100 })!;
    expect(samples.values).toEqual(values);
    expect(samples.weights.every((w) => w === 48 || w === 50)).toBe(true);
    expect(etsyCount(samples)).toBe(4900);
    // One observation too many for 100 even weights: a 101st sample carries it.
    const more = observedSamples({ values, count: 4901 }, { ...options, maxSamplesPerSeries: 100 })!;
    expect(more.values).toHaveLength(101);
    expect(etsyCount(more)).toBe(4901);
  });

  it('sends a uniform subset of distinct observations when sampleRate or maxSamplesPerSeries asks for fewer', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const tenth = observedSamples(
      { values, count: 1000 },
      { ...options, sampleRate: 0.1, random: seeded(1) },
    )!;
    expect(tenth.values).toHaveLength(100);
    expect(new Set(tenth.values).size).toBe(100);
    expect(tenth.weights).toEqual(new Array(100).fill(10));
    // Another exporter may have asked core for a larger reservoir than this one sends.
    const capped = observedSamples(
      { values, count: 5000 },
      { ...options, maxSamplesPerSeries: 250, random: seeded(2) },
    )!;
    expect(new Set(capped.values).size).toBe(250);
    expect(etsyCount(capped)).toBe(5000);
  });

  it('picks every observation with the same probability', () => {
    const random = seeded(42);
    const picked = [0, 0, 0, 0];
    for (let round = 0; round < 4000; round++) {
      const { values } = observedSamples(
        { values: [0, 1, 2, 3], count: 4 },
        { ...options, sampleRate: 0.25, random },
      )!;
      picked[values[0]!]! += 1;
    }
    for (const times of picked) expect(Math.abs(times - 1000)).toBeLessThan(120);
  });

  it('drops values StatsD cannot write, with their share of the count', () => {
    expect(observedSamples({ values: [1, Number.POSITIVE_INFINITY, 2], count: 3 }, options)).toEqual({
      values: [1, 2],
      weights: [1, 1],
    });
    const sampled = observedSamples({ values: [1, Number.NEGATIVE_INFINITY, 2, 3], count: 40 }, options)!;
    expect(sampled.values).toEqual([1, 2, 3]);
    expect(etsyCount(sampled)).toBe(30);
    expect(observedSamples({ values: [Number.POSITIVE_INFINITY], count: 1 }, options)).toBeUndefined();
  });

  it('property: the daemon counts exactly `count`; samples are recorded observations, no more than kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (values, extra, maxSamplesPerSeries, sampleRate) => {
          const count = values.length + extra;
          const samples = observedSamples({ values, count }, { maxSamplesPerSeries, sampleRate, scale: 1 })!;
          expect(etsyCount(samples)).toBe(count);
          expect(samples.weights).toHaveLength(samples.values.length);
          // At most one extra sample, for the remainder weight.
          expect(samples.values.length).toBeLessThanOrEqual(Math.min(values.length, maxSamplesPerSeries) + 1);
          for (const value of samples.values) expect(values).toContain(value);
        },
      ),
    );
  });
});
