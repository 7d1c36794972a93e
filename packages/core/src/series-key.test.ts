import { describe, expect, it } from 'vitest';
import { seriesKey, tagsKey } from './series-key.js';
import { normalizeTags } from './tags.js';

describe('series keys', () => {
  it('are equal exactly for equal names and canonical tag sets', () => {
    expect(seriesKey('http', normalizeTags({ status: '200', method: 'GET' }))).toBe(
      seriesKey('http', normalizeTags({ method: 'GET', status: '200' })),
    );
    expect(seriesKey('a', normalizeTags({}))).not.toBe(seriesKey('b', normalizeTags({})));
    expect(tagsKey(normalizeTags({ a: '1' }))).not.toBe(tagsKey(normalizeTags({ a: '2' })));
  });

  it('never let a tag value forge another tag', () => {
    const forged = [{ key: 'a', value: 'x",b="y' }];
    const real = normalizeTags({ a: 'x', b: 'y' });
    expect(seriesKey('m', forged)).not.toBe(seriesKey('m', real));
    expect(tagsKey([{ key: 'a', value: '1:xb=1:y' }])).not.toBe(tagsKey(normalizeTags({ a: 'x', b: 'y' })));
    expect(tagsKey([{ key: 'a', value: 'x\u0000b\u0001y' }])).not.toBe(
      tagsKey(normalizeTags({ a: 'x', b: 'y' })),
    );
  });
});
