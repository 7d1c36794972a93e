import { createRequire } from 'node:module';
import { ValueType } from '@opentelemetry/api';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSummaryAwareSerializer } from './summary-aware-serializer.js';
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

describe('summary-aware protobuf serializer', () => {
  const serializer = createSummaryAwareSerializer('http/protobuf');

  it("is the SDK's output byte for byte when there are no summaries", () => {
    const metrics = batch([gauge]);
    expect(serializer.serializeRequest(metrics)).toEqual(ProtobufMetricsSerializer.serializeRequest(metrics));
  });

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

describe('summary-aware JSON serializer', () => {
  it('adds summaries in the OTLP/JSON mapping', () => {
    const bytes = createSummaryAwareSerializer('http/json').serializeRequest(
      batch([gauge, summary({ a: 'b' })]),
    )!;
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
