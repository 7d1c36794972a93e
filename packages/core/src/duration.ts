import { ConfigError } from './errors.js';

/**
 * The longest duration meterkit accepts: 2^31 - 1 ms (about 24.8 days), the longest delay Node.js
 * timers support. Node turns a longer one into 1 ms with only a warning, so `flushInterval: '600h'`
 * would export about 1,000 times a second and an `exportTimeout` that long would time out at once.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * Parses a duration given as milliseconds (a number or a digit string) or as `"15s"`, `"500ms"`,
 * `"1.5m"`, `"2h"`, up to {@link MAX_DURATION_MS}. Throws a {@link ConfigError} naming `field` for
 * anything else.
 */
export function parseDuration(value: number | string, field: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0)
      throw new ConfigError(field, value, 'must be a positive number of milliseconds');
    return checkTimerRange(value, value, field);
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
  return checkTimerRange(ms, value, field);
}

function checkTimerRange(ms: number, given: number | string, field: string): number {
  if (ms > MAX_DURATION_MS) {
    throw new ConfigError(
      field,
      given,
      `is longer than ${MAX_DURATION_MS} ms (about 24.8 days), the longest timer Node.js can set`,
    );
  }
  return ms;
}
