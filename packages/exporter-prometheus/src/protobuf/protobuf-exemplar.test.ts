import type { Exemplar, HistogramMetricSnapshot } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { snapshotOf, tags } from '../../test/fixtures/snapshots.js';
import { decodeMetricFamilies } from '../../test/helpers/metric-family-decoder.js';
import { serializeProtobufExposition } from './protobuf-exposition.js';

const INF = Number.POSITIVE_INFINITY;
const TRACE = { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' };

/** The exemplar as client_model's `Exemplar` decodes: labels, value, `Timestamp` seconds and nanos. */
function decoded(exemplar: Exemplar) {
  const seconds = Math.floor(exemplar.timestamp / 1000);
  return {
    label: Object.entries(exemplar.tags).map(([name, value]) => ({ name, value })),
    value: exemplar.value,
    timestamp: { seconds, nanos: Math.round((exemplar.timestamp - seconds * 1000) * 1e6) },
  };
}

function histogram(points: HistogramMetricSnapshot['points']): HistogramMetricSnapshot {
  return { name: 'latency', type: 'histogram', description: '', unit: 'seconds', startTime: 0, points };
}

// biome-ignore lint/suspicious/noExplicitAny: decoded protobuf objects are checked field by field
const firstMetric = (bytes: Uint8Array): any => decodeMetricFamilies(bytes)[0]!.metric[0];

describe('protobuf exposition exemplars', () => {
  it('writes a counter exemplar in Counter.exemplar with its timestamp (milliseconds kept)', () => {
    const exemplar = { tags: TRACE, value: 2, timestamp: 1_700_000_000_123.5 };
    const bytes = serializeProtobufExposition(
      snapshotOf({
        name: 'orders',
        type: 'counter',
        description: '',
        unit: '',
        startTime: 0,
        points: [{ tags: tags({ shop: 'a' }), value: 7, exemplar }],
      }),
    );
    const counter = firstMetric(bytes).counter;
    expect(counter.value).toBe(7);
    expect(counter.exemplar).toEqual({
      label: [
        { name: 'trace_id', value: TRACE.trace_id },
        { name: 'span_id', value: TRACE.span_id },
      ],
      value: 2,
      timestamp: { seconds: 1_700_000_000, nanos: 123_500_000 },
    });
  });

  it('leaves gauges and exemplar-less counters without an exemplar field', () => {
    const bytes = serializeProtobufExposition(
      snapshotOf({
        name: 'orders',
        type: 'counter',
        description: '',
        unit: '',
        startTime: 0,
        points: [{ tags: tags({}), value: 1 }],
      }),
    );
    const [family] = decodeMetricFamilies(bytes, { defaults: false });
    expect(family!.metric[0]!.counter).toEqual({ value: 1 });
  });

  it('writes classic bucket exemplars in Bucket.exemplar and no Histogram.exemplars', () => {
    const slow = { tags: { trace_id: 'b' }, value: 0.4, timestamp: 1_700_000_001_000 };
    const bytes = serializeProtobufExposition(
      snapshotOf(
        histogram([
          {
            tags: tags({}),
            count: 2,
            sum: 0.45,
            min: 0.05,
            max: 0.4,
            buckets: [
              { upperBound: 0.1, count: 1 },
              { upperBound: 1, count: 2, exemplar: slow },
              { upperBound: INF, count: 2 },
            ],
          },
        ]),
      ),
    );
    const h = firstMetric(bytes).histogram;
    expect(h.bucket.map((b: { exemplar?: unknown }) => b.exemplar ?? null)).toEqual([
      null,
      decoded(slow),
      null,
    ]);
    expect(h.exemplars).toEqual([]);
  });

  it('writes a native-only histogram its exponential exemplars in Histogram.exemplars and the latest in a +Inf bucket', () => {
    const early = { tags: { trace_id: 'a' }, value: 0.002, timestamp: 1_700_000_000_000 };
    const late = { tags: { trace_id: 'c' }, value: 3, timestamp: 1_700_000_002_000 };
    const bytes = serializeProtobufExposition(
      snapshotOf(
        histogram([
          {
            tags: tags({}),
            count: 5,
            sum: 4,
            min: 0.002,
            max: 3,
            buckets: [{ upperBound: INF, count: 5 }],
            exponential: {
              scale: 0,
              zeroCount: 0,
              zeroThreshold: 0,
              positive: { offset: -9, counts: [1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2] },
              negative: { offset: 0, counts: [] },
              exemplars: [early, late],
            },
          },
        ]),
      ),
    );
    const h = firstMetric(bytes).histogram;
    expect(h.schema).toBe(0);
    expect(h.exemplars).toEqual([decoded(early), decoded(late)]);
    // The carrier bucket: a true +Inf bucket (count = sample count) holding the latest exemplar.
    expect(h.bucket).toEqual([
      { cumulativeCount: 5, cumulativeCountFloat: 0, upperBound: INF, exemplar: decoded(late) },
    ]);
  });

  it('writes a native-only histogram without exemplars no bucket at all', () => {
    const bytes = serializeProtobufExposition(
      snapshotOf(
        histogram([
          {
            tags: tags({}),
            count: 1,
            sum: 1,
            min: 1,
            max: 1,
            buckets: [{ upperBound: INF, count: 1 }],
            exponential: {
              scale: 0,
              zeroCount: 0,
              zeroThreshold: 0,
              positive: { offset: -1, counts: [1] },
              negative: { offset: 0, counts: [] },
            },
          },
        ]),
      ),
    );
    const h = firstMetric(bytes).histogram;
    expect(h.bucket).toEqual([]);
    expect(h.exemplars).toEqual([]);
  });
});
