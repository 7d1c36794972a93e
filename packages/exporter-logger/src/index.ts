import type { ExporterContext, ExporterFactory } from '@meterkit/core';
import { LoggerExporter } from './logger-exporter.js';
import { resolveLoggerOptions } from './logger-options.js';

/**
 * The entry point `createProvider({ provider: 'logger' })` loads: validates the Config's `logger`
 * section and returns an exporter that logs every flush.
 *
 * @throws ConfigError naming the bad `logger.*` field.
 */
export const createExporter: ExporterFactory = (context: ExporterContext) =>
  new LoggerExporter(resolveLoggerOptions(context.config), context.onError);

export type { FlushReport, FlushReportOptions, SeriesReport } from './flush-report.js';
export { FlushReportBuilder } from './flush-report.js';
export { JsonLinesFormatter } from './json-lines-formatter.js';
export { LogfmtFormatter, logfmtValue } from './logfmt-formatter.js';
export type { LoggerAdapter, LoggerSink, PinoLikeLogger, WinstonLikeLogger } from './logger-adapters.js';
export { pinoSink, winstonSink } from './logger-adapters.js';
export { formatterFor, LoggerExporter } from './logger-exporter.js';
export type {
  LogFormat,
  LoggerExporterConfig,
  LoggerExporterOptions,
  LogTemporality,
} from './logger-options.js';
export { resolveLoggerOptions } from './logger-options.js';
export type { LogEntry, MetricFormatter } from './metric-formatter.js';
export type { LoggedNumber, SeriesRecord } from './series-record.js';
export { quantileFieldName, seriesRecord } from './series-record.js';
export { SinkError } from './sinks.js';
export { shortNumber, TableFormatter } from './table-formatter.js';
