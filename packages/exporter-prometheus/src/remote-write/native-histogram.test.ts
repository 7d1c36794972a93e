import { readFileSync } from 'node:fs';
import type { HistogramPoint, Snapshot } from '@meterkit/core';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { SnapshotEncoder } from './snapshot-encoder.js';

const root = protobuf.parse(
  readFileSync(new URL('../../test/fixtures/prompb/remote-write.proto', import.meta.url), 'utf8'),
).root;
const WriteRequest = root.lookupType('prometheus.WriteRequest');

function point(
  exponential: HistogramPoint['exponential'],
  buckets = [{ upperBound: Infinity, count: 6 }],
): HistogramPoint {
  return { tags: [], count: 6, sum: 123.5, min: 0, max: 100, buckets, exponential };
}

function encode(histogramPoint: HistogramPoint, nativeHistograms = true) {
  const snapshot: Snapshot = {
    timestamp: 1_700_000_000_000,
    metrics: [
      { name: 'sizes', type: 'histogram', description: '', unit: '', startTime: 0, points: [histogramPoint] },
    ],
  };
  const encoder = new SnapshotEncoder({
    labels: [],
    maxSamplesPerRequest: 1_000,
    onConflict: () => {},
    nativeHistograms,
  });
  const message = WriteRequest.decode(encoder.encode(snapshot)[0]!.body);
  return WriteRequest.toObject(message, { longs: Number, defaults: false }) as {
    timeseries: Array<{
      labels: Array<{ name: string; value: string }>;
      samples?: unknown[];
      histograms?: Array<Record<string, unknown>>;
    }>;
  };
}

describe('native histograms in remote write', () => {
  it('maps OpenTelemetry buckets to prompb spans and deltas (index + 1, zero runs over 2 split spans)', () => {
    // Scale 0 (base 2): OTel bucket i is (2^i, 2^(i+1)], Prometheus bucket i+1 the same range.
    const decoded = encode(
      point({
        scale: 0,
        zeroCount: 1,
        zeroThreshold: 0,
        positive: { offset: 0, counts: [1, 0, 0, 0, 2, 0, 3] },
        negative: { offset: -2, counts: [0, 4] },
      }),
    );
    expect(decoded.timeseries).toHaveLength(1);
    const [series] = decoded.timeseries;
    expect(series!.labels).toEqual([{ name: '__name__', value: 'sizes' }]);
    expect(series!.histograms).toEqual([
      {
        countInt: 6,
        sum: 123.5,
        schema: 0,
        zeroThreshold: 0,
        zeroCountInt: 1,
        // Prometheus buckets 1, then 5..7 (bucket 6 empty, kept inline).
        positiveSpans: [
          { offset: 1, length: 1 },
          { offset: 3, length: 3 },
        ],
        positiveDeltas: [1, 1, -2, 3],
        // OTel index -1 (leading zero at -2 trimmed) is Prometheus index 0.
        negativeSpans: [{ offset: 0, length: 1 }],
        negativeDeltas: [4],
        timestamp: 1_700_000_000_000,
      },
    ]);
  });

  it('downscales a scale above 8 to schema 8', () => {
    const decoded = encode(
      point({
        scale: 10,
        zeroCount: 0,
        zeroThreshold: 0,
        positive: { offset: 8, counts: [1, 1, 1, 1] },
        negative: { offset: 0, counts: [] },
      }),
    );
    const histogram = decoded.timeseries[0]!.histograms![0]!;
    // OTel indexes 8..11 at scale 10 are index 2 at scale 8 (shift by 2): Prometheus index 3.
    expect(histogram.schema).toBe(8);
    expect(histogram.positiveSpans).toEqual([{ offset: 3, length: 1 }]);
    expect(histogram.positiveDeltas).toEqual([4]);
  });

  it('keeps the classic buckets too when the histogram has explicit ones; classic only when disabled', () => {
    const both = point(
      {
        scale: 0,
        zeroCount: 0,
        zeroThreshold: 0,
        positive: { offset: 0, counts: [6] },
        negative: { offset: 0, counts: [] },
      },
      [
        { upperBound: 1, count: 0 },
        { upperBound: 2, count: 6 },
        { upperBound: Infinity, count: 6 },
      ],
    );
    const names = (decoded: ReturnType<typeof encode>) =>
      decoded.timeseries.map(
        (s) => `${s.labels.find((l) => l.name === '__name__')!.value}${s.histograms ? '(native)' : ''}`,
      );
    expect(names(encode(both))).toEqual([
      'sizes(native)',
      'sizes_bucket',
      'sizes_bucket',
      'sizes_bucket',
      'sizes_sum',
      'sizes_count',
    ]);
    expect(names(encode(both, false))).toEqual([
      'sizes_bucket',
      'sizes_bucket',
      'sizes_bucket',
      'sizes_sum',
      'sizes_count',
    ]);
  });
});
