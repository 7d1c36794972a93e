import { describe, expect, it } from 'vitest';
import { SeriesCatalog } from './series-catalog.js';
import { StatsdLineFormatter } from './statsd-line-formatter.js';

const catalog = () => new SeriesCatalog(new StatsdLineFormatter({ flavor: 'datadog', prefixSeparator: '.' }));

describe('SeriesCatalog', () => {
  it('finds a series by its tags, not by the identity of the tag array', () => {
    const series = catalog();
    series.beginFlush();
    const first = series.entry('hits', [{ key: 'a', value: '1' }]);
    first.last = 5;
    series.endFlush();
    series.beginFlush();
    const again = series.entry('hits', [{ key: 'a', value: '1' }]);
    expect(again).toBe(first);
    expect(again.line).toEqual({ stat: 'hits', tagSuffix: '|#a:1' });
  });

  it('tells apart tag sets whose values contain what looks like a boundary', () => {
    const series = catalog();
    series.beginFlush();
    const one = series.entry('m', [{ key: 'a', value: 'x:1:yb:1:z' }]);
    const two = series.entry('m', [
      { key: 'a', value: 'x' },
      { key: 'b', value: 'z' },
    ]);
    expect(one).not.toBe(two);
    expect(series.size).toBe(2);
  });

  it('forgets series a flush did not see', () => {
    const series = catalog();
    series.beginFlush();
    series.entry('a', []);
    series.entry('b', []);
    series.endFlush();
    series.beginFlush();
    series.entry('b', []);
    series.endFlush();
    expect(series.size).toBe(1);
    series.beginFlush();
    expect(series.entry('a', []).last).toBeUndefined();
  });
});
