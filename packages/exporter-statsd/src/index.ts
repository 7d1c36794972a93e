/**
 * @meterkit/exporter-statsd: meterkit metrics to StatsD, DogStatsD and Telegraf daemons, through
 * hot-shots. Select it with `createProvider({ provider: 'statsd', statsd: { ... } })`.
 * @packageDocumentation
 */
import type { ExporterContext, ExporterFactory } from '@meterkit/core';
import { resolveStatsdConfig } from './statsd-config.js';
import { StatsdExporter } from './statsd-exporter.js';

/**
 * The factory `createProvider` calls for `provider: 'statsd'`. Validates the `statsd` section
 * (throwing a `ConfigError` naming the field) and returns an exporter that opens no socket until its
 * first flush.
 */
export const createExporter: ExporterFactory = (context: ExporterContext) =>
  new StatsdExporter({
    config: resolveStatsdConfig(context.config),
    onError: context.onError,
  });

export { PacketBuffer } from './packet-buffer.js';
export type { StatsdEndpoint } from './statsd-address.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SOCKET_PATH,
  describeEndpoint,
  parseStatsdAddress,
} from './statsd-address.js';
export type {
  DistributionType,
  ResolvedStatsdConfig,
  StatsdExporterConfig,
  StatsdFlavor,
} from './statsd-config.js';
export {
  DEFAULT_MAX_SAMPLES_PER_SERIES,
  DEFAULT_STREAM_PACKET_SIZE,
  DEFAULT_UDP_PACKET_SIZE,
  resolveStatsdConfig,
} from './statsd-config.js';
export { StatsdLineTooLongError, StatsdSendError } from './statsd-errors.js';
export type { StatsdExporterOptions } from './statsd-exporter.js';
export { StatsdExporter } from './statsd-exporter.js';
export type { SeriesLine, StatsdNamingOptions } from './statsd-line-formatter.js';
export { formatLine, StatsdLineFormatter } from './statsd-line-formatter.js';
export type { PacketSink, StatsdClientFactory } from './statsd-transport.js';
export { StatsdTransport } from './statsd-transport.js';
