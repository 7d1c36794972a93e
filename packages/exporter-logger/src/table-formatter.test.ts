import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { sampleSnapshot, T0, tags } from '../test/fixtures.js';
import { FlushReportBuilder, type FlushReportOptions } from './flush-report.js';
import { shortNumber, TableFormatter } from './table-formatter.js';

const cumulative: FlushReportOptions = {
  temporality: 'cumulative',
  onlyChanged: false,
  quantiles: [0.5, 0.99],
};

function tables(snapshots: Snapshot[], options = cumulative): string[][] {
  const builder = new FlushReportBuilder(options);
  const formatter = new TableFormatter();
  return snapshots.map((snapshot) => formatter.format(builder.build(snapshot)).map((entry) => entry.line));
}

/** The sample snapshot one flush later: 3 more GET requests, a colder room, one more job. */
function laterSnapshot(): Snapshot {
  const later: Record<string, MetricSnapshot['points']> = {
    app_requests_total: [
      { tags: tags({ method: 'GET', status: '200' }), value: 15 },
      { tags: tags({ method: 'POST', status: '500' }), value: 2.5 },
    ],
    app_temperature: [{ tags: tags({ room: 'a' }), value: 20 }],
    app_job_duration: [
      {
        tags: tags({ job: 'import' }),
        count: 4,
        sum: 1.76,
        min: 0.01,
        max: 1.5,
        buckets: [
          { upperBound: 0.1, count: 2 },
          { upperBound: 1, count: 3 },
          { upperBound: Number.POSITIVE_INFINITY, count: 4 },
        ],
      },
    ],
  };
  const snapshot = sampleSnapshot(T0 + 5000);
  const metrics = snapshot.metrics.map((metric) =>
    later[metric.name] ? ({ ...metric, points: later[metric.name] } as MetricSnapshot) : metric,
  );
  return { timestamp: snapshot.timestamp, metrics };
}

describe('TableFormatter', () => {
  it('prints aligned rows sorted by name, every series new on the first flush', () => {
    const [first] = tables([sampleSnapshot()]);
    expect(first).toEqual([
      '--- meterkit 2025-01-01T00:00:00.000Z: 7 series, 7 changed (cumulative) ---',
      'NAME                    TYPE       TAGS                    VALUE                                    CHANGE',
      'app_build_info          info       version=1.2.3           1                                        new',
      'app_job_duration        timer      job=import              count=3 sum=1.71 p50=0.55 p99=1          new',
      'app_payload_bytes       summary                            count=100 sum=5050 p50=50 p90=90 p99=99  new',
      'app_request_size_bytes  histogram  route=/users/:id        count=5 sum=22400 p50=775 p99=10000      new',
      'app_requests_total      counter    method=GET,status=200   12                                       new',
      'app_requests_total      counter    method=POST,status=500  2.5                                      new',
      'app_temperature         gauge      room=a                  21.5                                     new',
    ]);
  });

  it('shows the change since the previous flush', () => {
    const [, second] = tables([sampleSnapshot(), laterSnapshot()]);
    expect(second).toEqual([
      '--- meterkit 2025-01-01T00:00:05.000Z: 7 series, 3 changed (cumulative) ---',
      'NAME                    TYPE       TAGS                    VALUE                                    CHANGE',
      'app_build_info          info       version=1.2.3           1                                        0',
      'app_job_duration        timer      job=import              count=4 sum=1.76 p50=0.1 p99=1           +1',
      'app_payload_bytes       summary                            count=100 sum=5050 p50=50 p90=90 p99=99  0',
      'app_request_size_bytes  histogram  route=/users/:id        count=5 sum=22400 p50=775 p99=10000      0',
      'app_requests_total      counter    method=GET,status=200   15                                       +3',
      'app_requests_total      counter    method=POST,status=500  2.5                                      0',
      'app_temperature         gauge      room=a                  20                                       -1.5',
    ]);
  });

  it('with onlyChanged and delta temporality prints only what happened since the last flush', () => {
    const [, second] = tables([sampleSnapshot(), laterSnapshot()], {
      ...cumulative,
      temporality: 'delta',
      onlyChanged: true,
    });
    expect(second).toEqual([
      '--- meterkit 2025-01-01T00:00:05.000Z: 7 series, 3 changed (delta since previous flush) ---',
      'NAME                TYPE     TAGS                   VALUE                                CHANGE',
      'app_job_duration    timer    job=import             count=1 sum=0.05 p50=0.05 p99=0.099  +1',
      'app_requests_total  counter  method=GET,status=200  3                                    +3',
      'app_temperature     gauge    room=a                 20                                   -1.5',
    ]);
  });

  it('prints nothing when no series is to be logged', () => {
    const [, second] = tables([sampleSnapshot(), sampleSnapshot(T0 + 5000)], {
      ...cumulative,
      onlyChanged: true,
    });
    expect(second).toEqual([]);
    expect(tables([{ timestamp: T0, metrics: [] }])).toEqual([[]]);
  });

  it('quotes tag values that would break the TAGS column', () => {
    const snapshot: Snapshot = {
      timestamp: T0,
      metrics: [
        {
          name: 'x',
          type: 'gauge',
          description: '',
          unit: '',
          startTime: T0,
          points: [{ tags: tags({ a: 'one,two', b: 'new\nline', c: '' }), value: 1 }],
        },
      ],
    };
    expect(tables([snapshot])[0]?.[2]).toBe('x     gauge  a="one,two",b="new\\nline",c=""  1      new');
  });

  it.each([
    [0, '0'],
    [12, '12'],
    [-3, '-3'],
    [0.1 + 0.2, '0.3'],
    [12.6299, '12.63'],
    [1234567.891, '1234568'],
    [0.000012345678, '0.00001235'],
    [-0.5, '-0.5'],
    [999_999_999_999_999, '999999999999999'],
    [2 ** 53, '9.007e+15'],
    [1e21, '1.000e+21'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('shortNumber(%d) is %s', (value, expected) => {
    expect(shortNumber(value)).toBe(expected);
  });
});
