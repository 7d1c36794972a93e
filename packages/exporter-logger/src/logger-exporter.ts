import type { ErrorHandler, Exporter, Snapshot } from '@meterkit/core';
import { FlushReportBuilder } from './flush-report.js';
import { JsonLinesFormatter } from './json-lines-formatter.js';
import { LogfmtFormatter } from './logfmt-formatter.js';
import type { LogFormat, LoggerExporterOptions } from './logger-options.js';
import type { MetricFormatter } from './metric-formatter.js';
import { type LogSink, resolveSink } from './sinks.js';
import { TableFormatter } from './table-formatter.js';

/** The source name under which this exporter reports errors. */
const SOURCE = 'logger';

/** The formatter of each format name. */
export function formatterFor(format: LogFormat): MetricFormatter {
  switch (format) {
    case 'json':
      return new JsonLinesFormatter();
    case 'logfmt':
      return new LogfmtFormatter();
    case 'table':
      return new TableFormatter();
  }
}

/**
 * Writes each snapshot it is given as log lines. The provider calls `export()` every
 * `exportIntervalMs` and once more on `stop()`, then `shutdown()`. Nothing here starts a timer or
 * touches stdout before the first export, and nothing throws into the application: a failing sink
 * or formatter is reported to the error handler and the flush is dropped (logs are not retried).
 */
export class LoggerExporter implements Exporter {
  readonly name = SOURCE;
  readonly exportIntervalMs: number;
  private readonly reports: FlushReportBuilder;
  private readonly formatter: MetricFormatter;
  private readonly sink: LogSink;
  private closed = false;

  /** @throws ConfigError when a pino/winston sink has no such level as `options.level`. */
  constructor(
    options: LoggerExporterOptions,
    private readonly onError: ErrorHandler,
  ) {
    this.exportIntervalMs = options.intervalMs;
    this.reports = new FlushReportBuilder(options);
    this.formatter = formatterFor(options.format);
    this.sink = resolveSink(options.sink, options.level, (error) => this.onError(error, SOURCE));
  }

  async export(snapshot: Snapshot): Promise<void> {
    if (this.closed) return;
    try {
      const entries = this.formatter.format(this.reports.build(snapshot));
      if (entries.length > 0) this.sink.write(entries);
    } catch (error) {
      this.onError(asError(error), SOURCE);
    }
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.sink.flush();
    } catch (error) {
      this.onError(asError(error), SOURCE);
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
