import type { ResolvedConfig } from '@meterkit/core';
import { ConfigError, configTypes, readConfigSection, redactUrl } from '@meterkit/core/exporter-kit';
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

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Default grouping `job` when `pushJobName` is not set. */
export const DEFAULT_PUSH_JOB = 'meterkit';

function groupingKeyProblem(key: string): string | undefined {
  if (!LABEL_NAME.test(key)) return 'grouping label names must match [a-zA-Z_][a-zA-Z0-9_]*';
  if (key === 'job') return 'the job is set with prometheus.pushJobName, not as a grouping label';
  if (key.startsWith('__')) return 'label names starting with "__" are reserved';
  return undefined;
}

function resolveAuth(value: unknown, name: string): PushgatewayAuth {
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

function resolveGatewayUrl(value: unknown, name: string): string {
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

/** The value as given: `scrapeAuth` and `tls` are resolved with the environment afterwards. */
const asGiven = configTypes.custom((value) => value, true);

/** The Pushgateway keys: they mean something only with `pushGateway` set. */
const PUSH_KEYS = [
  'pushInterval',
  'pushJobName',
  'groupings',
  'pushAuth',
  'pushHeaders',
  'pushTimeout',
  'pushRetries',
  'deleteOnStop',
] as const;

/** Every key of the `prometheus` section, read by the exporter kit's {@link readConfigSection}. */
const PROMETHEUS_KEYS = {
  path: {
    type: configTypes.string({ hint: 'must be a path starting with "/"' }),
    validate: (path: string) => (path.startsWith('/') ? undefined : 'must be a path starting with "/"'),
  },
  openMetrics: { type: configTypes.boolean(), default: true },
  utf8Names: { type: configTypes.boolean(), default: false },
  createdTimestamps: { type: configTypes.boolean(), default: false },
  gzip: { type: configTypes.boolean(), default: true },
  scrapeAuth: { type: asGiven },
  tls: { type: asGiven },
  // 0 is allowed here: no reuse, only a collection in flight is shared.
  minCollectionInterval: {
    type: configTypes.duration({ allowZero: true }),
    default: DEFAULT_MIN_COLLECTION_INTERVAL_MS,
  },
  maxResponseBytes: { type: configTypes.integer(1024, Number.MAX_SAFE_INTEGER, 'bytes') },
  maxConcurrentScrapes: { type: configTypes.integer(1), default: DEFAULT_MAX_CONCURRENT_SCRAPES },
  responseTimeout: { type: configTypes.duration(), default: DEFAULT_RESPONSE_TIMEOUT_MS },
  selfMetrics: { type: configTypes.boolean(), default: true },
  pushGateway: { type: configTypes.custom(resolveGatewayUrl) },
  pushInterval: { type: configTypes.duration() },
  pushJobName: { type: configTypes.string(), default: DEFAULT_PUSH_JOB },
  groupings: { type: configTypes.stringRecord({ key: groupingKeyProblem }), default: {} },
  pushAuth: { type: configTypes.custom(resolveAuth, true) },
  pushHeaders: { type: configTypes.stringRecord(), default: {} },
  pushTimeout: { type: configTypes.duration(), default: 10_000 },
  pushRetries: { type: configTypes.integer(0, 10), default: 3 },
  deleteOnStop: { type: configTypes.boolean(), default: false },
} as const;

/** Every key the `prometheus` section accepts; anything else is most likely a typo. */
export const PROMETHEUS_CONFIG_KEYS = Object.keys(PROMETHEUS_KEYS) as ReadonlyArray<
  keyof typeof PROMETHEUS_KEYS
>;

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
  const section = readConfigSection('prometheus', config.prometheus, PROMETHEUS_KEYS);
  const given = (config.prometheus ?? {}) as Record<string, unknown>;
  let push: ResolvedPushSettings | undefined;
  if (section.pushGateway === undefined) {
    const orphan = PUSH_KEYS.find((key) => given[key] !== undefined);
    if (orphan !== undefined)
      throw new ConfigError(`prometheus.${orphan}`, given[orphan], 'needs prometheus.pushGateway to be set');
  } else {
    push = {
      url: section.pushGateway,
      job: section.pushJobName,
      groupings: section.groupings,
      intervalMs: section.pushInterval ?? config.flushIntervalMs,
      auth: section.pushAuth,
      headers: section.pushHeaders,
      timeoutMs: section.pushTimeout,
      retries: section.pushRetries,
      deleteOnStop: section.deleteOnStop,
    };
  }
  return {
    // Core resolved `endpoint ?? prometheus.path ?? '/metrics'` already; both names mean the same.
    path: config.endpoint,
    openMetrics: section.openMetrics,
    utf8Names: section.utf8Names,
    createdTimestamps: section.createdTimestamps,
    gzip: section.gzip,
    push,
    scrapeAuth: resolveScrapeAuth(section.scrapeAuth, env),
    tls: resolveServerTls(section.tls, env),
    minCollectionIntervalMs: section.minCollectionInterval,
    maxResponseBytes: section.maxResponseBytes,
    maxConcurrentScrapes: section.maxConcurrentScrapes,
    responseTimeoutMs: section.responseTimeout,
    selfMetrics: section.selfMetrics,
  };
}
