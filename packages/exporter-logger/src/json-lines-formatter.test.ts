import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedSeries } from '../test/expected-series.js';
import { counterSnapshot, sampleSnapshot, T0, tags } from '../test/fixtures.js';
import { readJsonRecords } from '../test/read-back.js';
import { FlushReportBuilder } from './flush-report.js';
import { JsonLinesFormatter } from './json-lines-formatter.js';

const options = { temporality: 'cumulative', onlyChanged: false, quantiles: [0.5, 0.99] } as const;

function jsonLines(snapshot = sampleSnapshot()): string[] {
  const report = new FlushReportBuilder(options).build(snapshot);
  return new JsonLinesFormatter().format(report).map((entry) => entry.line);
}

describe('JsonLinesFormatter', () => {
  it('writes one JSON object per series with hand-computed histogram quantiles', () => {
    const time = '2025-01-01T00:00:00.000Z';
    expect(jsonLines().map((line) => JSON.parse(line))).toEqual([
      {
        time,
        metric: 'app_requests_total',
        type: 'counter',
        tags: { method: 'GET', status: '200' },
        value: 12,
      },
      {
        time,
        metric: 'app_requests_total',
        type: 'counter',
        tags: { method: 'POST', status: '500' },
        value: 2.5,
      },
      { time, metric: 'app_temperature', type: 'gauge', unit: 'celsius', tags: { room: 'a' }, value: 21.5 },
      {
        time,
        metric: 'app_request_size_bytes',
        type: 'histogram',
        unit: 'bytes',
        tags: { route: '/users/:id' },
        count: 5,
        sum: 22400,
        min: 50,
        max: 20000,
        p50: 775,
        p99: 10000,
        buckets: [
          [100, 1],
          [1000, 3],
          [10000, 4],
          ['+Inf', 5],
        ],
      },
      {
        time,
        metric: 'app_job_duration',
        type: 'timer',
        unit: 'seconds',
        tags: { job: 'import' },
        count: 3,
        sum: 1.71,
        min: 0.01,
        max: 1.5,
        p50: 0.55,
        p99: 1,
        buckets: [
          [0.1, 1],
          [1, 2],
          ['+Inf', 3],
        ],
      },
      {
        time,
        metric: 'app_payload_bytes',
        type: 'summary',
        unit: 'bytes',
        tags: {},
        count: 100,
        sum: 5050,
        p50: 50,
        p90: 90,
        p99: 99,
      },
      { time, metric: 'app_build_info', type: 'info', tags: { version: '1.2.3' }, value: 1 },
    ]);
  });

  it('parses back to the snapshot', () => {
    const snapshot = sampleSnapshot();
    expect(readJsonRecords(jsonLines(snapshot))).toEqual(
      expectedSeries(snapshot, { buckets: true, quantiles: [0.5, 0.99] }),
    );
  });

  it('hands the record (without time) to structured sinks next to the line', () => {
    const report = new FlushReportBuilder(options).build(counterSnapshot(4, T0, { a: 'b' }));
    const [entry] = new JsonLinesFormatter().format(report);
    expect(entry?.record).toEqual({
      metric: 'app_events_total',
      type: 'counter',
      tags: { a: 'b' },
      value: 4,
    });
    expect(entry?.line).toBe(
      '{"time":"2025-01-01T00:00:00.000Z","metric":"app_events_total","type":"counter","tags":{"a":"b"},"value":4}',
    );
  });

  it('writes NaN and infinities as Prometheus-style strings, since JSON has no such numbers', () => {
    const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const snapshot = {
      timestamp: T0,
      metrics: [
        {
          name: 'g',
          type: 'gauge' as const,
          description: '',
          unit: '',
          startTime: T0,
          points: values.map((value, i) => ({ tags: tags({ i: String(i) }), value })),
        },
      ],
    };
    expect(jsonLines(snapshot).map((line) => JSON.parse(line).value)).toEqual(['NaN', '+Inf', '-Inf']);
    expect(readJsonRecords(jsonLines(snapshot)).map((series) => series.value)).toEqual(values);
  });

  it('leaves out quantiles of an empty histogram instead of logging NaN', () => {
    const snapshot = {
      timestamp: T0,
      metrics: [
        {
          name: 'h',
          type: 'histogram' as const,
          description: '',
          unit: '',
          startTime: T0,
          points: [
            {
              tags: tags(),
              count: 0,
              sum: 0,
              min: undefined,
              max: undefined,
              buckets: [
                { upperBound: 1, count: 0 },
                { upperBound: Number.POSITIVE_INFINITY, count: 0 },
              ],
            },
          ],
        },
      ],
    };
    const [record] = jsonLines(snapshot).map((line) => JSON.parse(line));
    expect(record).toEqual({
      time: '2025-01-01T00:00:00.000Z',
      metric: 'h',
      type: 'histogram',
      tags: {},
      count: 0,
      sum: 0,
      buckets: [
        [1, 0],
        ['+Inf', 0],
      ],
    });
  });

  it('keeps any tag value and any finite value intact through JSON.parse (property)', () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(
        fc.string({ unit: anyCodeUnit }),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
        (tagValue, value) => {
          const [series] = readJsonRecords(jsonLines(counterSnapshot(value, T0, { path: tagValue })));
          expect(series).toEqual({ name: 'app_events_total', tags: { path: tagValue }, value });
        },
      ),
      { numRuns: 300 },
    );
  });
});
