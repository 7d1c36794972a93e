import { ConfigError } from '../errors.js';
import { validateTagKey } from '../tags.js';
import type { Config, ProviderName } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a {@link Config} from `METERKIT_*` variables so a deployment swaps backends with no code
 * change. Fields of `base` are kept unless a variable overrides them. Every variable is documented in
 * the README; a malformed one is a `ConfigError` naming the variable.
 *
 * `METERKIT_PROVIDER=prometheus,statsd` · `METERKIT_ENABLED` · `METERKIT_NAMESPACE` · `METERKIT_SUBSYSTEM` ·
 * `METERKIT_TAGS=env=prod,region=eu` · `METERKIT_ENDPOINT` · `METERKIT_FLUSH_INTERVAL=15s` · `METERKIT_CARDINALITY_LIMIT` ·
 * `METERKIT_RUNTIME_METRICS` · `METERKIT_SYSTEM_METRICS` · `METERKIT_PROMETHEUS_*` (PATH, PUSHGATEWAY,
 * PUSH_INTERVAL, PUSH_JOB_NAME, OPENMETRICS, MIN_COLLECTION_INTERVAL, MAX_RESPONSE_BYTES; credentials
 * and TLS files, BASIC_AUTH_USERNAME/PASSWORD, BEARER_TOKEN, TLS_KEY_FILE/TLS_CERT_FILE, are read by
 * @meterkit/exporter-prometheus itself so they never sit in a Config object) · `METERKIT_OTEL_*` (COLLECTOR_URL, EXPORT_INTERVAL, PROTOCOL,
 * TEMPORALITY, HEADERS, INSECURE, RESOURCE_ATTRIBUTES) · `METERKIT_STATSD_*` (ADDRESS, FLUSH_PERIOD,
 * MAX_PACKET_SIZE, SAMPLE_RATE, PROTOCOL, FLAVOR) · `METERKIT_LOGGER_*` (FORMAT, LEVEL).
 */
export function configFromEnv(env: Env = process.env, base: Partial<Config> = {}): Config {
  const read = (name: string) => {
    const value = env[`METERKIT_${name}`];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const config: Config = { ...base, provider: base.provider ?? 'memory' };
  const provider = read('PROVIDER');
  if (provider !== undefined) {
    const names = provider
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean) as ProviderName[];
    config.provider = names.length === 1 ? names[0]! : names;
  }
  setIf(config, 'enabled', bool(read('ENABLED'), 'METERKIT_ENABLED'));
  setIf(config, 'namespace', read('NAMESPACE'));
  setIf(config, 'subsystem', read('SUBSYSTEM'));
  setIf(config, 'tags', tagPairs(read('TAGS')));
  setIf(config, 'endpoint', read('ENDPOINT'));
  setIf(config, 'flushInterval', read('FLUSH_INTERVAL'));
  setIf(config, 'cardinalityLimit', num(read('CARDINALITY_LIMIT'), 'METERKIT_CARDINALITY_LIMIT'));
  setIf(config, 'enableRuntimeMetrics', bool(read('RUNTIME_METRICS'), 'METERKIT_RUNTIME_METRICS'));
  setIf(config, 'enableSystemMetrics', bool(read('SYSTEM_METRICS'), 'METERKIT_SYSTEM_METRICS'));

  config.prometheus = section(base.prometheus, {
    path: read('PROMETHEUS_PATH'),
    pushGateway: read('PROMETHEUS_PUSHGATEWAY'),
    pushInterval: read('PROMETHEUS_PUSH_INTERVAL'),
    pushJobName: read('PROMETHEUS_PUSH_JOB_NAME'),
    openMetrics: bool(read('PROMETHEUS_OPENMETRICS'), 'METERKIT_PROMETHEUS_OPENMETRICS'),
    minCollectionInterval: read('PROMETHEUS_MIN_COLLECTION_INTERVAL'),
    maxResponseBytes: num(read('PROMETHEUS_MAX_RESPONSE_BYTES'), 'METERKIT_PROMETHEUS_MAX_RESPONSE_BYTES'),
  });
  config.opentelemetry = section(base.opentelemetry, {
    collectorUrl: read('OTEL_COLLECTOR_URL'),
    exportInterval: read('OTEL_EXPORT_INTERVAL'),
    protocol: read('OTEL_PROTOCOL') as 'http/json' | 'http/protobuf' | undefined,
    temporality: read('OTEL_TEMPORALITY') as 'cumulative' | 'delta' | undefined,
    headers: pairs(read('OTEL_HEADERS'), 'METERKIT_OTEL_HEADERS'),
    insecure: bool(read('OTEL_INSECURE'), 'METERKIT_OTEL_INSECURE'),
    resourceAttributes: pairs(read('OTEL_RESOURCE_ATTRIBUTES'), 'METERKIT_OTEL_RESOURCE_ATTRIBUTES'),
  });
  config.statsd = section(base.statsd, {
    address: read('STATSD_ADDRESS'),
    flushPeriod: read('STATSD_FLUSH_PERIOD'),
    maxPacketSize: num(read('STATSD_MAX_PACKET_SIZE'), 'METERKIT_STATSD_MAX_PACKET_SIZE'),
    sampleRate: num(read('STATSD_SAMPLE_RATE'), 'METERKIT_STATSD_SAMPLE_RATE'),
    protocol: read('STATSD_PROTOCOL') as 'udp' | 'tcp' | 'uds' | undefined,
    flavor: read('STATSD_FLAVOR') as 'etsy' | 'datadog' | 'telegraf' | undefined,
  });
  config.logger = section(base.logger, {
    format: read('LOGGER_FORMAT') as 'json' | 'logfmt' | 'table' | undefined,
    level: read('LOGGER_LEVEL'),
  });
  for (const key of ['prometheus', 'opentelemetry', 'statsd', 'logger'] as const) {
    if (config[key] === undefined) delete config[key];
  }
  return config;
}

function setIf<K extends keyof Config>(config: Config, key: K, value: Config[K] | undefined): void {
  if (value !== undefined) config[key] = value;
}

/** Merges defined fields over a base section; undefined when nothing is set. */
function section<T extends object>(base: T | undefined, fromEnv: Partial<T>): T | undefined {
  const defined = Object.fromEntries(
    Object.entries(fromEnv).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
  if (base === undefined && Object.keys(defined).length === 0) return undefined;
  return { ...base, ...defined } as T;
}

function bool(value: string | undefined, variable: string): boolean | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(variable, value, 'must be true/false, 1/0, yes/no or on/off');
}

function num(value: string | undefined, variable: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigError(variable, value, 'must be a number');
  return parsed;
}

/** `k=v,k2=v2` → record; values may contain `=`; keys and values are trimmed and URL-decoded (as OTEL_RESOURCE_ATTRIBUTES). */
function pairs(value: string | undefined, variable: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const record: Record<string, string> = {};
  for (const part of value.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw new ConfigError(variable, value, `has "${part}", expected key=value pairs separated by commas`);
    let key: string;
    let entry: string;
    try {
      key = decodeURIComponent(part.slice(0, eq).trim());
      entry = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(variable, value, `has a malformed percent-encoding in "${part}"`);
    }
    // `record[key] = …` with the key "__proto__" would set the prototype and drop the pair silently;
    // an own property keeps it, so the tag validation can name it.
    Object.defineProperty(record, key, {
      value: entry,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return record;
}

/** `METERKIT_TAGS`, with every key checked here so the error names the variable. */
function tagPairs(value: string | undefined): Record<string, string> | undefined {
  const record = pairs(value, 'METERKIT_TAGS');
  if (record === undefined) return undefined;
  for (const key of Object.keys(record)) {
    try {
      validateTagKey(key);
    } catch (error) {
      throw new ConfigError('METERKIT_TAGS', value, (error as Error).message);
    }
  }
  return record;
}
