/**
 * Every error meterkit throws on bad input carries a stable `code` and names the bad value, so that
 * a misconfiguration is found at start-up rather than in a dashboard weeks later.
 */

/** An invalid metric name (Prometheus rules: `[a-zA-Z_:][a-zA-Z0-9_:]*`). */
export class InvalidMetricNameError extends TypeError {
  readonly code = 'METERKIT_INVALID_METRIC_NAME';
  constructor(
    readonly metricName: unknown,
    reason: string,
  ) {
    super(`Invalid metric name ${describe(metricName)}: ${reason}`);
    this.name = 'InvalidMetricNameError';
  }
}

/** An invalid tag key or tag value. */
export class InvalidTagError extends TypeError {
  readonly code = 'METERKIT_INVALID_TAG';
  constructor(
    readonly tag: unknown,
    reason: string,
  ) {
    super(`Invalid tag ${describe(tag)}: ${reason}`);
    this.name = 'InvalidTagError';
  }
}

/** A name already registered with another metric type. */
export class MetricTypeConflictError extends TypeError {
  readonly code = 'METERKIT_METRIC_TYPE_CONFLICT';
  constructor(
    readonly metricName: string,
    readonly existingType: string,
    readonly requestedType: string,
  ) {
    super(
      `Metric "${metricName}" is already registered as a ${existingType}; it cannot also be a ${requestedType}`,
    );
    this.name = 'MetricTypeConflictError';
  }
}

/** A metric or callback registered twice under one name and tag set. */
export class DuplicateMetricError extends Error {
  readonly code = 'METERKIT_DUPLICATE_METRIC';
  constructor(
    readonly metricName: string,
    detail: string,
  ) {
    super(`Metric "${metricName}" is already registered${detail ? `: ${detail}` : ''}`);
    this.name = 'DuplicateMetricError';
  }
}

/** Invalid options given when creating a metric (buckets, quantiles, window). */
export class InvalidMetricOptionsError extends TypeError {
  readonly code = 'METERKIT_INVALID_OPTIONS';
  constructor(
    readonly metricName: string,
    readonly option: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid ${option} for metric "${metricName}": ${describe(value)} ${reason}`);
    this.name = 'InvalidMetricOptionsError';
  }
}

/** One bad field of a {@link Config}. `field` is its path, e.g. `statsd.maxPacketSize`. */
export class ConfigError extends TypeError {
  readonly code = 'METERKIT_INVALID_CONFIG';
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid config ${field}=${describe(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * A value given to a recording method (`inc`, `add`, `set`, `sub`, `observe`, `record`) that is not a
 * JavaScript number: a string, bigint, undefined, object. Nothing is recorded. (API.md, "Values at the
 * boundary": a string written into a scrape makes Prometheus drop the whole target.)
 */
export class InvalidValueError extends TypeError {
  readonly code = 'METERKIT_INVALID_VALUE';
  constructor(
    readonly metricName: string,
    readonly method: string,
    readonly value: unknown,
  ) {
    super(
      `${method}() of metric "${metricName}" needs a number, got ${typeName(value)} ${describe(value)}; nothing was recorded`,
    );
    this.name = 'InvalidValueError';
  }
}

/**
 * A number a metric kind cannot record: a negative, NaN or infinite counter increment, or NaN given to
 * a histogram, timer or summary. Nothing is recorded.
 */
export class ValueOutOfRangeError extends RangeError {
  readonly code = 'METERKIT_VALUE_OUT_OF_RANGE';
  constructor(
    readonly metricName: string,
    readonly method: string,
    readonly value: number,
    reason: string,
  ) {
    super(`${method}(${describe(value)}) of metric "${metricName}": ${reason}; nothing was recorded`);
    this.name = 'ValueOutOfRangeError';
  }
}

/** The exporter package a configured backend needs is not installed. */
export class MissingExporterError extends Error {
  readonly code = 'METERKIT_MISSING_EXPORTER';
  constructor(
    readonly provider: string,
    readonly packageName: string,
    cause?: unknown,
  ) {
    super(
      `Provider "${provider}" needs the package ${packageName}, which could not be loaded. ` +
        `Install it next to @meterkit/core: npm install ${packageName}`,
      { cause },
    );
    this.name = 'MissingExporterError';
  }
}

/** An exporter that did not finish within its timeout. Reported to the error handler. */
export class ExportTimeoutError extends Error {
  readonly code = 'METERKIT_EXPORT_TIMEOUT';
  constructor(
    readonly exporter: string,
    readonly timeoutMs: number,
  ) {
    super(`Exporter "${exporter}" did not finish within ${timeoutMs} ms`);
    this.name = 'ExportTimeoutError';
  }
}

/** `typeof`, with `null` and arrays told apart, for error messages. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Renders a bad value for an error message without throwing on cycles or huge strings. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  // A function's source text is no help in a message and may be long.
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (value instanceof Map) return `[Map of ${value.size}]`;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    // Cycles, throwing getters or toJSON, proxies: describing a bad value must never throw itself.
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return '[unprintable value]';
    }
  }
}
