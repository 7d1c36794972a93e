import type { ISerializer } from '@opentelemetry/otlp-transformer';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { withNonFiniteAsSentinels } from './json-non-finite.js';
import { canonicalOtlpJson, withInt64AsStrings } from './otlp-json-canonical.js';
import { spliceJsonSummaries } from './otlp-json-summaries.js';
import { spliceProtobufSummaries } from './otlp-protobuf-summaries.js';
import { separateSummaries } from './summary-metric-data.js';

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** The OTLP/HTTP encodings meterkit can send. */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

/** What the SDK's serializers return for a response (OTLP partial success, if any). */
type MetricsResponse = ReturnType<typeof JsonMetricsSerializer.deserializeResponse>;

/**
 * The SDK's own OTLP metrics serializer for `protocol`, extended with meterkit's summaries: the
 * SDK serializes every metric it knows, then the summaries (which it has no type for) are added
 * to their scopes. A protobuf batch without summaries is the SDK's output byte for byte; JSON is
 * rewritten into canonical proto3 JSON (non-finite doubles, 64-bit integers as strings, no lone
 * surrogates), which strict collectors require.
 */
export function createSummaryAwareSerializer(
  protocol: OtlpProtocol,
): ISerializer<ResourceMetrics, MetricsResponse> {
  const base = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  return {
    serializeRequest(metrics) {
      const { withoutSummaries, summariesByScope } = separateSummaries(metrics);
      if (protocol === 'http/json') {
        const { metrics: safe, restore } = withNonFiniteAsSentinels(withoutSummaries);
        const request = base.serializeRequest(withInt64AsStrings(safe));
        if (request === undefined) return request;
        const json = restore(utf8Decoder.decode(request));
        const complete = summariesByScope.size === 0 ? json : spliceJsonSummaries(json, summariesByScope);
        return utf8Encoder.encode(canonicalOtlpJson(complete));
      }
      const request = base.serializeRequest(withoutSummaries);
      if (request === undefined || summariesByScope.size === 0) return request;
      return spliceProtobufSummaries(request, summariesByScope);
    },
    deserializeResponse: (data) => base.deserializeResponse(data),
  };
}
