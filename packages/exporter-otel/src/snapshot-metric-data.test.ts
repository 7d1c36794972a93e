import { createRequire } from 'node:module';
import type {
  Exemplar,
  HistogramMetricSnapshot,
  HistogramPoint,
  Snapshot,
  Tag,
  ValueMetricSnapshot,
  ValuePoint,
} from '@meterkit/core';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { HistogramMetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtlpRequestBuilder } from './otlp-request-builder.js';
import { createOtlpSerializer } from './otlp-serializer.js';
import { counterSourceOf, histogramSourceOf } from './snapshot-metric-data.js';

const require = createRequire(import.meta.url);
const generated = require('otlp-transformer-decoder/build/src/generated/root.js');
const Request = generated.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
const decode = (bytes: Uint8Array) =>
  Request.toObject(Request.decode(bytes), { longs: String, enums: Number, defaults: true });

const T0 = Date.UTC(2026, 0, 1);
const BOUNDS = [0.005, 0.25, 1, 7.5];
const resource = resourceFromAttributes({ 'service.name': 'svc' });
/** Milliseconds as OTLP's decimal nanoseconds (past 2^53: exact through a bigint). */
const nanos = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);

/** The same request with every histogram's SDK points assigned, so the encoders take the SDK route. */
function withSdkPoints(request: ResourceMetrics): ResourceMetrics {
  for (const scope of request.scopeMetrics) {
    for (const metric of scope.metrics as Array<{ dataPoints: unknown[] }>)
      metric.dataPoints = [...metric.dataPoints];
  }
  return request;
}

const build = (snapshot: Snapshot) =>
  new OtlpRequestBuilder({ resource, temporality: 'cumulative', summaries: 'otlp' }).build(snapshot);

/** One Tag object per key and value, as core's snapshots share the Tags of shared index levels. */
const tagObjects = new Map<string, Tag>();
const sharedTag = (key: string, value: string): Tag => {
  const id = `${key}\u0000${value}`;
  let tag = tagObjects.get(id);
  if (tag === undefined) tagObjects.set(id, (tag = { key, value }));
  return tag;
};

/** A snapshot point: cumulative counts over `bounds` (then +Inf) from per-bucket counts. */
function point(
  tags: Array<[string, string]>,
  perBucket: number[],
  bounds: number[],
  extra: Partial<HistogramPoint> = {},
): HistogramPoint {
  let running = 0;
  const buckets = [...bounds, Number.POSITIVE_INFINITY].map((upperBound, i) => {
    running += perBucket[i] ?? 0;
    return { upperBound, count: running };
  });
  return {
    tags: tags.map(([key, value]) => sharedTag(key, value)),
    count: running,
    sum: running * 0.75,
    min: running > 0 ? 0.001 : undefined,
    max: running > 0 ? 9.5 : undefined,
    buckets,
    ...extra,
  };
}

const histogramOf = (points: HistogramPoint[]): HistogramMetricSnapshot => ({
  name: 'http.server.duration',
  type: 'histogram',
  description: 'Latency',
  unit: 'seconds',
  startTime: T0,
  points,
});

const tagKey = fc.oneof(
  fc.constantFrom(
    'method',
    'route',
    'status',
    'http.route',
    'région',
    '7',
    '10',
    '__proto__',
    'method',
    'method',
  ),
  fc.string({ minLength: 1, maxLength: 6 }),
);
const tagValue = fc.oneof(
  fc.constantFrom('GET', 'GET', '/item/1', '', 'é✓', 'a"b'),
  fc.string({ unit: 'binary' }),
);
const snapshotPoint = fc.record({
  tags: fc.uniqueArray(fc.tuple(tagKey, tagValue), { selector: ([key]) => key, maxLength: 4 }),
  sorted: fc.boolean(),
  nextSibling: fc.boolean(),
  perBucket: fc.array(fc.nat({ max: 2 ** 40 }), { minLength: 5, maxLength: 5 }),
  otherBounds: fc.integer({ min: 0, max: 9 }),
  startTime: fc.option(fc.integer({ min: T0 - 86_400_000, max: T0 }), { nil: undefined }),
  sum: fc.oneof(fc.double(), fc.integer()),
});

describe('cumulative histograms and counters written straight from the snapshot', () => {
  it('encode to the bytes of their SDK points, which are the SDK serializer bytes', () => {
    fc.assert(
      fc.property(fc.array(snapshotPoint, { maxLength: 6 }), (specs) => {
        let previous: Array<[string, string]> = [];
        const points = specs.map((spec) => {
          let tags = spec.sorted
            ? [...spec.tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            : spec.tags;
          if (spec.nextSibling && previous.length > 0) {
            // The next series of the same index branch: all but its last tag are the previous one's.
            tags = [...previous.slice(0, -1), [previous[previous.length - 1]![0], spec.sum.toString()]];
          }
          previous = tags;
          // Now and then a series with other bounds, which the shortcut leaves to the SDK route.
          const bounds = spec.otherBounds === 0 ? [0.1, 2] : BOUNDS;
          return point(tags, spec.perBucket, bounds, { startTime: spec.startTime, sum: spec.sum });
        });
        const snapshot: Snapshot = { timestamp: T0 + 60_123.25, metrics: [histogramOf(points)] };
        const request = build(snapshot);
        if (points.length > 0) expect(histogramSourceOf(request.scopeMetrics[0]!.metrics[0]!)).toBeDefined();
        const direct = createOtlpSerializer('http/protobuf').serializeRequest(request)!;
        const directJson = createOtlpSerializer('http/json').serializeRequest(request)!;
        const sdkRoute = withSdkPoints(build(snapshot));
        expect(histogramSourceOf(sdkRoute.scopeMetrics[0]!.metrics[0]!)).toBeUndefined();
        expect(direct).toEqual(createOtlpSerializer('http/protobuf').serializeRequest(sdkRoute));
        expect(direct).toEqual(ProtobufMetricsSerializer.serializeRequest(sdkRoute));
        expect(new TextDecoder().decode(directJson)).toBe(
          new TextDecoder().decode(createOtlpSerializer('http/json').serializeRequest(sdkRoute)),
        );
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('write counters as the bytes of their SDK points too', () => {
    fc.assert(
      fc.property(fc.array(snapshotPoint, { maxLength: 6 }), (specs) => {
        let previous: Array<[string, string]> = [];
        const points: ValuePoint[] = specs.map((spec, i) => {
          let tags = spec.sorted
            ? [...spec.tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            : spec.tags;
          if (spec.nextSibling && previous.length > 0) {
            tags = [...previous.slice(0, -1), [previous[previous.length - 1]![0], String(i)]];
          }
          previous = tags;
          const exemplar =
            spec.otherBounds === 1 ? { tags: { shop: 'north' }, value: 1, timestamp: T0 + i } : undefined;
          return {
            tags: tags.map(([key, value]) => sharedTag(key, value)),
            value: spec.sum,
            startTime: spec.startTime,
            ...(exemplar && { exemplar }),
          };
        });
        const counter: ValueMetricSnapshot = {
          name: 'requests',
          type: 'counter',
          description: '',
          unit: '',
          startTime: T0 - 1_000,
          points,
        };
        const snapshot: Snapshot = { timestamp: T0 + 60_123.25, metrics: [counter] };
        const request = build(snapshot);
        expect(counterSourceOf(request.scopeMetrics[0]!.metrics[0]!)).toBeDefined();
        const sdkRoute = withSdkPoints(build(snapshot));
        expect(counterSourceOf(sdkRoute.scopeMetrics[0]!.metrics[0]!)).toBeUndefined();
        const direct = createOtlpSerializer('http/protobuf').serializeRequest(request)!;
        expect(direct).toEqual(createOtlpSerializer('http/protobuf').serializeRequest(sdkRoute));
        if (points.every((point) => point.exemplar === undefined)) {
          expect(direct).toEqual(ProtobufMetricsSerializer.serializeRequest(sdkRoute));
        }
        expect(new TextDecoder().decode(createOtlpSerializer('http/json').serializeRequest(request))).toBe(
          new TextDecoder().decode(createOtlpSerializer('http/json').serializeRequest(sdkRoute)),
        );
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('stay the SDK serializer bytes when one serializer encodes requests of very different sizes', () => {
    const serializer = createOtlpSerializer('http/protobuf');
    for (const series of [2_000, 1, 0, 2_000, 40]) {
      const points = Array.from({ length: series }, (_, i) =>
        point([['route', `/item/${i}`]], [i % 3, 1, 0, 2, i % 5], BOUNDS),
      );
      const snapshot: Snapshot = { timestamp: T0 + 1_000, metrics: [histogramOf(points)] };
      const ours = Buffer.from(serializer.serializeRequest(build(snapshot))!);
      const sdk = ProtobufMetricsSerializer.serializeRequest(withSdkPoints(build(snapshot)))!;
      // Buffer comparison: a deep equality of half a megabyte, byte by byte, takes seconds.
      expect(ours.length).toBe(sdk.length);
      expect(ours.equals(sdk)).toBe(true);
    }
  }, 60_000);

  it("carry counts, bounds, attributes, times and exemplars as OpenTelemetry's generated decoder reads them", () => {
    const exemplar: Exemplar = { tags: { shop: 'north' }, value: 0.2, timestamp: T0 + 5_000.5 };
    const first = point(
      [
        ['method', 'GET'],
        ['route', '/a'],
      ],
      [1, 0, 2, 0, 1],
      BOUNDS,
    );
    const withExemplar = {
      ...first,
      buckets: first.buckets.map((bucket, i) => (i === 1 ? { ...bucket, exemplar } : bucket)),
    };
    const empty = point(
      [
        ['method', 'GET'],
        ['route', '/b'],
      ],
      [0, 0, 0, 0, 0],
      BOUNDS,
      { startTime: T0 + 1_500 },
    );
    const snapshot: Snapshot = { timestamp: T0 + 60_000, metrics: [histogramOf([withExemplar, empty])] };
    const request = build(snapshot);
    const [a, b] = decode(createOtlpSerializer('http/protobuf').serializeRequest(request)!).resourceMetrics[0]
      .scopeMetrics[0].metrics[0].histogram.dataPoints;
    expect(a).toMatchObject({
      attributes: [
        { key: 'method', value: { stringValue: 'GET' } },
        { key: 'route', value: { stringValue: '/a' } },
      ],
      startTimeUnixNano: nanos(T0),
      timeUnixNano: nanos(T0 + 60_000),
      count: '4',
      sum: 3,
      bucketCounts: ['1', '0', '2', '0', '1'],
      explicitBounds: BOUNDS,
      min: 0.001,
      max: 9.5,
    });
    expect(a.exemplars).toHaveLength(1);
    expect(a.exemplars[0]).toMatchObject({ asDouble: 0.2, timeUnixNano: nanos(T0 + 5_000.5) });
    expect(b).toMatchObject({ count: '0', startTimeUnixNano: nanos(T0 + 1_500), exemplars: [] });
    expect(b.bucketCounts).toEqual(['0', '0', '0', '0', '0']);
    // The JSON route says the same, in OTLP/JSON's own mapping.
    const json = JSON.parse(
      new TextDecoder().decode(createOtlpSerializer('http/json').serializeRequest(request)),
    );
    const [ja, jb] = json.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints;
    expect(ja).toMatchObject({ count: '4', bucketCounts: ['1', '0', '2', '0', '1'], explicitBounds: BOUNDS });
    expect(ja.exemplars[0]).toMatchObject({ asDouble: 0.2 });
    expect(jb).toMatchObject({ count: '0', startTimeUnixNano: nanos(T0 + 1_500) });
    // The Tag both series share is written once and copied: the copy is the same attribute.
    expect(jb.attributes).toEqual([
      { key: 'method', value: { stringValue: 'GET' } },
      { key: 'route', value: { stringValue: '/b' } },
    ]);
    expect(b.attributes).toEqual(jb.attributes);
    expect(jb).not.toHaveProperty('min');
  });

  it('still give SDK readers their data points, built on first read', () => {
    const snapshot: Snapshot = {
      timestamp: T0 + 1_000,
      metrics: [histogramOf([point([['k', 'v']], [0, 3, 0, 0, 0], BOUNDS)])],
    };
    const metric = build(snapshot).scopeMetrics[0]!.metrics[0] as HistogramMetricData;
    expect(metric.dataPoints).toBe(metric.dataPoints);
    expect(metric.dataPoints[0]).toMatchObject({
      attributes: { k: 'v' },
      value: { count: 3, buckets: { boundaries: BOUNDS, counts: [0, 3, 0, 0, 0] } },
    });
    // A copy (spread) carries the points as a plain property.
    expect({ ...metric }.dataPoints).toEqual(metric.dataPoints);
    const json = JSON.parse(
      new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(build(snapshot))),
    );
    expect(json.resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].count).toBe(3);
  });
});
