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
    expect(() => normalizeTags({ '1abc': 'x' })).toThrow(InvalidTagError);
    expect(() => normalizeTags({ '1abc': 'x' })).toThrow(/1abc/);
    expect(() => normalizeTags({ __reserved: 'x' })).toThrow(/reserved/);
    expect(() => normalizeTags({ 'a-b': 'x' })).toThrow(/a-b/);
    expect(() => normalizeTags({ code: 200 as unknown as string })).toThrow(
      /"code" must be a string, got number/,
    );
    expect(() => canonicalTags(EMPTY_TAGS, [42])).toThrow(InvalidTagError);
  });

  it('validates keys by Prometheus label rules', () => {
    expect(() => validateTagKey('ok_key1')).not.toThrow();
    expect(() => validateTagKey('_leading')).not.toThrow();
    expect(() => validateTagKey('')).toThrow(InvalidTagError);
    expect(() => validateTagKey('has:colon')).toThrow(InvalidTagError);
  });

  it('reads an object with exactly key and value as one Tag', () => {
    expect(isTag({ key: 'k', value: 'v' })).toBe(true);
    expect(isTag({ key: 'k', value: 'v', other: 'x' })).toBe(false);
    expect(isTag([{ key: 'k', value: 'v' }])).toBe(false);
  });
});
