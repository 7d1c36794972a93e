import type { CanonicalTags } from '@meterkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatsdFlavor } from './statsd-config.js';
import { formatLine, StatsdLineFormatter } from './statsd-line-formatter.js';

const tags = (record: Record<string, string>): CanonicalTags =>
  Object.keys(record)
    .sort()
    .map((key) => ({ key, value: record[key]! }));

const formatter = (flavor: StatsdFlavor, prefixSeparator: '.' | '_' = '.') =>
  new StatsdLineFormatter({ flavor, prefixSeparator });

/** A metric as core snapshots it: its full name and, when prefixed, the parts it was built from. */
const metric = (name: string, namespace?: string, subsystem?: string) => {
  const prefix = [namespace, subsystem].filter(Boolean).join('_');
  return namespace === undefined
    ? { name }
    : { name: `${prefix}_${name}`, nameParts: { namespace, ...(subsystem ? { subsystem } : {}), name } };
};

describe('StatsdLineFormatter', () => {
  it.each([
    ['etsy', 'shop.api.requests.method.GET.status.200:1|c'],
    ['datadog', 'shop.api.requests:1|c|#method:GET,status:200'],
    ['telegraf', 'shop.api.requests,method=GET,status=200:1|c'],
  ] as const)('%s flavor', (flavor, expected) => {
    const format = formatter(flavor);
    const series = format.series(
      format.statName(metric('requests', 'shop', 'api')),
      tags({ status: '200', method: 'GET' }),
    );
    expect(formatLine(series, '1', 'c')).toBe(expected);
  });

  it('puts the sample rate before DogStatsD tags', () => {
    const series = formatter('datadog').series('latency', tags({ route: '/a' }));
    expect(formatLine(series, '12.5', 'ms', '0.1')).toBe('latency:12.5|ms|@0.1|#route:/a');
    expect(formatLine(formatter('etsy').series('latency', []), '3', 'ms', '0.5')).toBe('latency:3|ms|@0.5');
  });

  it('turns the namespace and subsystem prefix into dotted segments, or keeps underscores', () => {
    expect(formatter('etsy').statName(metric('requests_total', 'shop', 'api'))).toBe(
      'shop.api.requests_total',
    );
    expect(formatter('etsy').statName(metric('requests', 'shop'))).toBe('shop.requests');
    expect(formatter('etsy', '_').statName(metric('requests', 'shop', 'api'))).toBe('shop_api_requests');
    // Names core did not prefix (runtime metrics, renamed ones) are left alone, even when they start
    // like the namespace: the name is never split at '_'.
    expect(formatter('etsy').statName({ name: 'process_cpu' })).toBe('process_cpu');
    expect(formatter('etsy').statName({ name: 'shop_renamed_total' })).toBe('shop_renamed_total');
    // ':' is legal in Prometheus names and the name/value separator in StatsD.
    expect(formatter('etsy').statName({ name: 'job:rate5m' })).toBe('job_rate5m');
  });

  it.each([
    ['etsy', 'm.city.S_o_Paulo.path._a_b_c:1|c'],
    ['datadog', 'm:1|c|#city:São Paulo,path:/a_b:c'],
    ['telegraf', 'm,city=São_Paulo,path=/a_b_c:1|c'],
  ] as const)('%s flavor escapes separators in tag values', (flavor, expected) => {
    const series = formatter(flavor).series('m', tags({ city: 'São Paulo', path: '/a,b:c' }));
    expect(formatLine(series, '1', 'c')).toBe(expected);
  });

  it('drops tags with an empty value (an empty label is an absent label)', () => {
    for (const flavor of ['etsy', 'datadog', 'telegraf'] as const) {
      expect(formatLine(formatter(flavor).series('m', tags({ a: '' })), '1', 'c')).toBe('m:1|c');
    }
  });

  const tagValue = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });

  it('datadog: any tag value stays one tag and survives except for the four separators', () => {
    fc.assert(
      fc.property(tagValue, tagValue, (a, b) => {
        const line = formatLine(formatter('datadog').series('m', tags({ a, b })), '1', 'c');
        expect(line.split('\n')).toHaveLength(1);
        const [head, tagText, ...rest] = line.split('|#');
        expect(rest).toEqual([]);
        expect(head).toBe('m:1|c');
        const parsed = tagText!
          .split(',')
          .map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)]);
        expect(parsed).toEqual([
          ['a', a.replace(/[|,\n\r]/g, '_')],
          ['b', b.replace(/[|,\n\r]/g, '_')],
        ]);
      }),
    );
  });

  it('etsy: any tag value becomes one safe path segment', () => {
    fc.assert(
      fc.property(tagValue, (value) => {
        const line = formatLine(formatter('etsy').series('m', tags({ k: value })), '1', 'c');
        const [stat, rest] = line.split(':');
        expect(rest).toBe('1|c');
        const segments = stat!.split('.');
        expect(segments.slice(0, 2)).toEqual(['m', 'k']);
        expect(segments).toHaveLength(3);
        expect(segments[2]).toMatch(/^[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it('telegraf: any tag value keeps the line parseable (one ":", k=v pairs)', () => {
    fc.assert(
      fc.property(tagValue, tagValue, (a, b) => {
        const line = formatLine(formatter('telegraf').series('m', tags({ a, b })), '1', 'c');
        const bits = line.split(':');
        expect(bits).toHaveLength(2);
        const pairs = bits[0]!.split(',').slice(1);
        expect(pairs.map((p) => p.split('=')).map(([k, v]) => [k, v!.length > 0])).toEqual([
          ['a', true],
          ['b', true],
        ]);
        expect(line).not.toMatch(/[\n\r ]/);
      }),
    );
  });
});

describe('StatsdLineFormatter with dotted and UTF-8 names (property)', () => {
  const part = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
  const anyKey = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
    .filter((k) => !/[\p{Cc}]/u.test(k));

  it('keeps the dots of any name, writes only StatsD-safe characters, and keeps tag keys parseable per flavor', () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.string({ unit: 'grapheme', maxLength: 6 }).filter((s) => !/[\p{Cc}]/u.test(s)),
        anyKey,
        fc.constantFrom<StatsdFlavor>('etsy', 'datadog', 'telegraf'),
        (segments, extra, key, flavor) => {
          const name = `${segments.join('.')}${extra}`;
          const stat = formatter(flavor).statName(metric(name, 'ns'));
          expect(stat).toMatch(/^[A-Za-z0-9_.-]+$/);
          expect(stat.startsWith(`ns.${segments.join('.')}`)).toBe(true);
          const series = formatter(flavor).series('m', tags({ [key]: 'v' }));
          if (flavor === 'etsy') expect(series.stat.split('.')).toHaveLength(3);
          if (flavor === 'telegraf') expect(series.stat.split(/[,=:|]/)).toHaveLength(3);
          if (flavor === 'datadog') expect(series.tagSuffix.slice(2).split(/[,:|]/)).toHaveLength(2);
        },
      ),
    );
  });
});
