import { ConfigError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Parses a duration given as milliseconds (a number or a digit string) or as `"15s"`, `"500ms"`,
 * `"1.5m"`, `"2h"`. Throws a {@link ConfigError} naming `field` for anything else.
 */
export function parseDuration(value: number | string, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0)
      throw new ConfigError(field, value, 'must be a positive number of milliseconds');
    return value;
  }
  if (typeof value !== 'string')
    throw new ConfigError(field, value, 'must be milliseconds or a string like "15s"');
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return parseDuration(Number(trimmed), field);
  const match = DURATION.exec(trimmed);
  if (!match)
    throw new ConfigError(field, value, 'must be milliseconds or a duration like "500ms", "15s", "1m", "2h"');
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ms <= 0) throw new ConfigError(field, value, 'must be longer than zero');
  return ms;
}
