import type { ExponentialBuckets, HistogramPoint, Snapshot } from '@meterkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotOf, tags } from '../../test/fixtures/snapshots.js';
import {
  type DecodedHistogram,
  decodeMetricFamilies,
  nativeBucketCounts,
  presentFields,
} from '../../test/helpers/metric-family-decoder.js';
import { serializeProtobufExposition } from './protobuf-exposition.js';

const INF = Number.POSITIVE_INFINITY;
const NONE = { offset: 0, counts: [] };

/** One histogram series with exponential buckets (and classic ones when given). */
function snapshotWith(
  exponential: ExponentialBuckets,
  buckets: HistogramPoint['buckets'] = [{ upperBound: INF, count: 0 }],
): Snapshot {
  const total =
    exponential.zeroCount +
    [...exponential.positive.counts, ...exponential.negative.counts].reduce((a, b) => a + b, 0);
  const point = {
    tags: tags({ route: '/' }),
    count: total,
    sum: 12.5,
    min: undefined,
    max: undefined,
    buckets,
  };
  return snapshotOf({
    name: 'latency',
    type: 'histogram',
    description: 'Latency',
    unit: '',
    startTime: 0,
    points: [{ ...point, exponential }],
  });
}

function histogramOf(snapshot: Snapshot, defaults = true): DecodedHistogram {
  return decodeMetricFamilies(serializeProtobufExposition(snapshot), { defaults })[0]!.metric[0]!.histogram!;
}

describe('native histogram fields', () => {
  // Expected spans and deltas worked out by hand from metrics.proto's definitions: Prometheus
  // bucket i is (base^(i-1), base^i], OpenTelemetry bucket i is (base^i, base^(i+1)].
  it.each([
    {
      name: 'shifts indexes by one, splits spans at runs of 3+ empty buckets, deltas from the previous bucket',
      exponential: {
        scale: 0,
        zeroCount: 5,
        zeroThreshold: 0,
        positive: { offset: 0, counts: [1, 2, 0, 0, 0, 3] },
        negative: { offset: -1, counts: [4] },
      },
      expected: {
        schema: 0,
        zeroCount: 5,
        positiveSpan: [
          { offset: 1, length: 2 },
          { offset: 3, length: 1 },
        ],
        positiveDelta: [1, 1, 1],
        negativeSpan: [{ offset: 0, length: 1 }],
        negativeDelta: [4],
      },
    },
    {
      name: 'keeps a run of two empty buckets inside one span and trims empty ends',
      exponential: {
        scale: 3,
        zeroCount: 0,
        zeroThreshold: 1e-9,
        positive: { offset: 3, counts: [0, 1, 0, 0, 5, 0] },
        negative: NONE,
      },
      expected: {
        schema: 3,
        zeroThreshold: 1e-9,
        positiveSpan: [{ offset: 5, length: 4 }],
        positiveDelta: [1, -1, 0, 5],
        negativeSpan: [],
        negativeDelta: [],
      },
    },
    {
      name: 'merges a scale finer than 8 down to schema 8 exactly',
      exponential: {
        scale: 10,
        zeroCount: 0,
        zeroThreshold: 0,
        // Scale 10 -> 8 merges groups of 4: indexes 5,6,7 -> 1 and 8 -> 2; -3 and -1 -> -1.
        positive: { offset: 5, counts: [1, 1, 1, 1] },
        negative: { offset: -3, counts: [2, 0, 7] },
      },
      expected: {
        schema: 8,
        positiveSpan: [{ offset: 2, length: 2 }],
        positiveDelta: [3, -2],
        negativeSpan: [{ offset: 0, length: 1 }],
        negativeDelta: [9],
      },
    },
    {
      name: 'marks an empty histogram with zero threshold 0 as native with one empty bucket',
      exponential: { scale: 20, zeroCount: 0, zeroThreshold: 0, positive: NONE, negative: NONE },
      expected: { schema: 8, positiveSpan: [{ offset: 0, length: 1 }], positiveDelta: [0], negativeSpan: [] },
    },
    {
      name: 'writes schema -4, the coarsest Prometheus knows',
      exponential: {
        scale: -4,
        zeroCount: 1,
        zeroThreshold: 0,
        positive: { offset: -1, counts: [2] },
        negative: NONE,
      },
      expected: { schema: -4, zeroCount: 1, positiveSpan: [{ offset: 0, length: 1 }], positiveDelta: [2] },
    },
  ])('$name', ({ exponential, expected }) => {
    const histogram = histogramOf(snapshotWith(exponential));
    expect(histogram).toMatchObject({ ...expected, sampleSum: 12.5, bucket: [] });
  });

  it('writes no classic bucket for an exponential-only series, both when the series has both', () => {
    const exponential = {
      scale: 2,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 0, counts: [3] },
      negative: NONE,
    };
    const only = histogramOf(snapshotWith(exponential), false);
    expect(presentFields(only)).toEqual([
      'positiveDelta',
      'positiveSpan',
      'sampleCount',
      'sampleSum',
      'schema',
      'zeroCount',
      'zeroThreshold',
    ]);
    const both = histogramOf(
      snapshotWith(exponential, [
        { upperBound: 1, count: 0 },
        { upperBound: 2, count: 3 },
        { upperBound: INF, count: 3 },
      ]),
    );
    expect(both).toMatchObject({
      sampleCount: 3,
      schema: 2,
      positiveSpan: [{ offset: 1, length: 1 }],
      positiveDelta: [3],
      bucket: [
        { upperBound: 1, cumulativeCount: 0 },
        { upperBound: 2, cumulativeCount: 3 },
        { upperBound: INF, cumulativeCount: 3 },
      ],
    });
  });

  it('writes a sampled histogram with fractional counts as a float histogram', () => {
    // sampleRate 0.3 weighs each kept observation 10/3: only the float fields keep that.
    const weight = 10 / 3;
    const exponential = {
      scale: 1,
      zeroCount: weight,
      zeroThreshold: 0,
      positive: { offset: 2, counts: [weight, 0, 2 * weight] },
      negative: NONE,
    };
    const histogram = histogramOf(
      snapshotWith(exponential, [
        { upperBound: 2, count: 2 * weight },
        { upperBound: INF, count: 4 * weight },
      ]),
      false,
    );
    expect(presentFields(histogram)).toEqual([
      'bucket',
      'positiveCount',
      'positiveSpan',
      'sampleCountFloat',
      'sampleSum',
      'schema',
      'zeroCountFloat',
      'zeroThreshold',
    ]);
    expect(histogram).toMatchObject({
      sampleCountFloat: 4 * weight,
      zeroCountFloat: weight,
      positiveSpan: [{ offset: 3, length: 3 }],
      positiveCount: [weight, 0, 2 * weight],
    });
    expect(histogram.bucket).toEqual([
      { upperBound: 2, cumulativeCountFloat: 2 * weight },
      { upperBound: INF, cumulativeCountFloat: 4 * weight },
    ]);
  });

  it('writes a scale coarser than -4 as a classic histogram (Prometheus has no such schema)', () => {
    const exponential = {
      scale: -5,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 0, counts: [7] },
      negative: NONE,
    };
    const histogram = histogramOf(snapshotWith(exponential, [{ upperBound: INF, count: 7 }]), false);
    expect(presentFields(histogram)).toEqual(['bucket', 'sampleCount', 'sampleSum']);
    expect(histogram.bucket).toEqual([{ upperBound: INF, cumulativeCount: 7 }]);
  });
});

/**
 * Where an OpenTelemetry bucket lands, derived from its upper bound rather than from the
 * serializer's index arithmetic: bucket i at scale s ends at 2^((i+1)/2^s); Prometheus bucket j of
 * schema t is the one with (j-1)/2^t < (i+1)/2^s <= j/2^t, i.e. j = ceil((i+1) * 2^(t-s)).
 */
function prometheusIndex(otelIndex: number, scale: number, schema: number): number {
  return Math.ceil((otelIndex + 1) / 2 ** (scale - schema));
}

function expectedCounts(side: { offset: number; counts: readonly number[] }, scale: number, schema: number) {
  const expected = new Map<number, number>();
  for (const [i, count] of side.counts.entries()) {
    if (count === 0) continue;
    const index = prometheusIndex(side.offset + i, scale, schema);
    expected.set(index, (expected.get(index) ?? 0) + count);
  }
  return expected;
}

const sideArbitrary = fc.record({
  offset: fc.integer({ min: -300, max: 300 }),
  counts: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 80 }),
});

describe('native histogram fields (property)', () => {
  it('any exponential histogram reads back to the same counts in the same value ranges', () => {
    fc.assert(
      fc.property(
        fc.record({
          scale: fc.integer({ min: -4, max: 20 }),
          zeroCount: fc.integer({ min: 0, max: 1000 }),
          zeroThreshold: fc.constantFrom(0, 2 ** -128, 1e-6),
          positive: sideArbitrary,
          negative: sideArbitrary,
        }),
        (exponential) => {
          const histogram = histogramOf(snapshotWith(exponential));
          const schema = Math.min(exponential.scale, 8);
          expect(histogram.schema).toBe(schema);
          expect(histogram.zeroCount).toBe(exponential.zeroCount);
          expect(histogram.zeroThreshold).toBe(exponential.zeroThreshold);
          const positive = nativeBucketCounts(histogram.positiveSpan, histogram.positiveDelta);
          const negative = nativeBucketCounts(histogram.negativeSpan, histogram.negativeDelta);
          expect(positive).toEqual(expectedCounts(exponential.positive, exponential.scale, schema));
          expect(negative).toEqual(expectedCounts(exponential.negative, exponential.scale, schema));
          // Counts sum exactly to the sample count, zero bucket included.
          const total = [...positive.values(), ...negative.values()].reduce(
            (a, b) => a + b,
            exponential.zeroCount,
          );
          expect(total).toBe(histogram.sampleCount);
          // Every span holds buckets, and later spans start after a gap of more than two.
          for (const spans of [histogram.positiveSpan, histogram.negativeSpan]) {
            for (const [i, span] of spans.entries()) {
              if (i > 0) expect(span.offset).toBeGreaterThan(2);
              expect(span.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
