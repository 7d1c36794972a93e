import type { LoggerConfig, ResolvedConfig } from '@meterkit/core';
import { ConfigError, configTypes, readConfigSection } from '@meterkit/core/exporter-kit';

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
const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.5, 0.99]);
const DEFAULT_EXPONENTIAL_QUANTILES: readonly number[] = Object.freeze([0.5, 0.9, 0.99]);

/** Quantiles in [0, 1], deduplicated and sorted; the error names the whole list and the bad item. */
const quantileList = configTypes.custom((value, field): readonly number[] => {
  if (!Array.isArray(value)) throw new ConfigError(field, value, 'must be an array of numbers in [0, 1]');
  for (const q of value) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new ConfigError(field, value, `contains ${String(q)}; every quantile must be a number in [0, 1]`);
    }
  }
  return Object.freeze([...new Set(value as number[])].sort((a, b) => a - b));
});

/** Every key of the `logger` section, read by the exporter kit's {@link readConfigSection}. */
const LOGGER_KEYS = {
  format: { type: configTypes.oneOf(FORMATS), default: 'json' },
  sink: {
    type: configTypes.function<(line: string) => void>(
      'must be a function (line: string) => void, e.g. pinoSink(logger)',
    ),
  },
  level: {
    type: configTypes.string({ hint: 'must be a non-empty level name such as "info"' }),
    default: 'info',
  },
  temporality: { type: configTypes.oneOf(TEMPORALITIES), default: 'cumulative' },
  onlyChanged: { type: configTypes.boolean(), default: false },
  interval: { type: configTypes.duration() },
  quantiles: { type: quantileList },
} as const;

/**
 * Validates the `logger` section and fills in defaults. Throws a `ConfigError` naming the field
 * (e.g. `logger.format`) for a bad value or an unknown key, so a typo fails at start-up.
 */
export function resolveLoggerOptions(
  config: Pick<ResolvedConfig, 'logger' | 'flushIntervalMs'>,
): LoggerExporterOptions {
  const section = readConfigSection('logger', config.logger, LOGGER_KEYS);
  return Object.freeze({
    format: section.format as LogFormat,
    sink: section.sink,
    level: section.level,
    temporality: section.temporality as LogTemporality,
    onlyChanged: section.onlyChanged,
    intervalMs: section.interval ?? config.flushIntervalMs,
    quantiles: section.quantiles ?? DEFAULT_QUANTILES,
    exponentialQuantiles: section.quantiles ?? DEFAULT_EXPONENTIAL_QUANTILES,
  });
}
