/**
 * @meterkit/exporter-prometheus: Prometheus text 0.0.4, OpenMetrics 1.0 and protobuf exposition
 * (native histograms), the pull handler, an optional standalone server, and a Pushgateway client.
 * @packageDocumentation
 */
export {
  acceptsGzip,
  type ExpositionFormatName,
  type NegotiableFormats,
  negotiateFormat,
} from './content-negotiation.js';
export { ExpositionTooLargeError } from './exposition-too-large-error.js';
export { DEFAULT_LINES_PER_CHUNK, type SerializeOptions } from './exposition-writer.js';
export { escapeLabelValue, escapeOpenMetricsHelp, escapeTextHelp } from './label-escaping.js';
export { type ExposedNames, exposedNames } from './metric-naming.js';
export { formatCanonicalFloat, formatSampleValue } from './number-format.js';
export {
  OPENMETRICS_CONTENT_TYPE,
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
  prometheusTextChunks,
  serializePrometheusText,
} from './prometheus-serializer.js';
export {
  PROMETHEUS_PROTOBUF_CONTENT_TYPE,
  protobufExpositionChunks,
  serializeProtobufExposition,
} from './protobuf/protobuf-exposition.js';
export {
  type PushgatewayAuth,
  PushgatewayClient,
  type PushgatewayClientOptions,
} from './pushgateway-client.js';
export { PushgatewayError } from './pushgateway-error.js';
export { encodeGroupingComponent, groupingPath } from './pushgateway-url.js';
export {
  createScrapeAuthenticator,
  SCRAPE_AUTH_REALM,
  type ScrapeAuth,
  type ScrapeAuthenticator,
} from './scrape-auth.js';
export {
  ANY_PATH,
  createScrapeHandler,
  type ScrapeHandler,
  type ScrapeHandlerOptions,
  type ServerTls,
} from './scrape-handler.js';
export { type Environment, PROMETHEUS_SECURITY_ENV } from './scrape-security-config.js';
export {
  DEFAULT_STANDALONE_PORT,
  type HandlerSource,
  type StandaloneServer,
  type StandaloneServerOptions,
  startServer,
} from './standalone-server.js';
