import { ConfigError } from '@meterkit/core';
import type { LogEntry } from './metric-formatter.js';

/**
 * Marks a sink function made by {@link pinoSink} or {@link winstonSink}. `Symbol.for` so that the
 * ESM and CJS builds of this package recognise each other's sinks.
 */
export const LOGGER_ADAPTER: unique symbol = Symbol.for('@meterkit/exporter-logger.adapter') as never;

/** What the exporter needs from a logging library. */
export interface LoggerAdapter {
  readonly library: 'pino' | 'winston';
  /** The level given to the adapter, or `undefined` to use the Config's `logger.level`. */
  readonly level: string | undefined;
  hasLevel(level: string): boolean;
  /** Logs one entry: its record as fields when it has one, else its line as the message. */
  log(level: string, entry: LogEntry): void;
  /** Waits until buffered records are written (pino's asynchronous destinations). */
  flush(): Promise<void>;
}

/**
 * A sink backed by a logging library. It is also a plain `(line) => void` (logging the line at the
 * adapter's level), so it fits the Config's `logger.sink`; the exporter recognises it and logs JSON
 * records as structured fields instead of as a string.
 */
export type LoggerSink = ((line: string) => void) & { readonly [LOGGER_ADAPTER]: LoggerAdapter };

/** The part of a pino `Logger` this package uses (pino is an optional peer dependency). */
export interface PinoLikeLogger {
  info(obj: object, msg?: string): void;
  flush?(callback?: (error?: Error) => void): void;
}

/** The part of a winston `Logger` this package uses (winston is an optional peer dependency). */
export interface WinstonLikeLogger {
  log(level: string, message: string, meta?: object): unknown;
  readonly levels: Readonly<Record<string, number>>;
}

/** How long shutdown waits for pino to flush before giving up, so `stop()` cannot hang on a stuck stream. */
const FLUSH_TIMEOUT_MS = 2_000;

/**
 * Logs metrics through a pino logger: with the JSON format each series is one pino record whose
 * fields are the series (`metric`, `type`, `tags`, `value`…) and whose `msg` is the metric name;
 * other formats log each line as the message. `level` defaults to the Config's `logger.level`.
 *
 * @throws ConfigError when the logger has no such level.
 */
export function pinoSink(logger: PinoLikeLogger, level?: string): LoggerSink {
  const methods = logger as unknown as Record<string, unknown> & {
    levels?: { values?: Record<string, number> };
  };
  const adapter: LoggerAdapter = {
    library: 'pino',
    level,
    hasLevel: (name) =>
      typeof methods[name] === 'function' &&
      (methods.levels?.values === undefined || methods.levels.values[name] !== undefined),
    log(name, entry) {
      const method = methods[name] as (obj: object, msg?: string) => void;
      if (entry.record) method.call(logger, entry.record, entry.record.metric);
      else method.call(logger, {}, entry.line);
    },
    flush: () =>
      new Promise<void>((resolve, reject) => {
        if (typeof logger.flush !== 'function') return resolve();
        const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
        timer.unref();
        logger.flush((error) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        });
      }),
  };
  return makeLoggerSink(adapter);
}

/**
 * Logs metrics through a winston logger: with the JSON format each series is one winston entry
 * whose message is the metric name and whose metadata is the series; other formats log each line
 * as the message. `level` defaults to the Config's `logger.level`.
 *
 * @throws ConfigError when the logger has no such level.
 */
export function winstonSink(logger: WinstonLikeLogger, level?: string): LoggerSink {
  const adapter: LoggerAdapter = {
    library: 'winston',
    level,
    hasLevel: (name) => logger.levels !== undefined && Object.hasOwn(logger.levels, name),
    log(name, entry) {
      if (entry.record) logger.log(name, entry.record.metric, { ...entry.record });
      else logger.log(name, entry.line);
    },
    // Winston transports own their buffering; the application closes the logger it created.
    flush: async () => {},
  };
  return makeLoggerSink(adapter);
}

function makeLoggerSink(adapter: LoggerAdapter): LoggerSink {
  if (adapter.level !== undefined) assertLevel(adapter, adapter.level);
  const sink = (line: string): void => adapter.log(adapter.level ?? 'info', { line });
  return Object.assign(sink, { [LOGGER_ADAPTER]: adapter });
}

/** Throws a {@link ConfigError} naming `logger.level` when the adapter's logger lacks `level`. */
export function assertLevel(adapter: LoggerAdapter, level: string): void {
  if (!adapter.hasLevel(level)) {
    throw new ConfigError('logger.level', level, `the ${adapter.library} logger has no such level`);
  }
}

/** The adapter behind a sink made by {@link pinoSink} or {@link winstonSink}, if it is one. */
export function loggerAdapterOf(sink: (line: string) => void): LoggerAdapter | undefined {
  return (sink as Partial<LoggerSink>)[LOGGER_ADAPTER];
}
