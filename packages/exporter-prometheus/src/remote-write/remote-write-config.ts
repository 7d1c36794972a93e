import { readFileSync } from 'node:fs';
import type { CanonicalTags, ResolvedConfig } from '@meterkit/core';
import { ConfigError, configTypes, readConfigSection } from '@meterkit/core/exporter-kit';
import { checkSecret, checkUsername, type Environment } from '../scrape-security-config.js';
import { RESERVED_HEADERS } from './remote-write-client.js';
import { redactUrl } from './remote-write-error.js';

/** Environment variables the exporter reads itself, so secrets never need to sit in a Config. */
export const REMOTE_WRITE_ENV = {
  bearerToken: 'METERKIT_REMOTE_WRITE_BEARER_TOKEN',
  basicAuthUsername: 'METERKIT_REMOTE_WRITE_BASIC_AUTH_USERNAME',
  basicAuthPassword: 'METERKIT_REMOTE_WRITE_BASIC_AUTH_PASSWORD',
  caFile: 'METERKIT_REMOTE_WRITE_CA_FILE',
} as const;

/** Default most samples per request: about 100 KB of protobuf, well inside every receiver's limit. */
export const DEFAULT_MAX_SAMPLES_PER_REQUEST = 2_000;
/** Default queue bound: about eight minutes of 10,000 series pushed every 10 s. */
export const DEFAULT_MAX_QUEUED_SAMPLES = 500_000;

/** The validated `remoteWrite` section with defaults filled in. */
export interface ResolvedRemoteWriteSettings {
  readonly url: URL;
  readonly intervalMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly bearerToken: string | undefined;
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined;
  readonly timeoutMs: number;
  /** Static labels on every series (job, instance, …), sorted by name. */
  readonly labels: CanonicalTags;
  /** PEM CA certificate(s) trusted for an https URL. */
  readonly ca: string | undefined;
  readonly maxSamplesPerRequest: number;
  readonly maxQueuedSamples: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Exponential histograms as native histograms (receiver must accept them). */
  readonly nativeHistograms: boolean;
}

const FIELD = 'remoteWrite';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const REDACTED = '[redacted]';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveUrl(value: unknown, field = `${FIELD}.url`): URL {
  const example =
    'must be a URL such as "http://prometheus:9090/api/v1/write" (or METERKIT_REMOTE_WRITE_URL)';
  if (typeof value !== 'string') throw new ConfigError(field, value, example);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not parseable, so credentials cannot be told apart: show only that something was there.
    throw new ConfigError(field, value.includes('@') ? REDACTED : value, example);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(field, redactUrl(url), 'must use http or https');
  return url;
}

function checkHeaders(headers: Readonly<Record<string, string>>, hasAuth: boolean): void {
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if ((RESERVED_HEADERS as readonly string[]).includes(lower)) {
      throw new ConfigError(
        `${FIELD}.headers`,
        name,
        'is set by the remote-write protocol and cannot be replaced',
      );
    }
    if (lower === 'authorization' && hasAuth) {
      throw new ConfigError(`${FIELD}.headers`, name, 'conflicts with remoteWrite.bearerToken / basicAuth');
    }
  }
}

function sortedLabels(labels: Readonly<Record<string, string>>): CanonicalTags {
  for (const [key, entry] of Object.entries(labels)) {
    const field = `${FIELD}.labels.${key}`;
    if (!LABEL_NAME.test(key))
      throw new ConfigError(field, key, 'label names must match [a-zA-Z_][a-zA-Z0-9_]*');
    if (key.startsWith('__'))
      throw new ConfigError(field, key, 'label names starting with "__" are reserved');
    if (key === 'le' || key === 'quantile')
      throw new ConfigError(field, key, 'is written by histograms and summaries themselves');
    if (entry === '')
      throw new ConfigError(field, entry, 'must not be empty (remote write forbids empty values)');
  }
  return Object.keys(labels)
    .sort()
    .map((key) => ({ key, value: labels[key]! }));
}

function resolveAuth(section: { bearerToken?: unknown; basicAuth?: unknown }, env: Environment) {
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  const tokenValue = section.bearerToken ?? read(REMOTE_WRITE_ENV.bearerToken)?.trim();
  let basicValue = section.basicAuth;
  if (basicValue === undefined) {
    const username = read(REMOTE_WRITE_ENV.basicAuthUsername);
    const password = read(REMOTE_WRITE_ENV.basicAuthPassword);
    if ((username === undefined) !== (password === undefined)) {
      const missing =
        username === undefined ? REMOTE_WRITE_ENV.basicAuthUsername : REMOTE_WRITE_ENV.basicAuthPassword;
      throw new ConfigError(missing, undefined, 'must be set together with the other basic auth variable');
    }
    if (username !== undefined) basicValue = { username, password };
  }
  if (tokenValue !== undefined && basicValue !== undefined) {
    throw new ConfigError(`${FIELD}.bearerToken`, REDACTED, 'and remoteWrite.basicAuth cannot both be set');
  }
  const bearerToken =
    tokenValue === undefined ? undefined : checkSecret(tokenValue, `${FIELD}.bearerToken`, true);
  let basicAuth: ResolvedRemoteWriteSettings['basicAuth'];
  if (basicValue !== undefined) {
    if (!isRecord(basicValue))
      throw new ConfigError(`${FIELD}.basicAuth`, REDACTED, 'must be { username, password }');
    basicAuth = {
      username: checkUsername(basicValue.username, `${FIELD}.basicAuth.username`),
      password: checkSecret(basicValue.password, `${FIELD}.basicAuth.password`, false),
    };
  }
  return { bearerToken, basicAuth };
}

/** `tls.ca` is PEM text or a file path; `METERKIT_REMOTE_WRITE_CA_FILE` a file path. */
function resolveCa(value: unknown, env: Environment): string | undefined {
  const fromEnv = env[REMOTE_WRITE_ENV.caFile];
  if (value === undefined && (fromEnv === undefined || fromEnv === '')) return undefined;
  const field = value === undefined ? REMOTE_WRITE_ENV.caFile : `${FIELD}.tls.ca`;
  let ca = fromEnv;
  if (value !== undefined) {
    if (!isRecord(value) || typeof value.ca !== 'string')
      throw new ConfigError(`${FIELD}.tls`, value, 'must be { ca: PEM text or a file path }');
    ca = value.ca;
  }
  if (ca!.includes('-----BEGIN')) return ca;
  try {
    return readFileSync(ca!, 'utf8');
  } catch (error) {
    throw new ConfigError(field, ca, `cannot be read: ${(error as Error).message}`);
  }
}

/** The value as given: credentials, the CA and the URL are resolved with the environment afterwards. */
const asGiven = configTypes.custom((value) => value, true);
const secretStrings = configTypes.stringRecord({ secret: true });

/** Every key of the `remoteWrite` section, read by the exporter kit's {@link readConfigSection}. */
const REMOTE_WRITE_KEYS = {
  url: { type: asGiven },
  interval: { type: configTypes.duration() },
  headers: { type: secretStrings, default: {} },
  bearerToken: { type: asGiven },
  basicAuth: { type: asGiven },
  timeout: { type: configTypes.duration(), default: 30_000 },
  labels: { type: secretStrings, default: {} },
  tls: { type: asGiven },
  maxSamplesPerRequest: { type: configTypes.integer(1), default: DEFAULT_MAX_SAMPLES_PER_REQUEST },
  maxQueuedSamples: { type: configTypes.integer(1) },
  minBackoff: { type: configTypes.duration(), default: 30 },
  maxBackoff: { type: configTypes.duration(), default: 5_000 },
  nativeHistograms: { type: configTypes.boolean(), default: false },
} as const;

/** Every key `remoteWrite` accepts; anything else is most likely a typo. */
export const REMOTE_WRITE_CONFIG_KEYS = Object.keys(REMOTE_WRITE_KEYS) as ReadonlyArray<
  keyof typeof REMOTE_WRITE_KEYS
>;

/**
 * Validates the `remoteWrite` section; each problem is a `ConfigError` naming the field, with
 * secrets (tokens, passwords, URL credentials, header values) never echoed. Credentials and the CA
 * file may also come from the `METERKIT_REMOTE_WRITE_*` variables of `env` (see {@link REMOTE_WRITE_ENV}).
 */
export function resolveRemoteWriteSettings(
  config: ResolvedConfig,
  env: Environment = process.env,
): ResolvedRemoteWriteSettings {
  // A mistyped key may hold a token (`bearerTokn: '…'`): no unknown value is echoed.
  const section = readConfigSection(FIELD, config.remoteWrite, REMOTE_WRITE_KEYS, { redactUnknown: 'all' });
  const auth = resolveAuth(section, env);
  const { maxSamplesPerRequest } = section;
  const maxQueuedSamples =
    section.maxQueuedSamples ?? Math.max(DEFAULT_MAX_QUEUED_SAMPLES, maxSamplesPerRequest);
  if (maxQueuedSamples < maxSamplesPerRequest)
    throw new ConfigError(
      `${FIELD}.maxQueuedSamples`,
      maxQueuedSamples,
      `must be an integer of at least ${maxSamplesPerRequest} (remoteWrite.maxSamplesPerRequest)`,
    );
  if (section.maxBackoff < section.minBackoff)
    throw new ConfigError(
      `${FIELD}.maxBackoff`,
      config.remoteWrite?.maxBackoff,
      'must not be shorter than remoteWrite.minBackoff',
    );
  checkHeaders(section.headers, auth.bearerToken !== undefined || auth.basicAuth !== undefined);
  return {
    url: resolveUrl(section.url),
    intervalMs: section.interval ?? config.flushIntervalMs,
    headers: section.headers,
    ...auth,
    timeoutMs: section.timeout,
    labels: sortedLabels(section.labels),
    ca: resolveCa(section.tls, env),
    maxSamplesPerRequest,
    maxQueuedSamples,
    minBackoffMs: section.minBackoff,
    maxBackoffMs: section.maxBackoff,
    nativeHistograms: section.nativeHistograms,
  };
}
