import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';
import { ConfigError, InvalidMetricNameError } from './errors.js';
import { fullMetricName, validateMetricName } from './names.js';

describe('parseDuration', () => {
  it('reads milliseconds and unit strings', () => {
    expect(parseDuration(250, 'f')).toBe(250);
    expect(parseDuration('250', 'f')).toBe(250);
    expect(parseDuration('500ms', 'f')).toBe(500);
    expect(parseDuration('15s', 'f')).toBe(15_000);
    expect(parseDuration('1.5m', 'f')).toBe(90_000);
    expect(parseDuration('2h', 'f')).toBe(7_200_000);
  });

  it('rejects malformed, zero and negative durations naming the field', () => {
    for (const bad of ['15 parsecs', '', 's', '-5s', '0s', 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => parseDuration(bad as string, 'flushInterval')).toThrow(ConfigError);
    }
    expect(() => parseDuration('15 parsecs', 'flushInterval')).toThrow(/flushInterval="15 parsecs"/);
  });
});

describe('metric names', () => {
  it('joins namespace, subsystem and name, skipping empty parts', () => {
    expect(fullMetricName('app', 'api', 'requests_total')).toBe('app_api_requests_total');
    expect(fullMetricName(undefined, 'api', 'x')).toBe('api_x');
    expect(fullMetricName('app', undefined, 'x')).toBe('app_x');
  });

  it('accepts classic, dotted and UTF-8 names; refuses empty, control characters, lone surrogates, overlong', () => {
    for (const good of [
      'a',
      'a_b',
      'a:b',
      '_x',
      'X9',
      '9a',
      'a-b',
      'a b',
      'é',
      'http.server.request.duration',
    ])
      expect(() => validateMetricName(good)).not.toThrow();
    for (const bad of ['', 'a\nb', 'tab\there', '\u0000', 'x\u0085', 'lone\uD800', 'x.'.repeat(128), 42])
      expect(() => validateMetricName(bad)).toThrow(InvalidMetricNameError);
    expect(() => validateMetricName(`${'x.'.repeat(127)}x`)).not.toThrow();
    // A classic name keeps its earlier rule: no length limit.
    expect(() => validateMetricName('x'.repeat(10_000))).not.toThrow();
    expect(() => validateMetricName('a\nb')).toThrow(/"a\\nb".*control characters/);
  });
});
