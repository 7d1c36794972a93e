import { describe, expect, it } from 'vitest';
import { InvalidTagError } from './errors.js';
import { canonicalTags, EMPTY_TAGS, isTag, normalizeTags, validateTagKey } from './tags.js';

describe('canonicalTags', () => {
  it('sorts by key so that input order never changes identity', () => {
    expect(normalizeTags({ status: '200', method: 'GET' })).toEqual([
      { key: 'method', value: 'GET' },
      { key: 'status', value: '200' },
    ]);
  });

  it('accepts records, Tag lists and separate Tag arguments alike', () => {
    const fromRecord = canonicalTags(EMPTY_TAGS, [{ a: '1', b: '2' }]);
    const fromList = canonicalTags(EMPTY_TAGS, [
      [
        { key: 'b', value: '2' },
        { key: 'a', value: '1' },
      ],
    ]);
    const fromArgs = canonicalTags(EMPTY_TAGS, [
      { key: 'b', value: '2' },
      { key: 'a', value: '1' },
    ]);
    expect(fromList).toEqual(fromRecord);
    expect(fromArgs).toEqual(fromRecord);
  });

  it('lets a later value for the same key win, over the base and within the input', () => {
    const base = normalizeTags({ env: 'dev', region: 'eu' });
    expect(
      canonicalTags(base, [
        { key: 'env', value: 'a' },
        { key: 'env', value: 'prod' },
      ]),
    ).toEqual([
      { key: 'env', value: 'prod' },
      { key: 'region', value: 'eu' },
    ]);
  });

  it('rejects invalid keys and non-string values with the bad input in the message', () => {
    expect(() => normalizeTags({ 'a\tb': 'x' })).toThrow(InvalidTagError);
    expect(() => normalizeTags({ 'a\tb': 'x' })).toThrow(/a\\tb/);
    expect(() => normalizeTags({ __reserved: 'x' })).toThrow(/reserved/);
    expect(() => normalizeTags({ ['k.'.repeat(65)]: 'x' })).toThrow(/at most 128/);
    expect(() => normalizeTags({ code: 200 as unknown as string })).toThrow(
      /"code" must be a string, got number/,
    );
    expect(() => canonicalTags(EMPTY_TAGS, [42])).toThrow(InvalidTagError);
  });

  it('accepts classic, dotted and UTF-8 keys; refuses empty keys and control characters', () => {
    for (const good of ['ok_key1', '_leading', 'has:colon', 'http.route', '1st', 'ключ'])
      expect(() => validateTagKey(good)).not.toThrow();
    expect(() => validateTagKey('')).toThrow(InvalidTagError);
    expect(() => validateTagKey('a\u007fb')).toThrow(InvalidTagError);
    expect(() => validateTagKey('meterkit_x')).toThrow(/reserved/);
  });

  it('refuses two keys that become one Prometheus label, naming both', () => {
    expect(() => normalizeTags({ 'http.route': '/a', http_route: '/b' })).toThrow(
      /"http.route" and "http_route" both become the Prometheus label "http_route"/,
    );
    expect(normalizeTags({ 'http.route': '/a', 'http.method': 'GET' })).toHaveLength(2);
  });

  it('reads an object with exactly key and value as one Tag', () => {
    expect(isTag({ key: 'k', value: 'v' })).toBe(true);
    expect(isTag({ key: 'k', value: 'v', other: 'x' })).toBe(false);
    expect(isTag([{ key: 'k', value: 'v' }])).toBe(false);
  });
});
