import { createRequire } from 'node:module';
import { ValueType } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOtlpSerializer } from './otlp-serializer.js';
import { SUMMARY_DATA_POINT_TYPE, type SummaryMetricData } from './summary-metric-data.js';

const require = createRequire(import.meta.url);
const generated = require('otlp-transformer-decoder/build/src/generated/root.js');
const Request = generated.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
const decode = (bytes: Uint8Array) =>
  Request.toObject(Request.decode(bytes), { longs: String, enums: Number, defaults: true });

const time: [number, number] = [1_767_225_600, 123_456_789];

const gauge: MetricData = {
  descriptor: { name: 'g', description: 'a gauge', unit: '1', valueType: ValueType.DOUBLE },
  aggregationTemporality: 1,
  dataPointType: DataPointType.GAUGE,
  dataPoints: [{ startTime: time, endTime: time, attributes: { k: 'v' }, value: 2.5 }],
};

const intSum: MetricData = {
  descriptor: { name: 'n', description: '', unit: 'By', valueType: ValueType.INT },
  aggregationTemporality: 0,
  dataPointType: DataPointType.SUM,
  isMonotonic: false,
  dataPoints: [{ startTime: time, endTime: time, attributes: { n: 3, b: true }, value: -7 }],
};

const histogram: MetricData = {
  descriptor: { name: 'h', description: 'a histogram', unit: 's', valueType: ValueType.DOUBLE },
  aggregationTemporality: 1,
  dataPointType: DataPointType.HISTOGRAM,
  dataPoints: [
    {
      startTime: [time[0] - 60, 0],
      endTime: time,
      attributes: { route: '/a' },
      value: {
        buckets: { boundaries: [0.1, 1], counts: [1, 0, 2 ** 33] },
        count: 2 ** 33 + 1,
        sum: 9,
        min: 0.05,
        max: 8,
      },
    },
    {
      startTime: time,
      endTime: time,
      attributes: {},
      value: {
        buckets: { boundaries: [], counts: [0] },
        count: 0,
        sum: undefined,
        min: undefined,
        max: undefined,
      },
    },
  ],
};

const exponential: MetricData = {
  descriptor: { name: 'e', description: '', unit: '', valueType: ValueType.DOUBLE },
  aggregationTemporality: 1,
  dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
  dataPoints: [
    {
      startTime: time,
      endTime: time,
      attributes: { k: 'v' },
      value: {
        count: 6,
        sum: -1,
        min: -3,
        max: 4,
        scale: -2,
        zeroCount: 1,
        positive: { offset: -3, bucketCounts: [1, 0, 300] },
        negative: { offset: 0, bucketCounts: [] },
      },
    },
  ],
};

function summary(attributes: Record<string, string>, name = 's'): SummaryMetricData {
  return {
    descriptor: { name, description: 'a summary', unit: 'By', valueType: ValueType.DOUBLE },
    dataPointType: SUMMARY_DATA_POINT_TYPE,
    dataPoints: [
      {
        startTime: [time[0] - 60, 0],
        endTime: time,
        attributes,
        value: {
          count: 2 ** 40,
          sum: -1.5,
          quantiles: [
            { quantile: 0.5, value: 3 },
            { quantile: 0.99, value: 7.25 },
          ],
        },
      },
    ],
  };
}

function batch(...scopes: Array<Array<MetricData | SummaryMetricData>>): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': 'svc' }),
    scopeMetrics: scopes.map((metrics, i) => ({
      scope: { name: `scope${i}` },
      metrics: metrics as MetricData[],
    })),
  };
}

describe('the OTLP protobuf serializer', () => {
  const serializer = createOtlpSerializer('http/protobuf');

  it("is the SDK's output byte for byte for every metric type the SDK knows", () => {
    const metrics = batch(
      [gauge, intSum, histogram, exponential],
      [{ ...gauge, descriptor: { ...gauge.descriptor, name: 'g2', description: '', unit: '' } }],
    );
    metrics.scopeMetrics[1]!.scope = { name: 'scope1', version: '1.2.3', schemaUrl: 'https://example.com/s' };
    expect(serializer.serializeRequest(metrics)).toEqual(ProtobufMetricsSerializer.serializeRequest(metrics));
  });

  it("is the SDK's output byte for byte for any attributes and times", () => {
    const attributeValue = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.array(fc.oneof(fc.string(), fc.integer())),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), attributeValue),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.double(),
        (attributes, seconds, nanos, value) => {
          const point = { startTime: [seconds, nanos], endTime: [seconds, nanos], attributes, value };
          const metrics = batch([{ ...gauge, dataPoints: [point] } as MetricData]);
          expect(serializer.serializeRequest(metrics)).toEqual(
            ProtobufMetricsSerializer.serializeRequest(metrics),
          );
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it("adds summaries to their own scope, readable by OpenTelemetry's generated decoder", () => {
    const decoded = decode(
      serializer.serializeRequest(batch([gauge, summary({ a: 'b' })], [summary({}, 't')]))!,
    );
    const [resourceMetrics] = decoded.resourceMetrics;
    expect(resourceMetrics.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'svc' } },
    ]);
    const [first, second] = resourceMetrics.scopeMetrics;
    expect(first.scope.name).toBe('scope0');
    expect(first.metrics.map((m: { name: string }) => m.name)).toEqual(['g', 's']);
    expect(first.metrics[0].gauge.dataPoints[0].asDouble).toBe(2.5);
    const s = first.metrics[1];
    expect(s).toMatchObject({ name: 's', description: 'a summary', unit: 'By' });
    expect(s.summary.dataPoints[0]).toMatchObject({
      startTimeUnixNano: '1767225540000000000',
      timeUnixNano: '1767225600123456789',
      count: String(2 ** 40),
      sum: -1.5,
      quantileValues: [
        { quantile: 0.5, value: 3 },
        { quantile: 0.99, value: 7.25 },
      ],
      attributes: [{ key: 'a', value: { stringValue: 'b' } }],
    });
    expect(second.metrics.map((m: { name: string }) => m.name)).toEqual(['t']);
  });

  it('keeps any attribute key and value intact', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme' })),
        (attributes) => {
          const decoded = decode(serializer.serializeRequest(batch([summary(attributes)]))!);
          const point = decoded.resourceMetrics[0].scopeMetrics[0].metrics[0].summary.dataPoints[0];
          const back = Object.fromEntries(
            point.attributes.map((kv: { key: string; value: { stringValue: string } }) => [
              kv.key,
              kv.value.stringValue,
            ]),
          );
          expect(back).toEqual(attributes);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the OTLP JSON serializer, for summaries', () => {
  it('adds summaries in the OTLP/JSON mapping', () => {
    const bytes = createOtlpSerializer('http/json').serializeRequest(batch([gauge, summary({ a: 'b' })]))!;
    const json = JSON.parse(new TextDecoder().decode(bytes));
    const metrics = json.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(metrics[0].gauge.dataPoints[0].asDouble).toBe(2.5);
    expect(metrics[1]).toEqual({
      name: 's',
      description: 'a summary',
      unit: 'By',
      summary: {
        dataPoints: [
          {
            attributes: [{ key: 'a', value: { stringValue: 'b' } }],
            startTimeUnixNano: '1767225540000000000',
            timeUnixNano: '1767225600123456789',
            count: '1099511627776',
            sum: -1.5,
            quantileValues: [
              { quantile: 0.5, value: 3 },
              { quantile: 0.99, value: 7.25 },
            ],
          },
        ],
      },
    });
  });
});

describe('exemplars in OTLP protobuf', () => {
  const exemplar = {
    tags: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', shop: 'north' },
    value: 0.25,
    timestamp: 1_767_225_600_123.5,
  };

  it("are written on sum, histogram and exponential points, as OpenTelemetry's generated decoder reads them", () => {
    const withExemplar = (metric: MetricData) =>
      ({
        ...metric,
        dataPoints: [{ ...metric.dataPoints[0], exemplars: [exemplar] }],
      }) as unknown as MetricData;
    const sum = withExemplar({ ...gauge, dataPointType: DataPointType.SUM, isMonotonic: true } as MetricData);
    const decoded = decode(
      createOtlpSerializer('http/protobuf').serializeRequest(
        batch([sum, withExemplar(histogram), withExemplar(exponential)]),
      )!,
    );
    const [s, h, e] = decoded.resourceMetrics[0].scopeMetrics[0].metrics;
    const expected = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      filteredAttributes: [{ key: 'shop', value: { stringValue: 'north' } }],
      timeUnixNano: '1767225600123500000',
      asDouble: 0.25,
    };
    for (const point of [
      s.sum.dataPoints[0],
      h.histogram.dataPoints[0],
      e.exponentialHistogram.dataPoints[0],
    ]) {
      const [got] = point.exemplars;
      expect({
        ...got,
        traceId: Buffer.from(got.traceId).toString('hex'),
        spanId: Buffer.from(got.spanId).toString('hex'),
      }).toMatchObject(expected);
    }
    // The rest of the point is untouched by its exemplars.
    expect(h.histogram.dataPoints[0].bucketCounts).toEqual(['1', '0', String(2 ** 33)]);
  });
});
