import { OtlpReceiver } from '@meterkit/test-support';
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtlpSerializer } from '../../src/otlp-serializer.js';
import { createHarness } from '../harness.js';
import { OtlpProto3Parser } from '../support/otlp-proto3-parser.js';

/**
 * Issue 14, item 10: a lone UTF-16 surrogate in a tag value made the OTLP/JSON body invalid proto3
 * JSON (a collector rejects the whole request, unrelated metrics included), and 64-bit integer
 * fields (histogram `count`, `bucketCounts`, summary `count`) were JSON numbers instead of the
 * canonical decimal strings. Bodies are read here by Google's protobuf runtime, not by our code.
 */

// biome-ignore lint/suspicious/noExplicitAny: proto3 JSON as printed by the protobuf runtime
type Json = any;

let receiver: OtlpReceiver;
let parser: OtlpProto3Parser;
beforeAll(async () => {
  [receiver, parser] = await Promise.all([OtlpReceiver.start(), OtlpProto3Parser.compile()]);
});
afterAll(async () => {
  await Promise.all([receiver.close(), parser.dispose()]);
});

function metricsOf(request: Json): Json[] {
  return request.resourceMetrics.flatMap((rm: Json) => rm.scopeMetrics.flatMap((sm: Json) => sm.metrics));
}

function metricNamed(request: Json, name: string): Json {
  const found = metricsOf(request).filter((m: Json) => m.name === name);
  expect(found, `metric ${name} in ${metricsOf(request).map((m: Json) => m.name)}`).toHaveLength(1);
  return found[0];
}

const stringAttribute = (point: Json, key: string) =>
  point.attributes.find((a: Json) => a.key === key)?.value.stringValue;

describe('OTLP/JSON bodies, read by the protobuf runtime as proto3 JSON', () => {
  it('parses a real export with a lone surrogate and 64-bit counts, and round-trips the values', async () => {
    const start = receiver.jsonBodies.length;
    const h = await createHarness({ collectorUrl: receiver.url, protocol: 'http/json' });
    const p = h.provider;
    p.counter('requests_total').withTags({ path: 'broken \ud800 pair' }).add(3);
    p.counter('requests_total').withTags({ path: 'tail \udc00' }).inc();
    p.gauge('level').withTags({ kind: 'nan' }).set(Number.NaN);
    const sizes = p.histogram('size', { buckets: [10, 100] });
    for (const value of [5, 50, 500, 7]) sizes.observe(value);
    const payload = p.summary('payload', { quantiles: [0.5] });
    for (let i = 1; i <= 10; i++) payload.observe(i);
    h.clock.advance(1000);
    await h.exportNow();
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);

    const body = receiver.jsonBodies[start]!;
    const raw = JSON.parse(body);
    const parsed = await parser.parse(body, 'json');

    const requests = metricNamed(parsed, 'requests_total');
    const paths = requests.sum.dataPoints.map((point: Json) => stringAttribute(point, 'path')).sort();
    expect(paths).toEqual(['broken \ufffd pair', 'tail \ufffd']);

    // The sent body itself carries 64-bit integers as strings (canonical proto3 JSON)...
    const rawSize = metricNamed(raw, 'size').histogram.dataPoints[0];
    expect(rawSize.count).toBe('4');
    expect(rawSize.bucketCounts).toEqual(['2', '1', '1']);
    expect(typeof rawSize.timeUnixNano).toBe('string');
    expect(metricNamed(raw, 'payload').summary.dataPoints[0].count).toBe('10');
    // ...and the protobuf runtime reads the same values back.
    const size = metricNamed(parsed, 'size').histogram.dataPoints[0];
    expect(size).toMatchObject({
      count: '4',
      bucketCounts: ['2', '1', '1'],
      sum: 562,
      explicitBounds: [10, 100],
    });
    expect(size.timeUnixNano).toBe(rawSize.timeUnixNano);
    const summary = metricNamed(parsed, 'payload').summary.dataPoints[0];
    expect(summary).toMatchObject({ count: '10', sum: 55 });
    expect(metricNamed(parsed, 'level').gauge.dataPoints[0].asDouble).toBe('NaN');
  });

  it('carries counts beyond 2^53 exactly, and sends valid UTF-8 over protobuf too', async () => {
    const time: [number, number] = [1_767_225_600, 0];
    const histogram: MetricData = {
      descriptor: { name: 'big', description: '', unit: '', valueType: ValueType.DOUBLE },
      aggregationTemporality: 1,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        {
          startTime: time,
          endTime: time,
          attributes: { path: 'lone \ud83d' },
          value: {
            buckets: { boundaries: [1], counts: [2 ** 40, 2 ** 53] },
            count: 2 ** 53 + 2 ** 40,
            sum: 1,
          },
        },
      ],
    };
    const batch = {
      resource: resourceFromAttributes({ 'service.name': 'svc', 'process.pid': 4321 }),
      scopeMetrics: [{ scope: { name: 'meterkit' }, metrics: [histogram] }],
    };
    const json = createOtlpSerializer('http/json').serializeRequest(batch)!;
    const fromJson: Json = await parser.parse(json, 'json');
    const point = metricNamed(fromJson, 'big').histogram.dataPoints[0];
    expect(point.count).toBe((2n ** 53n + 2n ** 40n).toString());
    expect(point.bucketCounts).toEqual([(2n ** 40n).toString(), (2n ** 53n).toString()]);
    expect(stringAttribute(point, 'path')).toBe('lone \ufffd');
    const pid = fromJson.resourceMetrics[0].resource.attributes.find((a: Json) => a.key === 'process.pid');
    expect(pid.value).toEqual({ intValue: '4321' });

    const protobuf = createOtlpSerializer('http/protobuf').serializeRequest(batch)!;
    const fromProtobuf: Json = await parser.parse(protobuf, 'protobuf');
    expect(stringAttribute(metricNamed(fromProtobuf, 'big').histogram.dataPoints[0], 'path')).toBe(
      'lone \ufffd',
    );
  });

  it('is live: the same parser rejects the escaped lone surrogate JSON.stringify writes', async () => {
    const body = JSON.stringify({
      resourceMetrics: [{ resource: { attributes: [{ key: 'a', value: { stringValue: 'x\ud800' } }] } }],
    });
    expect(body).toContain('\\ud800');
    await expect(parser.parse(body, 'json')).rejects.toThrow(/surrogate/i);
  });
});
