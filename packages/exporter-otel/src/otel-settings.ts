import { ConfigError, parseDuration, type ResolvedConfig } from '@meterkit/core';
import { resolveCollectorUrl } from './collector-url.js';
import type { Temporality } from './otel-data-points.js';
import type { OtlpProtocol } from './otlp-serializer.js';

/** Environment variables, as `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The `opentelemetry.prometheus` option: the SDK's Prometheus exporter fed by meterkit. */
export interface PrometheusSettings {
  /** When set, a server listens on this port; otherwise only `handler()` serves the text. */
  readonly port: number | undefined;
  /** Interface to listen on. Default `127.0.0.1` (the SDK's own exporter listens on every interface). */
  readonly host: string | undefined;
  readonly endpoint: string;
}

/** The validated `opentelemetry` section. */
export interface OtelSettings {
  /** Undefined: the SDK resolves `OTEL_EXPORTER_OTLP_(METRICS_)ENDPOINT` or its default. */
  readonly collectorUrl: string | undefined;
  /** False when only the Prometheus option is wanted (see {@link resolveOtelSettings}). */
  readonly push: boolean;
  readonly exportIntervalMs: number;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly insecure: boolean;
  readonly temporality: Temporality;
  readonly protocol: OtlpProtocol;
  /** Undefined: the SDK reads `OTEL_EXPORTER_OTLP_(METRICS_)COMPRESSION`. */
  readonly compression: 'gzip' | 'none' | undefined;
  /** Undefined: the SDK reads `OTEL_EXPORTER_OTLP_(METRICS_)TIMEOUT`. */
  readonly timeoutMs: number | undefined;
  readonly prometheus: PrometheusSettings | undefined;
}

const KNOWN_KEYS = new Set([
  'collectorUrl',
  'exportInterval',
  'resourceAttributes',
  'headers',
  'insecure',
  'temporality',
  'protocol',
  'compression',
  'timeout',
  'prometheus',
]);

/**
 * Validates the `opentelemetry` section. Options given in code win over the standard variables:
 * `OTEL_EXPORTER_OTLP_(METRICS_)PROTOCOL` and `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`
 * are read here; endpoint, headers, timeout and compression variables are read by the SDK's
 * exporter when the matching option is absent.
 * With `prometheus` set and no collector configured (option or endpoint variable), nothing is
 * pushed: a Prometheus-only setup must not post to a default `localhost:4318` forever.
 */
export function resolveOtelSettings(config: ResolvedConfig, env: Environment): OtelSettings {
  const section = config.opentelemetry as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!KNOWN_KEYS.has(key) && section[key] !== undefined) {
      throw new ConfigError(
        `opentelemetry.${key}`,
        section[key],
        `is not an option (known: ${[...KNOWN_KEYS].join(', ')})`,
      );
    }
  }
  const insecure = optionalBoolean(section.insecure, 'opentelemetry.insecure') ?? false;
  const collectorUrl =
    section.collectorUrl === undefined ? undefined : resolveCollectorUrl(section.collectorUrl, insecure);
  const prometheus = prometheusSettings(section.prometheus);
  const envEndpoint =
    envValue(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') ?? envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return {
    collectorUrl,
    push: prometheus === undefined || collectorUrl !== undefined || envEndpoint !== undefined,
    exportIntervalMs:
      section.exportInterval === undefined
        ? config.flushIntervalMs
        : parseDuration(section.exportInterval as number | string, 'opentelemetry.exportInterval'),
    resourceAttributes: stringRecord(section.resourceAttributes, 'opentelemetry.resourceAttributes'),
    headers: stringRecord(section.headers, 'opentelemetry.headers'),
    insecure,
    temporality: temporality(section.temporality, env),
    protocol: protocol(section.protocol, env),
    compression: oneOf(section.compression, 'opentelemetry.compression', ['gzip', 'none'] as const),
    timeoutMs:
      section.timeout === undefined
        ? undefined
        : parseDuration(section.timeout as number | string, 'opentelemetry.timeout'),
    prometheus,
  };
}

function temporality(value: unknown, env: Environment): Temporality {
  const given = oneOf(value, 'opentelemetry.temporality', ['cumulative', 'delta'] as const);
  if (given) return given;
  const name = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';
  const fromEnv = envValue(env, name)?.toLowerCase();
  if (fromEnv === undefined || fromEnv === 'cumulative') return 'cumulative';
  // `lowmemory` makes counters and histograms delta and keeps the rest cumulative: for meterkit's
  // types (gauges have no temporality) that is exactly `delta`.
  if (fromEnv === 'delta' || fromEnv === 'lowmemory') return 'delta';
  throw new ConfigError(name, fromEnv, 'must be cumulative, delta or lowmemory');
}

function protocol(value: unknown, env: Environment): OtlpProtocol {
  const given = oneOf(value, 'opentelemetry.protocol', ['http/json', 'http/protobuf'] as const);
  if (given) return given;
  for (const name of ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const fromEnv = envValue(env, name);
    if (fromEnv === undefined) continue;
    if (fromEnv === 'http/json' || fromEnv === 'http/protobuf') return fromEnv;
    throw new ConfigError(name, fromEnv, 'must be http/protobuf or http/json (OTLP/gRPC is not supported)');
  }
  return 'http/protobuf';
}

function prometheusSettings(value: unknown): PrometheusSettings | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { port: undefined, host: undefined, endpoint: '/metrics' };
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(
      'opentelemetry.prometheus',
      value,
      'must be true or an object { port?, host?, endpoint? }',
    );
  }
  const { port, host, endpoint, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    throw new ConfigError(
      `opentelemetry.prometheus.${unknown}`,
      rest[unknown],
      'is not an option (known: port, host, endpoint)',
    );
  }
  if (
    port !== undefined &&
    (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
  ) {
    throw new ConfigError('opentelemetry.prometheus.port', port, 'must be an integer from 1 to 65535');
  }
  if (host !== undefined && (typeof host !== 'string' || host === '')) {
    throw new ConfigError('opentelemetry.prometheus.host', host, 'must be a host name or address');
  }
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !endpoint.startsWith('/'))) {
    throw new ConfigError('opentelemetry.prometheus.endpoint', endpoint, 'must be a path starting with "/"');
  }
  return { port, host, endpoint: endpoint ?? '/metrics' };
}

function stringRecord(value: unknown, field: string): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(field, value, 'must be an object of string values');
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new ConfigError(`${field}.${key}`, entry, 'must be a string');
  }
  return { ...(value as Record<string, string>) };
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ConfigError(field, value, 'must be true or false');
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(field, value, `must be one of ${allowed.map((v) => `"${v}"`).join(', ')}`);
}

/** A variable's trimmed value; empty counts as unset, as in the SDK's `getStringFromEnv`. */
function envValue(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
