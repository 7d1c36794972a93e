/**
 * @meterkit/exporter-prometheus: Prometheus text 0.0.4, OpenMetrics 1.0 and protobuf exposition
 * (native histograms), the pull handler, an optional standalone server, a Pushgateway client, and
 * remote write (`provider: 'remote-write'`).
 * @packageDocumentation
 */
export {
  type ExpositionChunk,
  type ExpositionSerializer,
  serializeExposition,
} from './collected-exposition.js';
export {
  acceptsGzip,
  type ExpositionFormatName,
  type NegotiableFormats,
  negotiateFormat,
} from './content-negotiation.js';
export { ExpositionTooLargeError } from './exposition-too-large-error.js';
export { DEFAULT_LINES_PER_CHUNK, type SerializeOptions } from './exposition-writer.js';
export { escapeLabelValue, escapeOpenMetricsHelp, escapeTextHelp } from './label-escaping.js';
export {
  claimExposedNames,
  type ExposedNames,
  exposedNames,
  exposedSampleNames,
} from './metric-naming.js';
export { formatCanonicalFloat, formatSampleValue } from './number-format.js';
export {
  OPENMETRICS_CONTENT_TYPE,
  openMetricsBytes,
  openMetricsChunks,
  serializeOpenMetrics,
} from './openmetrics-serializer.js';
export {
  DEFAULT_PUSH_JOB,
  PROMETHEUS_CONFIG_KEYS,
  type ResolvedPrometheusSettings,
  type ResolvedPushSettings,
  resolvePrometheusSettings,
} from './prometheus-config.js';
export { createExporter, PrometheusExporter } from './prometheus-exporter.js';
export {
  PROMETHEUS_TEXT_CONTENT_TYPE,
  prometheusTextBytes,
  prometheusTextChunks,
  serializePrometheusText,
} from './prometheus-serializer.js';
export {
  PROMETHEUS_PROTOBUF_CONTENT_TYPE,
  protobufExpositionChunks,
  serializeProtobufExposition,
} from './protobuf/protobuf-exposition.js';
export { ProtobufWriter } from './protobuf/protobuf-writer.js';
export {
  type PushgatewayAuth,
  PushgatewayClient,
  type PushgatewayClientOptions,
  type PushOptions,
} from './pushgateway-client.js';
export { PushgatewayError } from './pushgateway-error.js';
export { encodeGroupingComponent, groupingPath } from './pushgateway-url.js';
export { parseRetryAfter, RemoteWriteClient, type SendOutcome } from './remote-write/remote-write-client.js';
export {
  DEFAULT_MAX_QUEUED_SAMPLES,
  DEFAULT_MAX_SAMPLES_PER_REQUEST,
  REMOTE_WRITE_CONFIG_KEYS,
  REMOTE_WRITE_ENV,
  type ResolvedRemoteWriteSettings,
  resolveRemoteWriteSettings,
} from './remote-write/remote-write-config.js';
export { RemoteWriteError, redactUrl } from './remote-write/remote-write-error.js';
export {
  createRemoteWriteExporter,
  RemoteWriteExporter,
  type RemoteWriteStats,
} from './remote-write/remote-write-exporter.js';
export { SnapshotEncoder, type SnapshotEncoderOptions } from './remote-write/snapshot-encoder.js';
export type { EncodedWriteRequest } from './remote-write/write-request-builder.js';
export {
  createScrapeAuthenticator,
  SCRAPE_AUTH_REALM,
  type ScrapeAuth,
  type ScrapeAuthenticator,
} from './scrape-auth.js';
export {
  ANY_PATH,
  createScrapeHandler,
  DEFAULT_MAX_CONCURRENT_SCRAPES,
  DEFAULT_MIN_COLLECTION_INTERVAL_MS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type ScrapeHandler,
  type ScrapeHandlerOptions,
  type ServerTls,
} from './scrape-handler.js';
export { type Environment, PROMETHEUS_SECURITY_ENV } from './scrape-security-config.js';
export { COLLECTIONS_METRIC_NAME } from './scrape-self-metrics.js';
export {
  DEFAULT_STANDALONE_PORT,
  type HandlerSource,
  type StandaloneServer,
  type StandaloneServerOptions,
  startServer,
} from './standalone-server.js';
