import type { CanonicalTags, MetricSnapshot, Snapshot } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { histogramPoint, summaryPoint } from '../test/support/points.js';
import { PacketBuffer } from './packet-buffer.js';
import type { StatsdFlavor } from './statsd-config.js';
import { StatsdLineFormatter } from './statsd-line-formatter.js';
import { StatsdLineTranslator, type TranslatorOptions } from './statsd-line-translator.js';

const base = { description: '', unit: '', startTime: 0 };
const snapshot = (...metrics: MetricSnapshot[]): Snapshot => ({ timestamp: 0, metrics });
const counter = (name: string, points: Array<[CanonicalTags, number]>): MetricSnapshot => ({
  ...base,
  name,
  type: 'counter',
  points: points.map(([tags, value]) => ({ tags, value })),
});
const gauge = (name: string, value: number, type: 'gauge' | 'info' = 'gauge'): MetricSnapshot => ({
  ...base,
  name,
  type,
  points: [{ tags: [], value }],
});
const GET: CanonicalTags = [{ key: 'method', value: 'GET' }];

function translator(flavor: StatsdFlavor = 'etsy', options: Partial<TranslatorOptions> = {}) {
  const formatter = new StatsdLineFormatter({ flavor, prefixSeparator: '.' });
  const translate = new StatsdLineTranslator(formatter, {
    sampleRate: 1,
    maxSamplesPerSeries: 1000,
    histogramType: 'ms',
    ...options,
  });
  return (s: Snapshot): string[] => {
    const buffer = new PacketBuffer(65_000);
    translate.translate(s, buffer);
    return buffer.drain().flatMap((packet) => packet.split('\n'));
  };
}

describe('StatsdLineTranslator', () => {
  it('sends counter increases since the previous flush, announcing new series at 0', () => {
    const lines = translator('datadog');
    expect(
      lines(
        snapshot(
          counter('hits', [
            [GET, 5],
            [[], 0],
          ]),
        ),
      ),
    ).toEqual(['hits:5|c|#method:GET', 'hits:0|c']);
    expect(
      lines(
        snapshot(
          counter('hits', [
            [GET, 7.5],
            [[], 0],
          ]),
        ),
      ),
    ).toEqual(['hits:2.5|c|#method:GET']);
    expect(
      lines(
        snapshot(
          counter('hits', [
            [GET, 7.5],
            [[], 0],
          ]),
        ),
      ),
    ).toEqual([]);
    // Lower than before: the series was re-created and holds only new counts.
    expect(
      lines(
        snapshot(
          counter('hits', [
            [GET, 2],
            [[], 0],
          ]),
        ),
      ),
    ).toEqual(['hits:2|c|#method:GET']);
  });

  it('forgets series that left the snapshot', () => {
    const lines = translator();
    lines(snapshot(counter('hits', [[[], 5]])));
    lines(snapshot());
    expect(lines(snapshot(counter('hits', [[[], 6]])))).toEqual(['hits:6|c']);
  });

  it('sends gauges and info metrics as values; a negative one as 0 then the value, in one packet', () => {
    const formatter = new StatsdLineFormatter({ flavor: 'etsy', prefixSeparator: '.' });
    const translate = new StatsdLineTranslator(formatter, {
      sampleRate: 1,
      maxSamplesPerSeries: 10,
      histogramType: 'ms',
    });
    const buffer = new PacketBuffer(14);
    translate.translate(
      snapshot(gauge('t', -4), gauge('u', 3), gauge('nan', Number.NaN), gauge('build_info', 1, 'info')),
      buffer,
    );
    expect(buffer.drain()).toEqual(['t:0|g\nt:-4|g', 'u:3|g', 'build_info:1|g']);
  });

  it('sends timers in milliseconds and histograms as they are, only for new observations', () => {
    const lines = translator('etsy');
    const timer: MetricSnapshot = {
      ...base,
      name: 'latency',
      type: 'timer',
      unit: 'seconds',
      points: [histogramPoint([0.1, 1], [0.05, 0.5])],
    };
    const sizes: MetricSnapshot = {
      ...base,
      name: 'size',
      type: 'histogram',
      points: [histogramPoint([10], [3, 30])],
    };
    expect(lines(snapshot(timer, sizes))).toEqual([
      'latency:50|ms',
      'latency:500|ms',
      'size:3|ms',
      'size:30|ms',
    ]);
    expect(lines(snapshot(timer, sizes))).toEqual([]);
  });

  it('uses the histogram type of the flavor and announces sampling with @rate', () => {
    const lines = translator('datadog', { histogramType: 'h', maxSamplesPerSeries: 2 });
    const sizes: MetricSnapshot = {
      ...base,
      name: 'size',
      type: 'histogram',
      points: [histogramPoint([10], [1, 2, 3, 4])],
    };
    const sent = lines(snapshot(sizes));
    expect(sent).toHaveLength(2);
    for (const line of sent) expect(line).toMatch(/^size:[\d.]+\|h\|@0\.5$/);
  });

  it('sends summary samples whose count and sum are those of the interval', () => {
    const lines = translator('etsy');
    const summary = (count: number, sum: number): MetricSnapshot => ({
      ...base,
      name: 'payload',
      type: 'summary',
      points: [
        summaryPoint(count, sum, [
          [0.5, 50],
          [0.9, 90],
        ]),
      ],
    });
    const first = lines(snapshot(summary(100, 5050)));
    expect(first).toHaveLength(100);
    const values = first.map((line) => Number(line.slice('payload:'.length, -'|ms'.length)));
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(5050, 9);
    const second = lines(snapshot(summary(103, 5350)));
    expect(second).toHaveLength(3);
  });
  it('sends the raw observations core kept as they were recorded, and rebuilds from buckets without them', () => {
    const lines = translator('datadog', { histogramType: 'd' });
    const observed = [0.0123, 0.5, 0.0123, 2.75];
    const timer = (recorded: number[], recent?: number[]): MetricSnapshot => ({
      ...base,
      name: 'latency',
      type: 'timer',
      unit: 'seconds',
      points: [
        {
          ...histogramPoint([0.1, 1], recorded, GET),
          ...(recent === undefined ? {} : { recent: { values: recent, count: recent.length } }),
        },
      ],
    });
    // Bucket reconstruction would place the 3rd sample in (0.1, 1]; the real values are sent instead.
    expect(lines(snapshot(timer(observed, observed)))).toEqual([
      'latency:12.3|ms|#method:GET',
      'latency:500|ms|#method:GET',
      'latency:12.3|ms|#method:GET',
      'latency:2750|ms|#method:GET',
    ]);
    // No observations handed over (a metric created before the provider): the delta of the buckets.
    const rebuilt = lines(snapshot(timer([...observed, 0.05])));
    expect(rebuilt).toHaveLength(1);
    // The interval's sum is a difference of cumulative sums: 50 up to rounding.
    expect(Number(rebuilt[0]!.match(/^latency:([\d.]+)\|ms\|#method:GET$/)![1])).toBeCloseTo(50, 9);
    const sizes: MetricSnapshot = {
      ...base,
      name: 'size',
      type: 'summary',
      points: [{ ...summaryPoint(1000, 1e6, [[0.5, 1]]), recent: { values: [7, 9], count: 1000 } }],
    };
    expect(lines(snapshot(sizes))).toEqual(['size:7|d|@0.002', 'size:9|d|@0.002']);
  });

  it('sends exponential histograms and timers as DogStatsD distributions in the datadog flavor only', () => {
    const exponential = (type: 'histogram' | 'timer'): MetricSnapshot => ({
      ...base,
      name: type,
      type,
      points: [
        {
          ...histogramPoint([], [0.5, 2], GET),
          recent: { values: [0.5, 2], count: 2 },
          exponential: {
            scale: 0,
            zeroCount: 0,
            zeroThreshold: 0,
            positive: { offset: -1, counts: [1, 0, 1] },
            negative: { offset: 0, counts: [] },
          },
        },
      ],
    });
    const classic: MetricSnapshot = {
      ...base,
      name: 'classic',
      type: 'histogram',
      points: [histogramPoint([1], [3])],
    };
    const datadog = translator('datadog', { histogramType: 'h', flavor: 'datadog' });
    expect(datadog(snapshot(exponential('histogram'), exponential('timer'), classic))).toEqual([
      'histogram:0.5|d|#method:GET',
      'histogram:2|d|#method:GET',
      'timer:500|d|#method:GET',
      'timer:2000|d|#method:GET',
      'classic:3|h',
    ]);
    const etsy = translator('etsy', { flavor: 'etsy' });
    expect(etsy(snapshot(exponential('histogram'), exponential('timer')))).toEqual([
      'histogram.method.GET:0.5|ms',
      'histogram.method.GET:2|ms',
      'timer.method.GET:500|ms',
      'timer.method.GET:2000|ms',
    ]);
  });
});
