import { parseDuration } from '../duration.js';
import { ConfigError } from '../errors.js';

/**
 * How one key of a Config section is read: checks an unknown value and returns it typed, or throws
 * a {@link ConfigError}. Build them with {@link configTypes}; `read` is also the escape hatch for a
 * value no ready-made type fits.
 */
export interface ConfigType<T> {
  /** Checks `value` (never `undefined`) found at `field` (e.g. `statsd.flavor`). */
  read(value: unknown, field: string): T;
  /** The value is a credential (or may hold one): never echoed in an error. */
  readonly secret?: boolean;
}

/** One row of a key table: the key's type, and whether it is required or has a default. */
export interface ConfigKey<T> {
  readonly type: ConfigType<T>;
  /** A missing key is an error (`is required`). */
  readonly required?: boolean;
  /** The value when the key is missing. */
  readonly default?: T;
  /**
   * A further check of a well-typed value, e.g. a range that depends on the key. Returns why the
   * value is wrong (the error's reason), or `undefined` when it is fine.
   */
  readonly validate?: (value: T) => string | undefined;
}

/** A section's key table: every key the section accepts, and nothing else. */
// biome-ignore lint/suspicious/noExplicitAny: a row of any value type; `validate` makes ConfigKey<T> invariant, so `unknown` would refuse every typed row.
export type ConfigKeyTable = Readonly<Record<string, ConfigKey<any>>>;

/** What {@link readConfigSection} returns: each key typed, `undefined` only where it may be missing. */
export type ConfigSectionValues<Table extends ConfigKeyTable> = {
  readonly [K in keyof Table]: Table[K] extends ConfigKey<infer T>
    ? Table[K] extends { readonly required: true } | { readonly default: unknown }
      ? T
      : T | undefined
    : never;
};

/** How to treat what the table does not describe. */
export interface ReadSectionOptions {
  /**
   * Hide the value of an unknown key in the error: `'objects'` (default) hides objects and arrays,
   * which may hold credentials (`scrapeAuht: { … }`); `'all'` hides every value.
   */
  readonly redactUnknown?: 'objects' | 'all';
}

const REDACTED = '[redacted]';

/**
 * Reads one backend's Config section (`config.statsd`, `config.logger`…) by a key table: unknown
 * keys are refused (a typo fails at start-up), required keys checked, defaults filled in, and every
 * value checked by its type and validator. Every problem is a {@link ConfigError} naming the field
 * (`statsd.maxPacketSize`) and the bad value (`[redacted]` for secrets), in one wording:
 * `Invalid config statsd.flavor="x": must be one of "etsy", "datadog", "telegraf"`.
 * An unknown key whose value is `undefined` is ignored (`{ ...defaults, typo: undefined }` is harmless).
 */
export function readConfigSection<const Table extends ConfigKeyTable>(
  sectionName: string,
  section: unknown,
  table: Table,
  options: ReadSectionOptions = {},
): ConfigSectionValues<Table> {
  const raw = section ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(sectionName, raw, 'must be an object');
  const values = raw as Record<string, unknown>;
  const known = Object.keys(table);
  for (const key of Object.keys(values)) {
    if (Object.hasOwn(table, key) || values[key] === undefined) continue;
    const value = values[key];
    const hidden = options.redactUnknown === 'all' || (typeof value === 'object' && value !== null);
    throw new ConfigError(
      `${sectionName}.${key}`,
      hidden ? REDACTED : value,
      `is not a known field of ${sectionName}; use one of ${known.join(', ')}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const key of known) {
    const spec = table[key]!;
    const field = `${sectionName}.${key}`;
    const value = values[key];
    if (value === undefined) {
      if (spec.required === true) throw new ConfigError(field, value, 'is required');
      out[key] = spec.default;
      continue;
    }
    const read = spec.type.read(value, field);
    const problem = spec.validate?.(read);
    if (problem !== undefined) throw new ConfigError(field, spec.type.secret ? REDACTED : value, problem);
    out[key] = read;
  }
  return out as ConfigSectionValues<Table>;
}

/** Throws the one {@link ConfigError} wording unless `ok`. */
function check(ok: boolean, field: string, value: unknown, reason: string): void {
  if (!ok) throw new ConfigError(field, value, reason);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** The ready-made {@link ConfigType}s a key table is written with. */
export const configTypes = {
  /** `true` or `false`. */
  boolean: (): ConfigType<boolean> => ({
    read(value, field) {
      check(typeof value === 'boolean', field, value, 'must be true or false');
      return value as boolean;
    },
  }),
  /** A non-blank string, trimmed when `trim` is set. */
  string: (options: { trim?: boolean; hint?: string } = {}): ConfigType<string> => ({
    read(value, field) {
      const ok = typeof value === 'string' && value.trim() !== '';
      check(ok, field, value, options.hint ?? 'must be a non-empty string');
      return options.trim ? (value as string).trim() : (value as string);
    },
  }),
  /** One of a fixed list of strings. */
  oneOf: <const T extends string>(allowed: readonly T[]): ConfigType<T> => ({
    read(value, field) {
      const list = allowed.map((a) => `"${a}"`).join(', ');
      check((allowed as readonly unknown[]).includes(value), field, value, `must be one of ${list}`);
      return value as T;
    },
  }),
  /** A safe integer from `min` to `max` (inclusive); `unit` names what it counts in the message. */
  integer: (min: number, max = Number.MAX_SAFE_INTEGER, unit?: string): ConfigType<number> => ({
    read(value, field) {
      const what = unit === undefined ? 'an integer' : `an integer number of ${unit}`;
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      check(isInteger(value) && value >= min && value <= max, field, value, `must be ${what} ${range}`);
      return value as number;
    },
  }),
  /** A number in `(min, max]` when `exclusiveMin`, else `[min, max]`. */
  number: (min: number, max: number, options: { exclusiveMin?: boolean } = {}): ConfigType<number> => ({
    read(value, field) {
      const low = options.exclusiveMin ? `greater than ${min}` : `at least ${min}`;
      const ok =
        typeof value === 'number' && (options.exclusiveMin ? value > min : value >= min) && value <= max;
      check(ok, field, value, `must be a number ${low} and at most ${max}`);
      return value as number;
    },
  }),
  /** Milliseconds or a duration string (`"5s"`), read by core's `parseDuration`; `0` too when `allowZero`. */
  duration: (options: { allowZero?: boolean } = {}): ConfigType<number> => ({
    read(value, field) {
      if (options.allowZero && (value === 0 || value === '0')) return 0;
      check(
        typeof value === 'number' || typeof value === 'string',
        field,
        value,
        'must be milliseconds or a duration like "5s"',
      );
      return parseDuration(value as number | string, field);
    },
  }),
  /** A function; `hint` shows its expected shape. */
  function: <F extends (...args: never[]) => unknown>(hint = 'must be a function'): ConfigType<F> => ({
    read(value, field) {
      check(typeof value === 'function', field, value, hint);
      return value as F;
    },
  }),
  /** An array whose every item `item` accepts (checked with the field `section.key[i]`). */
  array: <T>(item: ConfigType<T>): ConfigType<T[]> => ({
    read(value, field) {
      check(Array.isArray(value), field, value, 'must be an array');
      return (value as unknown[]).map((entry, i) => item.read(entry, `${field}[${i}]`));
    },
  }),
  /**
   * An object of string values (headers, labels). Values are not echoed when `secret` (header
   * values are often credentials); `key` may refuse a key, returning why.
   */
  stringRecord: (
    options: { secret?: boolean; key?: (key: string) => string | undefined } = {},
  ): ConfigType<Record<string, string>> => ({
    secret: options.secret,
    read(value, field) {
      const shown = (v: unknown) => (options.secret ? REDACTED : v);
      const isRecord = typeof value === 'object' && value !== null && !Array.isArray(value);
      check(isRecord, field, shown(value), 'must be an object of strings');
      const record: Record<string, string> = {};
      for (const [key, entry] of Object.entries(value as object)) {
        check(typeof entry === 'string', `${field}.${key}`, shown(entry), 'must be a string');
        const problem = options.key?.(key);
        if (problem !== undefined) throw new ConfigError(`${field}.${key}`, key, problem);
        record[key] = entry as string;
      }
      return record;
    },
  }),
  /** Any value a custom reader accepts: `read(value, field)` throws a ConfigError itself. */
  custom: <T>(read: (value: unknown, field: string) => T, secret = false): ConfigType<T> => ({
    read,
    secret,
  }),
};
