import { describe, expect, it } from 'vitest';
import { encodeGroupingComponent, groupingPath, groupUrl } from './pushgateway-url.js';

describe('groupingPath', () => {
  it('builds /metrics/job/<job>/<label>/<value> with labels sorted', () => {
    expect(groupingPath('batch', { zone: 'eu', instance: 'w1' })).toBe(
      '/metrics/job/batch/instance/w1/zone/eu',
    );
  });

  it('uses URL-safe base64 for values containing a slash, and for empty values', () => {
    // The Pushgateway README's own example: path "/var/tmp" is "L3Zhci90bXA".
    expect(groupingPath('directory-cleaner', { path: '/var/tmp' })).toBe(
      '/metrics/job/directory-cleaner/path@base64/L3Zhci90bXA',
    );
    expect(groupingPath('a/b', { empty: '' })).toBe('/metrics/job@base64/YS9i/empty@base64/=');
  });

  it('percent-encodes other special characters', () => {
    expect(encodeGroupingComponent('a b?c#ü')).toEqual({ suffix: '', encoded: 'a%20b%3Fc%23%C3%BC' });
    expect(encodeGroupingComponent('+/?')).toEqual({ suffix: '@base64', encoded: 'Ky8_' });
  });
});

describe('groupUrl', () => {
  it('keeps a path prefix of the gateway URL', () => {
    expect(groupUrl('http://gw:9091/prefix/', 'job').href).toBe('http://gw:9091/prefix/metrics/job/job');
    expect(groupUrl('https://gw', 'j', { instance: 'x' }).href).toBe('https://gw/metrics/job/j/instance/x');
  });
});
