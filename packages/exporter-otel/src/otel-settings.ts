import { ConfigError, type ResolvedConfig } from '@meterkit/core';
import { configTypes, readConfigSection } from '@meterkit/core/exporter-kit';
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

/** Every key of the `opentelemetry` section, read by the exporter kit's {@link readConfigSection}. */
const OTEL_KEYS = {
  // Checked by resolveCollectorUrl, which needs `insecure` too.
  collectorUrl: { type: configTypes.custom((value) => value) },
  exportInterval: { type: configTypes.duration() },
  resourceAttributes: { type: configTypes.stringRecord(), default: {} },
  // Header values are often credentials: never echoed in an error.
  headers: { type: configTypes.stringRecord({ secret: true }), default: {} },
  insecure: { type: configTypes.boolean(), default: false },
  temporality: { type: configTypes.oneOf(['cumulative', 'delta']) },
  protocol: { type: configTypes.oneOf(['http/json', 'http/protobuf']) },
  compression: { type: configTypes.oneOf(['gzip', 'none']) },
  timeout: { type: configTypes.duration() },
  prometheus: { type: configTypes.custom(prometheusSettings) },
} as const;

/**
 * Validates the `opentelemetry` section. Options given in code win over the standard variables:
 * `OTEL_EXPORTER_OTLP_(METRICS_)PROTOCOL` and `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`
 * are read here; endpoint, headers, timeout and compression variables are read by the SDK's
 * exporter when the matching option is absent.
 * With `prometheus` set and no collector configured (option or endpoint variable), nothing is
 * pushed: a Prometheus-only setup must not post to a default `localhost:4318` forever.
 */
export function resolveOtelSettings(config: ResolvedConfig, env: Environment): OtelSettings {
  const section = readConfigSection('opentelemetry', config.opentelemetry, OTEL_KEYS);
  const insecure = section.insecure;
  const collectorUrl =
    section.collectorUrl === undefined ? undefined : resolveCollectorUrl(section.collectorUrl, insecure);
  const prometheus = section.prometheus;
  const envEndpoint =
    envValue(env, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT') ?? envValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return {
    collectorUrl,
    push: prometheus === undefined || collectorUrl !== undefined || envEndpoint !== undefined,
    exportIntervalMs: section.exportInterval ?? config.flushIntervalMs,
    resourceAttributes: section.resourceAttributes,
    headers: section.headers,
    insecure,
    temporality: section.temporality ?? temporalityFromEnv(env),
    protocol: section.protocol ?? protocolFromEnv(env),
    compression: section.compression,
    timeoutMs: section.timeout,
    prometheus,
  };
}

/** `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`, when the option is absent. */
function temporalityFromEnv(env: Environment): Temporality {
  const name = 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE';
  const fromEnv = envValue(env, name)?.toLowerCase();
  if (fromEnv === undefined || fromEnv === 'cumulative') return 'cumulative';
  // `lowmemory` makes counters and histograms delta and keeps the rest cumulative: for meterkit's
  // types (gauges have no temporality) that is exactly `delta`.
  if (fromEnv === 'delta' || fromEnv === 'lowmemory') return 'delta';
  throw new ConfigError(name, fromEnv, 'must be cumulative, delta or lowmemory');
}

/** `OTEL_EXPORTER_OTLP_(METRICS_)PROTOCOL`, when the option is absent. */
function protocolFromEnv(env: Environment): OtlpProtocol {
  for (const name of ['OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const fromEnv = envValue(env, name);
    if (fromEnv === undefined) continue;
    if (fromEnv === 'http/json' || fromEnv === 'http/protobuf') return fromEnv;
    throw new ConfigError(name, fromEnv, 'must be http/protobuf or http/json (OTLP/gRPC is not supported)');
  }
  return 'http/protobuf';
}

/** The `opentelemetry.prometheus` option: `true`, `false` or `{ port?, host?, endpoint? }`. */
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

/** A variable's trimmed value; empty counts as unset, as in the SDK's `getStringFromEnv`. */
function envValue(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
