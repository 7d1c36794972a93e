import { createRequire } from 'node:module';
import { createProvider } from '@meterkit/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtlpRequestBuilder } from './otlp-request-builder.js';
import { createOtlpSerializer } from './otlp-serializer.js';

/*
 * Issue 19's property for OTLP: the translation is the identity. Any name and tag key core accepts
 * (dotted, any UTF-8, quotes and backslashes included) leaves in both encodings exactly as
 * written, read back by OpenTelemetry's own generated protobuf decoder and by JSON.parse; a UCUM
 * unit given by the caller arrives as given.
 */

const require = createRequire(import.meta.url);
const generated = require('otlp-transformer-decoder/build/src/generated/root.js');
const Request = generated.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

function isControl(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

const validName = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.string({
      unit: fc.constantFrom('a', '.', '"', '\\', '{', '/', ' ', 'é', '_', '1', '語'),
      minLength: 1,
    }),
  )
  .map((s) => [...s].map((c) => (isControl(c) ? '.' : c)).join(''))
  .filter((s) => s.length > 0 && s.length <= 128 && !s.startsWith('__') && !s.startsWith('meterkit_'));
const tagValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const ucumUnit = fc.constantFrom('s', 'By', '1', '{request}', 'ms', 'By/s');

interface DecodedMetric {
  name: string;
  unit: string;
  points: Array<{ attributes: Record<string, string | undefined>; value: number | undefined }>;
}

/** The part of an ExportMetricsServiceRequest read here, as both decoders give it. */
interface WirePoint {
  attributes: Array<{ key: string; value: { stringValue?: string } }>;
  asDouble?: number;
}
interface WireRequest {
  resourceMetrics: Array<{
    scopeMetrics: Array<{
      metrics: Array<{
        name: string;
        unit?: string;
        sum?: { dataPoints: WirePoint[] };
        gauge?: { dataPoints: WirePoint[] };
      }>;
    }>;
  }>;
}

function flatten(request: WireRequest): DecodedMetric[] {
  return request.resourceMetrics.flatMap((rm) =>
    rm.scopeMetrics.flatMap((sm) =>
      sm.metrics.map((m) => ({
        name: m.name,
        unit: m.unit ?? '',
        points: (m.sum ?? m.gauge)!.dataPoints.map((p) => ({
          attributes: Object.fromEntries(p.attributes.map((a) => [a.key, a.value.stringValue])),
          value: p.asDouble,
        })),
      })),
    ),
  );
}

/** OpenTelemetry's own generated decoder (otlp-transformer 0.217's protobufjs root). */
function decodeProtobuf(bytes: Uint8Array): DecodedMetric[] {
  return flatten(Request.toObject(Request.decode(bytes), { longs: Number, defaults: true }) as WireRequest);
}

function decodeJson(bytes: Uint8Array): DecodedMetric[] {
  return flatten(JSON.parse(new TextDecoder().decode(bytes)) as WireRequest);
}

describe('UTF-8 names over OTLP', () => {
  it.each([
    ['http/protobuf', decodeProtobuf],
    ['http/json', decodeJson],
  ] as const)(
    '%s: any name, tag key and UCUM unit arrives exactly as written',
    async (protocol, decode) => {
      const serializer = createOtlpSerializer(protocol);
      await fc.assert(
        fc.asyncProperty(validName, validName, tagValue, ucumUnit, async (name, key, value, unit) => {
          const provider = await createProvider({ provider: 'memory' });
          try {
            provider
              .gauge(name, { unit })
              .withTags({ [key]: value })
              .set(7);
            provider
              .counter(`${name}.count`)
              .withTags({ [key]: value })
              .add(3);
            const snapshot = await provider.registry().snapshot();
            const translator = new OtlpRequestBuilder({ temporality: 'cumulative', summaries: 'otlp' });
            const batch: ResourceMetrics = {
              resource: resourceFromAttributes({ 'service.name': 'svc' }),
              scopeMetrics: [
                { scope: { name: 'meterkit' }, metrics: translator.translate(snapshot) as MetricData[] },
              ],
            };
            const metrics = decode(serializer.serializeRequest(batch)!);
            expect(metrics).toEqual([
              { name, unit, points: [{ attributes: { [key]: value }, value: 7 }] },
              { name: `${name}.count`, unit: '', points: [{ attributes: { [key]: value }, value: 3 }] },
            ]);
          } finally {
            await provider.stop();
          }
        }),
        { numRuns: 150 },
      );
    },
    60_000,
  );
});
