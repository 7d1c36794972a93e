import type { ISerializer } from '@opentelemetry/otlp-transformer';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { withNonFiniteAsSentinels } from './json-non-finite.js';
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
 * to their scopes. A batch without summaries is the SDK's output byte for byte.
 */
export function createSummaryAwareSerializer(
  protocol: OtlpProtocol,
): ISerializer<ResourceMetrics, MetricsResponse> {
  const base = protocol === 'http/json' ? JsonMetricsSerializer : ProtobufMetricsSerializer;
  const splice = protocol === 'http/json' ? spliceJsonSummaries : spliceProtobufSummaries;
  return {
    serializeRequest(metrics) {
      const { withoutSummaries, summariesByScope } = separateSummaries(metrics);
      if (protocol === 'http/json') {
        const { metrics: safe, restore } = withNonFiniteAsSentinels(withoutSummaries);
        const request = base.serializeRequest(safe);
        if (request === undefined) return request;
        const restored = utf8Encoder.encode(restore(utf8Decoder.decode(request)));
        return summariesByScope.size === 0 ? restored : splice(restored, summariesByScope);
      }
      const request = base.serializeRequest(withoutSummaries);
      if (request === undefined || summariesByScope.size === 0) return request;
      return splice(request, summariesByScope);
    },
    deserializeResponse: (data) => base.deserializeResponse(data),
  };
}
