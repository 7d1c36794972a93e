import { ConfigError, parseDuration, type ResolvedConfig, redactUrl } from '@meterkit/core';
import type { PushgatewayAuth } from './pushgateway-client.js';
import type { ScrapeAuth } from './scrape-auth.js';
import {
  DEFAULT_MAX_CONCURRENT_SCRAPES,
  DEFAULT_MIN_COLLECTION_INTERVAL_MS,
  DEFAULT_RESPONSE_TIMEOUT_MS,
  type ServerTls,
} from './scrape-handler.js';
import {
  checkSecret,
  checkUsername,
  type Environment,
  resolveScrapeAuth,
  resolveServerTls,
} from './scrape-security-config.js';

/** The Pushgateway half of the exporter's settings, present only when `pushGateway` is set. */
export interface ResolvedPushSettings {
  readonly url: string;
  readonly job: string;
  readonly groupings: Readonly<Record<string, string>>;
  readonly intervalMs: number;
  readonly auth: PushgatewayAuth | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly deleteOnStop: boolean;
}

/** The validated `prometheus` section of a Config, with defaults filled in. */
export interface ResolvedPrometheusSettings {
  readonly path: string;
  readonly openMetrics: boolean;
  /** Serve quoted UTF-8 names to scrapers that accept them (`escaping=allow-utf-8`). */
  readonly utf8Names: boolean;
  /** OpenMetrics `_created` lines from each series' start time. */
  readonly createdTimestamps: boolean;
  readonly gzip: boolean;
  readonly push: ResolvedPushSettings | undefined;
  /** Credentials scrapes must carry (Config or environment); undefined: none. */
  readonly scrapeAuth: ScrapeAuth | undefined;
  /** Key and certificate for `startServer` (Config or environment); undefined: plain HTTP. */
  readonly tls: ServerTls | undefined;
  /** How long a collection is reused for later scrapes; 0: only concurrent scrapes share one. */
  readonly minCollectionIntervalMs: number;
  /** Most uncompressed bytes of a scrape response; undefined: no limit. */
  readonly maxResponseBytes: number | undefined;
  /** Most GET scrapes in progress at once; one more is answered 503. */
  readonly maxConcurrentScrapes: number;
  /** How long writing one response may take before the reader is cut off. */
  readonly responseTimeoutMs: number;
  /** Whether scrapes carry `meterkit_prometheus_collections_total`. */
  readonly selfMetrics: boolean;
}

/** Every key the `prometheus` section accepts; anything else is most likely a typo. */
export const PROMETHEUS_CONFIG_KEYS = [
  'path',
  'openMetrics',
  'utf8Names',
  'createdTimestamps',
  'gzip',
  'scrapeAuth',
  'tls',
  'minCollectionInterval',
  'maxResponseBytes',
  'maxConcurrentScrapes',
  'responseTimeout',
  'selfMetrics',
  'pushGateway',
  'pushInterval',
  'pushJobName',
  'groupings',
  'pushAuth',
  'pushHeaders',
  'pushTimeout',
  'pushRetries',
  'deleteOnStop',
] as const;

const KNOWN_KEYS = new Set<string>(PROMETHEUS_CONFIG_KEYS);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Default grouping `job` when `pushJobName` is not set. */
export const DEFAULT_PUSH_JOB = 'meterkit';

function field(name: string): string {
  return `prometheus.${name}`;
}

function optionalBoolean(section: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = section[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(field(name), value, 'must be true or false');
  return value;
}

function stringRecord(
  section: Record<string, unknown>,
  name: string,
  keyRule?: (key: string) => string | undefined,
) {
  const value = section[name];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(field(name), value, 'must be an object of strings');
  }
  const record: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw new ConfigError(`${field(name)}.${key}`, entry, 'must be a string');
    const problem = keyRule?.(key);
    if (problem !== undefined) throw new ConfigError(`${field(name)}.${key}`, key, problem);
    record[key] = entry;
  }
  return record;
}

function groupingKeyProblem(key: string): string | undefined {
  if (!LABEL_NAME.test(key)) return 'grouping label names must match [a-zA-Z_][a-zA-Z0-9_]*';
  if (key === 'job') return 'the job is set with prometheus.pushJobName, not as a grouping label';
  if (key.startsWith('__')) return 'label names starting with "__" are reserved';
  return undefined;
}

function resolveAuth(value: unknown): PushgatewayAuth | undefined {
  if (value === undefined) return undefined;
  const name = field('pushAuth');
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(name, value, 'must be { username, password } or { bearerToken }');
  }
  const auth = value as Record<string, unknown>;
  // Blank or control-character credentials would fail every push (or split its headers) much later.
  if (auth.bearerToken !== undefined && auth.username === undefined && auth.password === undefined)
    return { bearerToken: checkSecret(auth.bearerToken, `${name}.bearerToken`, true) };
  if (auth.username !== undefined && auth.password !== undefined && auth.bearerToken === undefined) {
    const username = checkUsername(auth.username, `${name}.username`);
    return { username, password: checkSecret(auth.password, `${name}.password`, false) };
  }
  throw new ConfigError(
    name,
    '[redacted]',
    'must be { username, password } or { bearerToken } with string values',
  );
}

function resolveGatewayUrl(value: unknown): string {
  const name = field('pushGateway');
  if (typeof value !== 'string')
    throw new ConfigError(name, value, 'must be a URL such as "http://localhost:9091"');
  // The URL may carry credentials (`user:pass@`) or a token in its query: never echoed.
  const shown = redactUrl(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, shown, 'must be a URL such as "http://localhost:9091"');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(name, shown, 'must use http or https');
  return value;
}

function resolvePush(
  section: Record<string, unknown>,
  config: ResolvedConfig,
): ResolvedPushSettings | undefined {
  if (section.pushGateway === undefined) {
    const orphan = [
      'pushInterval',
      'pushJobName',
      'groupings',
      'pushAuth',
      'pushHeaders',
      'pushTimeout',
      'pushRetries',
      'deleteOnStop',
    ].find((key) => section[key] !== undefined);
    if (orphan !== undefined)
      throw new ConfigError(field(orphan), section[orphan], 'needs prometheus.pushGateway to be set');
    return undefined;
  }
  const job = section.pushJobName ?? DEFAULT_PUSH_JOB;
  if (typeof job !== 'string' || job === '')
    throw new ConfigError(field('pushJobName'), job, 'must be a non-empty string');
  const retries = section.pushRetries ?? 3;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new ConfigError(field('pushRetries'), retries, 'must be an integer from 0 to 10');
  }
  return {
    url: resolveGatewayUrl(section.pushGateway),
    job,
    groupings: stringRecord(section, 'groupings', groupingKeyProblem),
    intervalMs:
      section.pushInterval === undefined
        ? config.flushIntervalMs
        : parseDuration(section.pushInterval as number | string, field('pushInterval')),
    auth: resolveAuth(section.pushAuth),
    headers: stringRecord(section, 'pushHeaders'),
    timeoutMs:
      section.pushTimeout === undefined
        ? 10_000
        : parseDuration(section.pushTimeout as number | string, field('pushTimeout')),
    retries,
    deleteOnStop: optionalBoolean(section, 'deleteOnStop', false),
  };
}

function resolveMinCollectionInterval(value: unknown): number {
  if (value === undefined) return DEFAULT_MIN_COLLECTION_INTERVAL_MS;
  // 0 is allowed here (parseDuration rejects it): no reuse, only a collection in flight is shared.
  if (value === 0 || value === '0') return 0;
  return parseDuration(value as number | string, field('minCollectionInterval'));
}

function resolveMaxConcurrentScrapes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_CONCURRENT_SCRAPES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(field('maxConcurrentScrapes'), value, 'must be a positive integer');
  }
  return value;
}

function resolveMaxResponseBytes(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1024) {
    throw new ConfigError(field('maxResponseBytes'), value, 'must be an integer of at least 1024 (bytes)');
  }
  return value;
}

/**
 * Validates the `prometheus` section in full; each problem is a `ConfigError` naming the field
 * (`prometheus.pushInterval`) and the bad value. The handler path is the Config's `endpoint`, which
 * core already derived from `prometheus.path` when only that was given. `scrapeAuth` and `tls`
 * fall back to the `METERKIT_PROMETHEUS_*` variables of `env` (see `PROMETHEUS_SECURITY_ENV`).
 */
export function resolvePrometheusSettings(
  config: ResolvedConfig,
  env: Environment = process.env,
): ResolvedPrometheusSettings {
  const section = (config.prometheus ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(section)) {
    if (!KNOWN_KEYS.has(key)) {
      // The value of a mistyped key may hold credentials (`scrapeAuht: { … }`): objects are not echoed.
      const value = section[key];
      throw new ConfigError(
        field(key),
        typeof value === 'object' && value !== null ? '[redacted]' : value,
        `is not a known option (known: ${PROMETHEUS_CONFIG_KEYS.join(', ')})`,
      );
    }
  }
  if (section.path !== undefined && (typeof section.path !== 'string' || !section.path.startsWith('/'))) {
    throw new ConfigError(field('path'), section.path, 'must be a path starting with "/"');
  }
  return {
    // Core resolved `endpoint ?? prometheus.path ?? '/metrics'` already; both names mean the same.
    path: config.endpoint,
    openMetrics: optionalBoolean(section, 'openMetrics', true),
    utf8Names: optionalBoolean(section, 'utf8Names', false),
    createdTimestamps: optionalBoolean(section, 'createdTimestamps', false),
    gzip: optionalBoolean(section, 'gzip', true),
    push: resolvePush(section, config),
    scrapeAuth: resolveScrapeAuth(section.scrapeAuth, env),
    tls: resolveServerTls(section.tls, env),
    minCollectionIntervalMs: resolveMinCollectionInterval(section.minCollectionInterval),
    maxResponseBytes: resolveMaxResponseBytes(section.maxResponseBytes),
    maxConcurrentScrapes: resolveMaxConcurrentScrapes(section.maxConcurrentScrapes),
    responseTimeoutMs:
      section.responseTimeout === undefined
        ? DEFAULT_RESPONSE_TIMEOUT_MS
        : parseDuration(section.responseTimeout as number | string, field('responseTimeout')),
    selfMetrics: optionalBoolean(section, 'selfMetrics', true),
  };
}
