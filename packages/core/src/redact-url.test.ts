import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['http://user:s3cret@gw:9091/metrics/job/a', 'http://redacted@gw:9091/metrics/job/a'],
    ['https://token@collector:4318/v1/metrics', 'https://redacted@collector:4318/v1/metrics'],
    ['https://:onlypass@collector/v1/metrics', 'https://redacted@collector/v1/metrics'],
    [
      'http://c:4318/v1/metrics?api_key=abc&tenant=t1#frag',
      'http://c:4318/v1/metrics?api_key=redacted&tenant=redacted',
    ],
    ['http://127.0.0.1:9091', 'http://127.0.0.1:9091/'],
    ['http://[::1]:9091/x', 'http://[::1]:9091/x'],
    ['unix:///var/run/statsd.sock', 'unix:///var/run/statsd.sock'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
    expect(redactUrl(new URL(input))).toBe(expected);
  });

  it('redacts text that is not a valid URL by pattern, without throwing', () => {
    expect(redactUrl('statsd://us er:p@ss@host:8125')).toBe('statsd://redacted@host:8125');
    expect(redactUrl('host:8125?token=xyz')).toBe('host:8125?token=redacted');
    expect(redactUrl('gw:9091')).toBe('gw:9091');
    expect(redactUrl('user:pw@host:8125')).toBe('redacted@host:8125');
    expect(redactUrl('mailto:a@b.c')).toBe('redacted@b.c');
  });

  it('leaves neither user nor password anywhere in the result, whatever they contain', () => {
    for (const [user, pass] of [
      ['alice', 'hunter2'],
      ['a%40b', 'p%3Aw'],
      ['ü', 'ß€'],
    ]) {
      const out = redactUrl(`https://${user}:${pass}@example.test/path?x=${pass}`);
      expect(out).not.toContain(user);
      expect(out).not.toContain(pass);
    }
  });
});
