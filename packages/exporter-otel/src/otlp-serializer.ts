import { ProtobufWriter } from '@meterkit/exporter-prometheus';
import type { ISerializer } from '@opentelemetry/otlp-transformer';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { JsonWriter } from './json-writer.js';
import { encodeMetricsRequestJson } from './otlp-json-encoder.js';
import { encodeMetricsRequest } from './otlp-protobuf-encoder.js';

/** The OTLP/HTTP encodings meterkit can send. */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

/** What the SDK's serializers return for a response (OTLP partial success, if any). */
export type MetricsResponse = ReturnType<typeof JsonMetricsSerializer.deserializeResponse>;

/**
 * meterkit's OTLP metrics serializer for the SDK's HTTP transport: requests are encoded by this
 * package in one pass (summaries, exemplars, non-finite values and canonical proto3 JSON included,
 * which the SDK's serializers cannot write), responses are read by the SDK's own deserializers.
 * For metric data the SDK knows, the protobuf bytes are the SDK serializer's, field for field.
 */
export function createOtlpSerializer(protocol: OtlpProtocol): ISerializer<ResourceMetrics, MetricsResponse> {
  if (protocol === 'http/json') {
    const json = new JsonWriter();
    return {
      serializeRequest: (metrics) => encodeMetricsRequestJson(metrics, json),
      deserializeResponse: (data) => JsonMetricsSerializer.deserializeResponse(data),
    };
  }
  // One writer per serializer: the buffer it grew to is reused by the next export, and the length
  // of the previous request sizes the length prefixes of the next.
  const writer = new ProtobufWriter(64 * 1024);
  let previousLength = 0;
  return {
    serializeRequest: (metrics) => {
      const body = encodeMetricsRequest(metrics, writer, previousLength);
      previousLength = body.length;
      return body;
    },
    deserializeResponse: (data) => ProtobufMetricsSerializer.deserializeResponse(data),
  };
}
