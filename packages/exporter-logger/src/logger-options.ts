import type { LoggerConfig, ResolvedConfig } from '@meterkit/core';
import { ConfigError, parseDuration } from '@meterkit/core';

/** The three output formats. */
export type LogFormat = 'json' | 'logfmt' | 'table';

/** `cumulative`: values since the start, like Prometheus. `delta`: only what happened since the previous flush. */
export type LogTemporality = 'cumulative' | 'delta';

/**
 * The `logger` section of the Config as this package reads it: core's {@link LoggerConfig} plus the
 * extras documented here. Use it with `satisfies` to get the extras type-checked.
 */
export interface LoggerExporterConfig extends LoggerConfig {
  /** Default `'json'`: one JSON object per series per flush, what log pipelines ingest. */
  format?: LogFormat;
  /** Where lines go. Default: stdout. Pass `pinoSink(logger)` or `winstonSink(logger)` for a logging library. */
  sink?: (line: string) => void;
  /** Level for pino/winston sinks that were created without one. Default `'info'`. */
  level?: string;
  /** Default `'cumulative'`. In `'delta'` counters, histogram counts/sums/buckets and summary counts/sums are per flush. */
  temporality?: LogTemporality;
  /** Log only the series that are new or changed since the previous flush. Default `false`. */
  onlyChanged?: boolean;
  /** Flush period for this exporter (ms or `"5s"`). Default: the Config's `flushInterval`. */
  interval?: number | string;
  /**
   * Quantiles estimated from histogram and timer buckets. Default `[0.5, 0.99]`, and
   * `[0.5, 0.9, 0.99]` for exponential histograms (whose buckets are fine enough for p90).
   */
  quantiles?: readonly number[];
}

/** The validated `logger` section with every default filled in. */
export interface LoggerExporterOptions {
  readonly format: LogFormat;
  readonly sink: ((line: string) => void) | undefined;
  readonly level: string;
  readonly temporality: LogTemporality;
  readonly onlyChanged: boolean;
  readonly intervalMs: number;
  readonly quantiles: readonly number[];
  /** The quantiles of exponential histograms: `quantiles` when given, else p50, p90 and p99. */
  readonly exponentialQuantiles: readonly number[];
}

const FORMATS: readonly LogFormat[] = ['json', 'logfmt', 'table'];
const TEMPORALITIES: readonly LogTemporality[] = ['cumulative', 'delta'];
const KNOWN_KEYS = ['format', 'sink', 'level', 'temporality', 'onlyChanged', 'interval', 'quantiles'];
const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.5, 0.99]);
const DEFAULT_EXPONENTIAL_QUANTILES: readonly number[] = Object.freeze([0.5, 0.9, 0.99]);

/**
 * Validates the `logger` section and fills in defaults. Throws a `ConfigError` naming the field
 * (e.g. `logger.format`) for a bad value or an unknown key, so a typo fails at start-up.
 */
export function resolveLoggerOptions(
  config: Pick<ResolvedConfig, 'logger' | 'flushIntervalMs'>,
): LoggerExporterOptions {
  const section: unknown = config.logger ?? {};
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new ConfigError('logger', section, 'must be an object');
  }
  const raw = section as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key) && raw[key] !== undefined) {
      throw new ConfigError(
        `logger.${key}`,
        raw[key],
        `is not a logger option; expected one of ${KNOWN_KEYS.join(', ')}`,
      );
    }
  }
  return Object.freeze({
    format: oneOf(raw.format, FORMATS, 'json', 'logger.format'),
    sink: sinkOption(raw.sink),
    level: levelOption(raw.level),
    temporality: oneOf(raw.temporality, TEMPORALITIES, 'cumulative', 'logger.temporality'),
    onlyChanged: booleanOption(raw.onlyChanged, 'logger.onlyChanged'),
    intervalMs: raw.interval === undefined ? config.flushIntervalMs : intervalOption(raw.interval),
    quantiles: quantilesOption(raw.quantiles),
    exponentialQuantiles:
      raw.quantiles === undefined ? DEFAULT_EXPONENTIAL_QUANTILES : quantilesOption(raw.quantiles),
  });
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, field: string): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(field, value, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
}

function sinkOption(value: unknown): ((line: string) => void) | undefined {
  if (value === undefined || typeof value === 'function')
    return value as ((line: string) => void) | undefined;
  throw new ConfigError(
    'logger.sink',
    value,
    'must be a function (line: string) => void, e.g. pinoSink(logger)',
  );
}

function levelOption(value: unknown): string {
  if (value === undefined) return 'info';
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new ConfigError('logger.level', value, 'must be a non-empty level name such as "info"');
}

function booleanOption(value: unknown, field: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new ConfigError(field, value, 'must be true or false');
}

function intervalOption(value: unknown): number {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new ConfigError('logger.interval', value, 'must be milliseconds or a duration like "5s"');
  }
  return parseDuration(value, 'logger.interval');
}

function quantilesOption(value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_QUANTILES;
  if (!Array.isArray(value))
    throw new ConfigError('logger.quantiles', value, 'must be an array of numbers in [0, 1]');
  for (const q of value) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new ConfigError(
        'logger.quantiles',
        value,
        `contains ${String(q)}; every quantile must be a number in [0, 1]`,
      );
    }
  }
  return Object.freeze([...new Set(value as number[])].sort((a, b) => a - b));
}
