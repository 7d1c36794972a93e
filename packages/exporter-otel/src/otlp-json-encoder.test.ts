import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wellFormed } from './otlp-json-encoder.js';
import { createOtlpSerializer } from './otlp-serializer.js';

describe('wellFormed', () => {
  it.each([
    ['plain', 'plain'],
    ['pair 😀', 'pair 😀'],
    ['high \ud83d alone', 'high \ufffd alone'],
    ['low \ude00 alone', 'low \ufffd alone'],
    ['\ude00\ud83d', '\ufffd\ufffd'],
    ['\ud83d', '\ufffd'],
  ])('%j becomes %j', (input, output) => {
    expect(wellFormed(input)).toBe(output);
  });

  it('writes what a UTF-8 encoder writes for any string', () => {
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(wellFormed(value)).toBe(decoder.decode(encoder.encode(value)));
      }),
    );
  }, 60_000);
});

const time: [number, number] = [1_767_225_600, 0];
const point = (value: unknown) => ({ startTime: time, endTime: time, attributes: {}, value });

function metric(name: string, dataPointType: DataPointType, value: unknown, valueType = ValueType.DOUBLE) {
  return {
    descriptor: { name, description: '', unit: '', valueType },
    aggregationTemporality: 1,
    dataPointType,
    isMonotonic: true,
    dataPoints: [point(value)],
  } as unknown as MetricData;
}

function batch(metrics: MetricData[], attributes: Record<string, string | number> = {}): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': 'svc', ...attributes }),
    scopeMetrics: [{ scope: { name: 'meterkit' }, metrics }],
  };
}

const serializeJson = (metrics: ResourceMetrics) =>
  JSON.parse(new TextDecoder().decode(createOtlpSerializer('http/json').serializeRequest(metrics)));

describe('the OTLP/JSON serializer, for 64-bit integers', () => {
  it('writes them as decimal strings, and leaves doubles and 32-bit fields as numbers', () => {
    const original = batch(
      [
        metric('int_sum', DataPointType.SUM, -7, ValueType.INT),
        metric('double_sum', DataPointType.SUM, 2.5),
        metric('histogram', DataPointType.HISTOGRAM, {
          buckets: { boundaries: [1], counts: [1, 2] },
          count: 3,
          sum: 1.5,
          min: 0.5,
          max: 2,
        }),
        metric('exponential', DataPointType.EXPONENTIAL_HISTOGRAM, {
          count: 2,
          zeroCount: 1,
          sum: 3,
          scale: 3,
          positive: { offset: -1, bucketCounts: [1] },
          negative: { offset: 0, bucketCounts: [] },
        }),
      ],
      { 'process.pid': 4321 },
    );
    const json = serializeJson(original);
    const [resourceMetrics] = json.resourceMetrics;
    expect(resourceMetrics.resource.attributes).toContainEqual({
      key: 'process.pid',
      value: { intValue: '4321' },
    });
    const [intSum, doubleSum, histogram, exponential] = resourceMetrics.scopeMetrics[0].metrics;
    expect(intSum.sum.dataPoints[0].asInt).toBe('-7');
    expect(doubleSum.sum.dataPoints[0].asDouble).toBe(2.5);
    expect(histogram.histogram.dataPoints[0]).toMatchObject({
      count: '3',
      bucketCounts: ['1', '2'],
      explicitBounds: [1],
      sum: 1.5,
      timeUnixNano: '1767225600000000000',
    });
    expect(exponential.exponentialHistogram.dataPoints[0]).toMatchObject({
      count: '2',
      zeroCount: '1',
      scale: 3,
      positive: { offset: -1, bucketCounts: ['1'] },
    });
    // The caller's data is not changed.
    expect((original.scopeMetrics[0]!.metrics[2]!.dataPoints[0]!.value as { count: number }).count).toBe(3);
  });
});

describe('the OTLP/JSON serializer, for strings', () => {
  it('never rewrites user strings, and makes each one well-formed', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('"intValue":5', '"intValue":5}', '\\', '"', '\\ud800', 'x\\'),
    );
    fc.assert(
      fc.property(text, text, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (key, value, integer) => {
        fc.pre(key !== value);
        // A plain resource: @opentelemetry/resources drops some keys ('valueOf') itself.
        const resource = {
          attributes: { [key]: value, [value]: integer },
        } as unknown as ResourceMetrics['resource'];
        const json = serializeJson({ resource, scopeMetrics: [] });
        // Any order: a key like "1" comes first in a JavaScript object.
        const attributes = json.resourceMetrics[0].resource.attributes;
        expect(attributes).toHaveLength(2);
        expect(attributes).toEqual(
          expect.arrayContaining([
            { key: wellFormed(key), value: { stringValue: wellFormed(value) } },
            { key: wellFormed(value), value: { intValue: String(integer) } },
          ]),
        );
      }),
    );
  }, 60_000);
});

describe('the OTLP/JSON serializer, for non-finite doubles', () => {
  it('writes them as the protobuf JSON mapping strings, finite values as numbers', () => {
    const json = serializeJson(
      batch([
        metric('g', DataPointType.GAUGE, Number.NaN),
        metric('s', DataPointType.SUM, Number.NEGATIVE_INFINITY),
        metric('f', DataPointType.GAUGE, 1.2345678901234568e-300),
        metric('h', DataPointType.HISTOGRAM, {
          buckets: { boundaries: [1], counts: [0, 1] },
          count: 1,
          sum: Number.POSITIVE_INFINITY,
          min: 0.25,
          max: Number.NaN,
        }),
      ]),
    );
    const [g, s, f, h] = json.resourceMetrics[0].scopeMetrics[0].metrics;
    expect(g.gauge.dataPoints[0].asDouble).toBe('NaN');
    expect(s.sum.dataPoints[0].asDouble).toBe('-Infinity');
    expect(f.gauge.dataPoints[0].asDouble).toBe(1.2345678901234568e-300);
    expect(h.histogram.dataPoints[0]).toMatchObject({ sum: 'Infinity', min: 0.25, max: 'NaN' });
  });
});
