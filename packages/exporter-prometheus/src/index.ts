/**
 * @meterkit/exporter-prometheus: Prometheus text 0.0.4 and OpenMetrics 1.0 exposition, the pull
 * handler, an optional standalone server, and a Pushgateway client.
 * @packageDocumentation
 */

export { type ExpositionSerializer, serializeExposition } from './collected-exposition.js';
export { acceptsGzip, type ExpositionFormatName, negotiateFormat } from './content-negotiation.js';
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
  type PushgatewayAuth,
  PushgatewayClient,
  type PushgatewayClientOptions,
  type PushOptions,
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
