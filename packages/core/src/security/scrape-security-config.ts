import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '../errors.js';
import type { ScrapeAuth, ServerTls } from './scrape-auth.js';

/** Environment variables read when the Config leaves `scrapeAuth` or `tls` unset. */
export const PROMETHEUS_SECURITY_ENV = {
  basicAuthUsername: 'METERKIT_PROMETHEUS_BASIC_AUTH_USERNAME',
  basicAuthPassword: 'METERKIT_PROMETHEUS_BASIC_AUTH_PASSWORD',
  bearerToken: 'METERKIT_PROMETHEUS_BEARER_TOKEN',
  tlsKeyFile: 'METERKIT_PROMETHEUS_TLS_KEY_FILE',
  tlsCertFile: 'METERKIT_PROMETHEUS_TLS_CERT_FILE',
} as const;

/** Environment variables by name, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Secrets are never echoed in an error message. */
const REDACTED = '[redacted]';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** Exported for the Pushgateway's `pushAuth`, which follows the same rules. */
export function checkUsername(username: unknown, field: string): string {
  if (typeof username !== 'string' || username.trim() === '')
    throw new ConfigError(field, username, 'must be a non-blank string');
  // RFC 7617: the user-id cannot contain a colon, the password may.
  if (username.includes(':')) throw new ConfigError(field, username, 'must not contain ":"');
  return username;
}

/**
 * A password (`token` false) or bearer token. Blank is an error, never "no auth": a secret that failed
 * to reach the process must not turn scrape authentication off. CR, LF and other control characters
 * cannot travel in an HTTP header. Exported for the Pushgateway's `pushAuth`.
 */
export function checkSecret(secret: unknown, field: string, token: boolean): string {
  if (typeof secret !== 'string' || secret.trim() === '')
    throw new ConfigError(field, REDACTED, 'must be a non-blank string');
  if (token && /\s/.test(secret)) throw new ConfigError(field, REDACTED, 'must not contain whitespace');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\x00-\x1f\x7f]/.test(secret))
    throw new ConfigError(field, REDACTED, 'must not contain control characters such as CR or LF');
  return secret;
}

/**
 * A security variable's value. Set but empty or blank is an error, not "unset": it is a secret that
 * went missing on its way to the process (a template's `TOKEN=${UNDEFINED}`), and reading it as unset
 * would quietly turn scrape authentication (or TLS) off. Unset the variable to mean "none".
 */
function securityVariable(env: Environment, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '')
    throw new ConfigError(
      name,
      REDACTED,
      'is set but empty; unset it for no credentials, or give it a value',
    );
  return value;
}

function authFromConfig(value: unknown, field: string): ScrapeAuth {
  const shape = 'must be { basic: { username, password } } and/or { bearerToken }';
  if (!isRecord(value)) throw new ConfigError(field, value, shape);
  const unknownKey = Object.keys(value).find((key) => key !== 'basic' && key !== 'bearerToken');
  if (unknownKey !== undefined) throw new ConfigError(`${field}.${unknownKey}`, REDACTED, shape);
  if (value.basic === undefined && value.bearerToken === undefined)
    throw new ConfigError(field, value, shape);
  let basic: ScrapeAuth['basic'];
  if (value.basic !== undefined) {
    if (!isRecord(value.basic))
      throw new ConfigError(`${field}.basic`, REDACTED, 'must be { username, password }');
    basic = {
      username: checkUsername(value.basic.username, `${field}.basic.username`),
      password: checkSecret(value.basic.password, `${field}.basic.password`, false),
    };
  }
  const bearerToken =
    value.bearerToken === undefined
      ? undefined
      : checkSecret(value.bearerToken, `${field}.bearerToken`, true);
  return { ...(basic && { basic }), ...(bearerToken !== undefined && { bearerToken }) };
}

function authFromEnv(env: Environment): ScrapeAuth | undefined {
  const names = PROMETHEUS_SECURITY_ENV;
  const read = (name: string) => securityVariable(env, name);
  const username = read(names.basicAuthUsername);
  const password = read(names.basicAuthPassword);
  const token = read(names.bearerToken)?.trim();
  if ((username === undefined) !== (password === undefined)) {
    const missing = username === undefined ? names.basicAuthUsername : names.basicAuthPassword;
    throw new ConfigError(missing, undefined, 'must be set together with the other basic auth variable');
  }
  const basic =
    username === undefined
      ? undefined
      : {
          username: checkUsername(username, names.basicAuthUsername),
          password: checkSecret(password, names.basicAuthPassword, false),
        };
  const bearerToken =
    token === undefined || token === '' ? undefined : checkSecret(token, names.bearerToken, true);
  if (basic === undefined && bearerToken === undefined) return undefined;
  return { ...(basic && { basic }), ...(bearerToken !== undefined && { bearerToken }) };
}

/**
 * `prometheus.scrapeAuth` (or the option named by `field`, e.g. the dashboard's `scrapeAuth`), or
 * when it is unset, the `METERKIT_PROMETHEUS_BASIC_AUTH_*` and `METERKIT_PROMETHEUS_BEARER_TOKEN`
 * variables. Undefined: requests need no credentials.
 */
export function resolveScrapeAuth(
  value: unknown,
  env: Environment,
  field = 'prometheus.scrapeAuth',
): ScrapeAuth | undefined {
  return value === undefined ? authFromEnv(env) : authFromConfig(value, field);
}

/** A PEM value is used as is; any other string is a file path, read now so a bad path fails at start-up. */
function pemOrFile(value: unknown, field: string): string | Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(
      field,
      typeof value === 'string' ? value : REDACTED,
      'must be PEM text or a file path',
    );
  if (value.includes('-----BEGIN ')) return value;
  // Something that cannot be a path may be key material without its PEM armour: never echo it.
  const secretish = value.includes('\n') || value.length > 1024;
  try {
    return readFileSync(value);
  } catch (error) {
    // The fs message repeats the path: only its code is safe to show for a secret-looking value.
    const cause = error as NodeJS.ErrnoException;
    const reason = secretish ? (cause.code ?? 'unreadable') : cause.message;
    throw new ConfigError(
      field,
      secretish ? REDACTED : value,
      `is neither PEM text nor a readable file: ${reason}`,
    );
  }
}

/**
 * `prometheus.tls` (`{ key, cert }`, each PEM text or a file path), or when the Config leaves it
 * unset, `METERKIT_PROMETHEUS_TLS_KEY_FILE` and `METERKIT_PROMETHEUS_TLS_CERT_FILE`. The pair is
 * loaded into a TLS context once here, so a mismatched key and certificate is a ConfigError at
 * start-up rather than a failing handshake later.
 */
export function resolveServerTls(
  value: unknown,
  env: Environment,
  field = 'prometheus.tls',
): ServerTls | undefined {
  const names = PROMETHEUS_SECURITY_ENV;
  let tls: ServerTls;
  if (value === undefined) {
    const keyFile = securityVariable(env, names.tlsKeyFile);
    const certFile = securityVariable(env, names.tlsCertFile);
    if (keyFile === undefined && certFile === undefined) return undefined;
    if (keyFile === undefined || certFile === undefined) {
      const missing = keyFile === undefined ? names.tlsKeyFile : names.tlsCertFile;
      throw new ConfigError(missing, undefined, 'must be set together with the other TLS file variable');
    }
    tls = { key: pemOrFile(keyFile, names.tlsKeyFile), cert: pemOrFile(certFile, names.tlsCertFile) };
    field = `${names.tlsKeyFile}/${names.tlsCertFile}`;
  } else {
    if (!isRecord(value)) throw new ConfigError(field, REDACTED, 'must be { key, cert }');
    const unknownKey = Object.keys(value).find((key) => key !== 'key' && key !== 'cert');
    if (unknownKey !== undefined)
      throw new ConfigError(`${field}.${unknownKey}`, REDACTED, 'must be { key, cert }');
    tls = { key: pemOrFile(value.key, `${field}.key`), cert: pemOrFile(value.cert, `${field}.cert`) };
  }
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new ConfigError(
      field,
      REDACTED,
      `is not a usable key and certificate: ${(error as Error).message}`,
    );
  }
  return tls;
}
