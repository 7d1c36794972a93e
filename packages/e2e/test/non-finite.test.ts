import { createProvider, type Provider } from '@meterkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Captured,
  expositionLines,
  logRecords,
  otlpPoints,
  throughEveryBackend,
} from './support/every-backend.js';

/*
 * NaN and ±Infinity for every metric type, through every exporter. Core's documented handling
 * (packages/core/README.md, "NaN and infinities"): counters throw RangeError and record nothing;
 * gauges (and callback gauges) keep NaN and ±Infinity; histograms, timers and summaries refuse NaN
 * with a RangeError (nothing recorded) and record ±Infinity (in the +Inf or first bucket, in the sum,
 * and at the matching end of a summary's sketch). Then each exporter writes them
 * its own way: Prometheus `NaN`/`+Inf`/`-Inf`; OTLP protobuf doubles; the logger the strings
 * "NaN"/"+Inf"/"-Inf"; StatsD skips non-finite values.
 */

const INF = Number.POSITIVE_INFINITY;

describe('counters reject NaN, ±Infinity and negative amounts with a RangeError, recording nothing', () => {
  let provider: Provider;
  beforeAll(async () => {
    provider = await createProvider({ provider: 'memory' });
  });

  it.each([
    ['nan', Number.NaN],
    ['pinf', INF],
    ['ninf', -INF],
    ['negative', -1],
  ])('counter.add(%s) → RangeError', (name, amount) => {
    const counter = provider.counter(`guarded_${name}`);
    counter.add(2);
    expect(() => counter.add(amount)).toThrow(RangeError);
    expect(counter.value()).toBe(2);
    counter.inc();
    expect(counter.value()).toBe(3);
  });
});

/** NaN given to a histogram, timer or summary: a RangeError, and the series stays empty. */
function refused(record: () => void): void {
  expect(record).toThrow(RangeError);
}

/** One recording of every non-finite case; the metric names say what was recorded. */
function recordNonFinite(provider: Provider): void {
  provider.gauge('g_nan').set(Number.NaN);
  provider.gauge('g_pinf').set(INF);
  provider.gauge('g_ninf').set(-INF);
  provider.registry().registerCallback('cb_nan', () => Number.NaN);
  provider.registry().registerCallback('cb_pinf', () => INF);
  const hNan = provider.histogram('h_nan', { buckets: [1] });
  refused(() => hNan.observe(Number.NaN));
  provider.histogram('h_pinf', { buckets: [1] }).observe(INF);
  provider.histogram('h_ninf', { buckets: [1] }).observe(-INF);
  const both = provider.histogram('h_both', { buckets: [1] });
  both.observe(INF);
  both.observe(-INF);
  const tNan = provider.timer('t_nan', { buckets: [1] });
  refused(() => tNan.record(Number.NaN));
  provider.timer('t_pinf', { buckets: [1] }).record(INF);
  const sNan = provider.summary('s_nan');
  refused(() => sNan.observe(Number.NaN));
  provider.summary('s_pinf').observe(INF);
  provider.counter('finite_neighbour').add(7);
}

describe.each(['http/json', 'http/protobuf'] as const)(
  'NaN and ±Infinity through every backend (OTLP %s)',
  (protocol) => {
    let captured: Captured;
    beforeAll(async () => {
      captured = await throughEveryBackend(recordNonFinite, { otlpProtocol: protocol });
    });

    it('nothing is reported as an error and the finite neighbour arrives everywhere', () => {
      expect(captured.errors).toEqual([]);
      expect(expositionLines(captured.prometheusText, 'edge_finite_neighbour_total')).toEqual([
        'edge_finite_neighbour_total 7',
      ]);
      expect(otlpPoints(captured, 'edge_finite_neighbour')[0]?.value).toBe(7);
      expect(captured.statsdLines).toContain('edge.finite_neighbour:7|c');
      expect(logRecords(captured, 'edge_finite_neighbour')[0]?.value).toBe(7);
    });

    it('Prometheus writes NaN, +Inf and -Inf as the exposition formats spell them', () => {
      const text = captured.prometheusText;
      const line = (prefix: string) => expositionLines(text, prefix);
      expect(line('edge_g_nan ')).toEqual(['edge_g_nan NaN']);
      expect(line('edge_g_pinf ')).toEqual(['edge_g_pinf +Inf']);
      expect(line('edge_g_ninf ')).toEqual(['edge_g_ninf -Inf']);
      expect(line('edge_cb_nan ')).toEqual(['edge_cb_nan NaN']);
      expect(line('edge_cb_pinf ')).toEqual(['edge_cb_pinf +Inf']);
      // NaN observations are refused; ±Infinity lands in the +Inf (or first) bucket and the sum.
      expect(line('edge_h_nan_')).toEqual([
        'edge_h_nan_bucket{le="1"} 0',
        'edge_h_nan_bucket{le="+Inf"} 0',
        'edge_h_nan_sum 0',
        'edge_h_nan_count 0',
      ]);
      expect(line('edge_h_pinf_')).toEqual([
        'edge_h_pinf_bucket{le="1"} 0',
        'edge_h_pinf_bucket{le="+Inf"} 1',
        'edge_h_pinf_sum +Inf',
        'edge_h_pinf_count 1',
      ]);
      expect(line('edge_h_ninf_sum')).toEqual(['edge_h_ninf_sum -Inf']);
      expect(line('edge_h_ninf_bucket{le="1"}')).toEqual(['edge_h_ninf_bucket{le="1"} 1']);
      expect(line('edge_h_both_sum')).toEqual(['edge_h_both_sum NaN']);
      expect(line('edge_t_nan_seconds_count')).toEqual(['edge_t_nan_seconds_count 0']);
      expect(line('edge_t_pinf_seconds_sum')).toEqual(['edge_t_pinf_seconds_sum +Inf']);
      expect(line('edge_s_nan_count')).toEqual(['edge_s_nan_count 0']);
      expect(line('edge_s_pinf_sum')).toEqual(['edge_s_pinf_sum +Inf']);
      expect(line('edge_s_pinf_count')).toEqual(['edge_s_pinf_count 1']);
      // The sketch counts +Infinity above every finite value: a quantile that reaches it is +Inf.
      expect(line('edge_s_pinf{quantile="0.5"}')).toEqual(['edge_s_pinf{quantile="0.5"} +Inf']);
      expect(captured.openMetricsText).toContain('edge_g_nan NaN\n');
      expect(captured.openMetricsText).toContain('edge_h_pinf_sum +Inf\n');
    });

    it('OTLP carries the values; counts and bucket counts are exact', () => {
      const point = (name: string) => otlpPoints(captured, `edge_${name}`)[0];
      expect(point('h_nan')).toMatchObject({ count: 0, bucketCounts: [0, 0] });
      expect(point('h_pinf')).toMatchObject({ count: 1, bucketCounts: [0, 1] });
      expect(point('h_ninf')).toMatchObject({ count: 1, bucketCounts: [1, 0] });
      expect(point('t_nan')).toMatchObject({ count: 0 });
      expect(point('s_nan')).toMatchObject({ count: 0 });
      // Every quantile of a window holding only +Infinity is +Infinity, in both encodings.
      const quantiles = (point('s_pinf') as { quantiles?: Array<{ value: unknown }> }).quantiles ?? [];
      expect(point('s_pinf')).toMatchObject({ count: 1 });
      expect(quantiles).toHaveLength(7);
      expect(quantiles.every((q) => q.value === INF)).toBe(true);
    });

    it('OTLP carries NaN and ±Infinity as doubles, never as null', () => {
      const point = (name: string) => otlpPoints(captured, `edge_${name}`)[0];
      if (protocol === 'http/json') {
        // Reported bug: the OpenTelemetry SDK's JSON serializer (JSON.stringify) writes NaN and
        // ±Infinity as `null`, which a collector reads as an absent field (0). The proto3 JSON
        // mapping spells them "NaN", "Infinity", "-Infinity".
        const body = captured.otlpJsonBodies.join('\n');
        expect(body).toContain('edge_g_nan');
        expect(body.match(/"(asDouble|sum|min|max|value)":null/g) ?? []).toEqual([]);
        return;
      }
      expect(point('g_nan')?.value).toBeNaN();
      expect(point('g_pinf')?.value).toBe(INF);
      expect(point('g_ninf')?.value).toBe(-INF);
      expect(point('cb_pinf')?.value).toBe(INF);
      expect(point('h_pinf')?.sum).toBe(INF);
      expect(point('h_both')?.sum).toBeNaN();
      expect(point('s_pinf')?.sum).toBe(INF);
    });

    it('StatsD skips non-finite values (documented) and sends nothing for them', () => {
      const nonFinite = captured.statsdLines.filter((line) => /(^|:)(NaN|-?Infinity)\|/.test(line));
      expect(nonFinite).toEqual([]);
      expect(captured.statsdLines.filter((line) => /^edge\.(g|cb|h|t|s)_/.test(line))).toEqual([]);
    });

    it('the logger writes "NaN", "+Inf" and "-Inf" strings (JSON has no such numbers)', () => {
      const record = (name: string) => logRecords(captured, `edge_${name}`)[0];
      expect(record('g_nan')?.value).toBe('NaN');
      expect(record('g_pinf')?.value).toBe('+Inf');
      expect(record('g_ninf')?.value).toBe('-Inf');
      expect(record('cb_nan')?.value).toBe('NaN');
      expect(record('h_nan')).toMatchObject({ count: 0, sum: 0 });
      expect(record('h_pinf')).toMatchObject({
        count: 1,
        sum: '+Inf',
        buckets: [
          [1, 0],
          ['+Inf', 1],
        ],
      });
      expect(record('h_ninf')).toMatchObject({
        count: 1,
        sum: '-Inf',
        buckets: [
          [1, 1],
          ['+Inf', 1],
        ],
      });
      expect(record('h_both')).toMatchObject({ count: 2, sum: 'NaN' });
      expect(record('t_pinf')).toMatchObject({ count: 1, sum: '+Inf' });
      expect(record('s_pinf')).toMatchObject({ count: 1, sum: '+Inf' });
    });
  },
);
