import { MAX_DURATION_MS } from '../duration.js';
import { ConfigError } from '../errors.js';
import type { Exporter } from '../export/exporter.js';

/** Most observations an exporter may ask core to keep per series between pushes. */
export const MAX_OBSERVATION_RESERVOIR = 100_000;

/** RFC 9110 `token`: what a header name may be made of. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * What Node.js accepts in a header value (tab, visible ASCII, obs-text): CR and LF would split the
 * header, and Node's `http` refuses them only when the request is sent, long after start-up.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Checks a record of HTTP headers from the Config (`opentelemetry.headers`, `prometheus.pushHeaders`):
 * token names, values Node.js can send. Values are not echoed in errors: they are often credentials.
 */
export function checkHttpHeaders(field: string, headers: unknown): void {
  if (headers === undefined) return;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
    throw new ConfigError(field, headers, 'must be an object of header names to string values');
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name))
      throw new ConfigError(`${field}.${name}`, name, 'is not a valid HTTP header name');
    if (typeof value !== 'string')
      throw new ConfigError(`${field}.${name}`, typeof value, 'must be a string');
    if (!HEADER_VALUE.test(value)) {
      throw new ConfigError(
        `${field}.${name}`,
        '[redacted]',
        'contains CR, LF or another control character, which no HTTP request may carry',
      );
    }
  }
}

/** A clock from the Config: an object with `now()` and `monotonic()` (see `@meterkit/core/testing`). */
export function checkClock(clock: unknown): void {
  if (clock === undefined) return;
  const candidate = clock as { now?: unknown; monotonic?: unknown } | null;
  if (
    typeof clock !== 'object' ||
    candidate === null ||
    typeof candidate.now !== 'function' ||
    typeof candidate.monotonic !== 'function'
  ) {
    throw new ConfigError('clock', clock, 'must be an object with now() and monotonic() methods');
  }
}

/** An entry of `Config.exporters`: a factory function, or an exporter (checked by {@link checkExporter}). */
export function checkExporterEntry(entry: unknown, index: number): void {
  if (typeof entry === 'function') return;
  checkExporter(entry, `exporters[${index}]`);
}

/**
 * An exporter, given in the Config or returned by a factory: `name`, `export()` and `shutdown()`,
 * and valid optional members. Checked at `createProvider`, so `exporters: [{}]` fails at start-up
 * rather than at the first flush.
 */
export function checkExporter(exporter: unknown, field: string): asserts exporter is Exporter {
  const shape = 'must be an exporter { name, export(snapshot), shutdown() } or a factory function';
  if (typeof exporter !== 'object' || exporter === null) throw new ConfigError(field, exporter, shape);
  const e = exporter as Record<string, unknown>;
  if (typeof e.name !== 'string' || e.name === '') throw new ConfigError(`${field}.name`, e.name, shape);
  for (const method of ['export', 'shutdown'] as const) {
    if (typeof e[method] !== 'function') throw new ConfigError(`${field}.${method}`, e[method], shape);
  }
  for (const method of ['handler', 'start'] as const) {
    if (e[method] !== undefined && typeof e[method] !== 'function')
      throw new ConfigError(`${field}.${method}`, e[method], 'must be a function when given');
  }
  const interval = e.exportIntervalMs;
  if (
    interval !== undefined &&
    (typeof interval !== 'number' || !(interval >= 0 && interval <= MAX_DURATION_MS))
  ) {
    throw new ConfigError(
      `${field}.exportIntervalMs`,
      interval,
      `must be 0 (never) or a number of milliseconds up to ${MAX_DURATION_MS}`,
    );
  }
  const reservoir = e.observationReservoir;
  if (
    reservoir !== undefined &&
    (!Number.isInteger(reservoir) ||
      (reservoir as number) < 0 ||
      (reservoir as number) > MAX_OBSERVATION_RESERVOIR)
  ) {
    throw new ConfigError(
      `${field}.observationReservoir`,
      reservoir,
      `must be an integer from 0 to ${MAX_OBSERVATION_RESERVOIR}`,
    );
  }
}
