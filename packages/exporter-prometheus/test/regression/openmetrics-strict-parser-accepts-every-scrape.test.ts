import { createProvider, type Provider } from '@meterkit/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { OPENMETRICS_CONTENT_TYPE } from '../../src/openmetrics-serializer.js';
import { startServer } from '../../src/standalone-server.js';
import { httpRequest } from '../helpers/http-client.js';
import { labelValueArbitrary } from '../helpers/label-values.js';
import { type ParsedFamily, parseOpenMetricsStrictly } from '../helpers/openmetrics-parser.js';

/**
 * Issue 14, item 10: a histogram with negative observations or negative bucket bounds, and a summary
 * with negative quantiles, made meterkit write what OpenMetrics 1.0 forbids (a negative `_sum`, a
 * `_sum` beside negative buckets, a negative quantile value), and a strict OpenMetrics parser then
 * rejects the whole scrape. Every scrape here is read by Debian's python3-prometheus-client parser.
 */

let provider: Provider | undefined;
afterEach(async () => {
  await provider?.stop();
  provider = undefined;
});

async function scrapeOpenMetrics(target: Provider): Promise<string> {
  const server = await startServer(target, { port: 0 });
  try {
    const response = await httpRequest(`${server.url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0' },
    });
    expect(response.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
    return response.body;
  } finally {
    await server.close();
  }
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no family ${name} in ${families.map((f) => f.name).join(', ')}`);
  return found;
}

const sampleNames = (f: ParsedFamily) => [...new Set(f.samples.map((s) => s.name))].sort();

const ESCAPES = 'quote " backslash \\ newline \n end';
const UTF8 = 'héllo 中文 🚀';
const LONE_SURROGATE = 'broken \ud800 pair';

describe('the OpenMetrics exposition, read by a strict OpenMetrics 1.0 parser', () => {
  it('accepts a scrape with every metric kind, negative values, NaN/±Inf and tricky tag values', async () => {
    provider = await createProvider({ provider: 'prometheus', tags: { service: 'api', zone: '' } });
    const requests = provider.counter('requests_total', { description: 'Requests' });
    requests.withTags({ path: ESCAPES }).inc();
    requests.withTags({ path: UTF8 }).add(2);
    requests.withTags({ path: LONE_SURROGATE }).add(3);
    requests.withTags({ path: '/a', lang: '' }).inc();
    requests.withTags({ path: '/a' }).add(1.5);

    const level = provider.gauge('level');
    level.withTags({ kind: 'nan' }).set(Number.NaN);
    level.withTags({ kind: 'inf' }).set(Number.POSITIVE_INFINITY);
    level.withTags({ kind: 'minus_inf' }).set(Number.NEGATIVE_INFINITY);
    level.withTags({ kind: 'negative' }).set(-4.25);

    const sizes = provider.histogram('size_bytes', { buckets: [10, 100] });
    for (const value of [5, 50, 500]) sizes.observe(value);
    const deltas = provider.histogram('delta', { buckets: [0, 1] });
    for (const value of [-5, -2, 0.5]) deltas.observe(value);
    const offsets = provider.histogram('offset', { buckets: [-10, 0, 10] });
    for (const value of [-20, -3, 4, 30]) offsets.observe(value);
    provider.timer('job_duration').record(0.25);

    const latency = provider.summary('latency', { quantiles: [0.5, 0.9] });
    for (let i = 1; i <= 10; i++) latency.observe(i);
    const balance = provider.summary('balance', { quantiles: [0.1, 0.5, 0.9] });
    for (let i = -10; i <= 5; i++) balance.observe(i);
    provider.summary('idle', { quantiles: [0.5] });

    provider.info('build').set({ version: '1.0.0', commit: '' });
    provider.registry().registerCallback('open_files', () => 12);

    const families = await parseOpenMetricsStrictly(await scrapeOpenMetrics(provider));

    const counter = family(families, 'requests');
    expect(counter.type).toBe('counter');
    const byPath = new Map(counter.samples.map((s) => [s.labels.path, s]));
    expect(byPath.get(ESCAPES)?.value).toBe(1);
    expect(byPath.get(UTF8)?.value).toBe(2);
    // UTF-8 cannot carry a lone surrogate: it arrives as U+FFFD, as in every UTF-8 encoder.
    expect(byPath.get('broken \ufffd pair')?.value).toBe(3);
    // An empty tag value is the tag being absent: one sample, not two.
    expect(counter.samples.filter((s) => s.labels.path === '/a')).toEqual([
      { name: 'requests_total', labels: { path: '/a', service: 'api' }, value: 2.5 },
    ]);
    expect(counter.samples.every((s) => !('zone' in s.labels) && !('lang' in s.labels))).toBe(true);

    const gauges = new Map(family(families, 'level').samples.map((s) => [s.labels.kind, s.value]));
    expect(gauges.get('nan')).toBeNaN();
    expect(gauges.get('inf')).toBe(Number.POSITIVE_INFINITY);
    expect(gauges.get('minus_inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(gauges.get('negative')).toBe(-4.25);

    const size = family(families, 'size_bytes');
    expect(size.type).toBe('histogram');
    const sizeValues = Object.fromEntries(
      size.samples.map((s) => [`${s.name}${s.labels.le ?? ''}`, s.value]),
    );
    expect(sizeValues).toMatchObject({
      'size_bytes_bucket10.0': 1,
      'size_bytes_bucket100.0': 2,
      'size_bytes_bucket+Inf': 3,
      size_bytes_count: 3,
      size_bytes_sum: 555,
    });

    // Negative sum (-6.5): buckets only; the count is the +Inf bucket.
    const delta = family(families, 'delta');
    expect(sampleNames(delta)).toEqual(['delta_bucket']);
    expect(delta.samples.map((s) => [s.labels.le, s.value])).toEqual([
      ['0.0', 2],
      ['1.0', 3],
      ['+Inf', 3],
    ]);
    // Negative bucket bounds: no _sum (nor _count), even though the sum (11) is positive.
    const offset = family(families, 'offset');
    expect(sampleNames(offset)).toEqual(['offset_bucket']);
    expect(offset.samples.map((s) => [s.labels.le, s.value])).toEqual([
      ['-10.0', 1],
      ['0.0', 2],
      ['10.0', 3],
      ['+Inf', 4],
    ]);
    expect(sampleNames(family(families, 'job_duration_seconds'))).toEqual([
      'job_duration_seconds_bucket',
      'job_duration_seconds_count',
      'job_duration_seconds_sum',
    ]);

    const latencyValues = family(families, 'latency').samples;
    expect(latencyValues.find((s) => s.name === 'latency_sum')?.value).toBe(55);
    expect(latencyValues.find((s) => s.name === 'latency_count')?.value).toBe(10);
    // Observations -10..5: the sum (-40) and the negative 0.1 and 0.5 quantiles (-9, -3) are left
    // out; the count and the 0.9 quantile (3, within the sketch's 1%) remain.
    const balanceValues = family(families, 'balance').samples;
    expect(balanceValues.map((s) => `${s.name}${s.labels.quantile ?? ''}`).sort()).toEqual([
      'balance0.9',
      'balance_count',
    ]);
    expect(balanceValues.find((s) => s.name === 'balance_count')?.value).toBe(16);
    expect(balanceValues.find((s) => s.labels.quantile === '0.9')?.value).toBeCloseTo(3, 1);
    const idle = family(families, 'idle').samples;
    expect(idle.find((s) => s.labels.quantile === '0.5')?.value).toBeNaN();

    const info = family(families, 'build');
    expect(info.type).toBe('info');
    expect(info.samples).toEqual([
      { name: 'build_info', labels: { service: 'api', version: '1.0.0' }, value: 1 },
    ]);
    expect(family(families, 'open_files').samples[0]?.value).toBe(12);
  });

  it('accepts arbitrary tag values and arbitrary finite observations, and reads the tag values back', async () => {
    provider = await createProvider({ provider: 'prometheus' });
    const values = fc.sample(labelValueArbitrary, { numRuns: 150, seed: 14 });
    const observations = fc.sample(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
      { numRuns: values.length, seed: 15 },
    );
    const counter = provider.counter('events_total');
    const histogram = provider.histogram('amount', { buckets: [-100, -1, 0, 1, 100] });
    const summary = provider.summary('spread', { quantiles: [0.01, 0.5, 0.99] });
    values.forEach((value, i) => {
      counter.withTags({ value }).inc();
      for (const observation of observations[i]!) {
        histogram.withTags({ value }).observe(observation);
        summary.withTags({ value }).observe(observation);
      }
    });

    const families = await parseOpenMetricsStrictly(await scrapeOpenMetrics(provider));

    const expected = new Map<string, number>();
    for (const value of values) {
      if (value !== '') expected.set(value, (expected.get(value) ?? 0) + 1);
    }
    const read = new Map(family(families, 'events').samples.map((s) => [s.labels.value, s.value]));
    for (const [value, count] of expected) expect(read.get(value)).toBe(count);
    // The histogram has negative bounds: never a _sum; the summary never shows a negative number.
    expect(sampleNames(family(families, 'amount'))).toEqual(['amount_bucket']);
    for (const sample of family(families, 'spread').samples)
      expect(sample.value >= 0 || Number.isNaN(sample.value)).toBe(true);
  });

  it('is live: the same parser rejects a negative histogram _sum', async () => {
    const text = [
      '# TYPE delta histogram',
      'delta_bucket{le="0.0"} 1',
      'delta_bucket{le="+Inf"} 1',
      'delta_count 1',
      'delta_sum -5.0',
      '# EOF',
      '',
    ].join('\n');
    await expect(parseOpenMetricsStrictly(text)).rejects.toThrow(/negative/);
  });
});
