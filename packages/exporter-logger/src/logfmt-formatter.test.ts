import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedSeries } from '../test/expected-series.js';
import { counterSnapshot, sampleSnapshot, T0 } from '../test/fixtures.js';
import { parseLogfmt, readLogfmtLines } from '../test/read-back.js';
import { FlushReportBuilder } from './flush-report.js';
import { LogfmtFormatter, logfmtValue } from './logfmt-formatter.js';

const options = { temporality: 'cumulative', onlyChanged: false, quantiles: [0.5, 0.99] } as const;

function logfmtLines(snapshot = sampleSnapshot()): string[] {
  const report = new FlushReportBuilder(options).build(snapshot);
  return new LogfmtFormatter().format(report).map((entry) => entry.line);
}

describe('LogfmtFormatter', () => {
  it('writes one key=value line per series, tags prefixed with tags.', () => {
    const time = 'time=2025-01-01T00:00:00.000Z';
    expect(logfmtLines()).toEqual([
      `${time} metric=app_requests_total type=counter tags.method=GET tags.status=200 value=12`,
      `${time} metric=app_requests_total type=counter tags.method=POST tags.status=500 value=2.5`,
      `${time} metric=app_temperature type=gauge unit=celsius tags.room=a value=21.5`,
      `${time} metric=app_request_size_bytes type=histogram unit=bytes tags.route=/users/:id count=5 sum=22400 min=50 max=20000 p50=775 p99=10000`,
      `${time} metric=app_job_duration type=timer unit=seconds tags.job=import count=3 sum=1.71 min=0.01 max=1.5 p50=0.55 p99=1`,
      `${time} metric=app_payload_bytes type=summary unit=bytes count=100 sum=5050 p50=50 p90=90 p99=99`,
      `${time} metric=app_build_info type=info tags.version=1.2.3 value=1`,
    ]);
  });

  it('parses back to the snapshot (without buckets, which logfmt leaves out)', () => {
    const snapshot = sampleSnapshot();
    expect(readLogfmtLines(logfmtLines(snapshot))).toEqual(
      expectedSeries(snapshot, { buckets: false, quantiles: [0.5, 0.99] }),
    );
  });

  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['a b', '"a b"'],
    ['k=v', '"k=v"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir', '"C:\\\\dir"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['tab\there', '"tab\\there"'],
    ['\u0007bell', '"\\u0007bell"'],
    ['del\u007f', '"del\\u007f"'],
    ['para\u2029graph', '"para\\u2029graph"'],
    ['lone\ud800', '"lone\\ud800"'],
    ['ünïcödé/ok:1', 'ünïcödé/ok:1'],
  ])('quotes %j as %s', (value, expected) => {
    expect(logfmtValue(value)).toBe(expected);
    expect(parseLogfmt(`k=${logfmtValue(value)}`)).toEqual({ k: value });
  });

  it('keeps any tag value and any number intact through a logfmt parser (property)', () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(
        fc.string({ unit: anyCodeUnit }),
        fc.string({ unit: anyCodeUnit }),
        fc.double().filter((v) => !Object.is(v, -0)),
        (first, second, value) => {
          const [series] = readLogfmtLines(logfmtLines(counterSnapshot(value, T0, { a: first, b: second })));
          expect(series).toEqual({ name: 'app_events_total', tags: { a: first, b: second }, value });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('LogfmtFormatter with dotted and UTF-8 names', () => {
  it('logs the original name and keys; a key with a space or = has those written as _', () => {
    const snapshot = counterSnapshot(3, T0, { 'http.route': '/a b', 'my key=x': 'v' });
    const named = { ...snapshot, metrics: [{ ...snapshot.metrics[0]!, name: 'http.server.requests' }] };
    const [line] = logfmtLines(named);
    expect(line).toContain('metric=http.server.requests ');
    expect(line).toContain(' tags.http.route="/a b" tags.my_key_x=v ');
  });
});
