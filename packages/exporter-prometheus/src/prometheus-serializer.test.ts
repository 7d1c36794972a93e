import { describe, expect, it } from 'vitest';
import { everyTypeSnapshot, manyCounters, snapshotOf, tags } from '../test/fixtures/snapshots.js';
import { prometheusTextChunks, serializePrometheusText } from './prometheus-serializer.js';

const EXPECTED = `# HELP app_requests_total Requests handled
# TYPE app_requests_total counter
app_requests_total{method="GET",status="200"} 3
app_requests_total{method="POST",status="500"} 2.5
# HELP app_temperature_celsius Room temperature
# TYPE app_temperature_celsius gauge
app_temperature_celsius{room="a"} 21.5
app_temperature_celsius{room="b"} -3
# HELP app_request_size_bytes Request sizes
# TYPE app_request_size_bytes histogram
app_request_size_bytes_bucket{route="/users/:id",le="100"} 1
app_request_size_bytes_bucket{route="/users/:id",le="1000"} 3
app_request_size_bytes_bucket{route="/users/:id",le="10000"} 4
app_request_size_bytes_bucket{route="/users/:id",le="+Inf"} 5
app_request_size_bytes_sum{route="/users/:id"} 22400
app_request_size_bytes_count{route="/users/:id"} 5
# HELP app_job_duration_seconds Job durations
# TYPE app_job_duration_seconds histogram
app_job_duration_seconds_bucket{job="import",le="0.1"} 1
app_job_duration_seconds_bucket{job="import",le="1"} 2
app_job_duration_seconds_bucket{job="import",le="+Inf"} 3
app_job_duration_seconds_sum{job="import"} 1.71
app_job_duration_seconds_count{job="import"} 3
# HELP app_payload_bytes Payload sizes
# TYPE app_payload_bytes summary
app_payload_bytes{quantile="0.5"} 50
app_payload_bytes{quantile="0.9"} 90
app_payload_bytes{quantile="0.99"} 99
app_payload_bytes_sum 5050
app_payload_bytes_count 100
# HELP app_build_info Build information
# TYPE app_build_info gauge
app_build_info{version="1.2.3"} 1
# HELP app_special_values Special "values" with a \\\\ backslash\\nand a newline
# TYPE app_special_values gauge
app_special_values{kind="nan"} NaN
app_special_values{kind="pos"} +Inf
app_special_values{kind="neg"} -Inf
app_special_values{kind="quote\\"back\\\\slash\\nnewline"} 0
`;

describe('serializePrometheusText', () => {
  it('writes every metric type in text format 0.0.4', () => {
    expect(serializePrometheusText(everyTypeSnapshot)).toBe(EXPECTED);
  });

  it('keeps a counter name that already ends in _total and a timer already in _seconds', () => {
    const text = serializePrometheusText(
      snapshotOf(
        {
          name: 'jobs_total',
          type: 'counter',
          description: '',
          unit: '',
          startTime: 0,
          points: [{ tags: tags(), value: 1 }],
        },
        {
          name: 'wait_seconds',
          type: 'timer',
          description: '',
          unit: 'seconds',
          startTime: 0,
          points: [
            {
              tags: tags(),
              count: 0,
              sum: 0,
              min: undefined,
              max: undefined,
              buckets: [{ upperBound: Number.POSITIVE_INFINITY, count: 0 }],
            },
          ],
        },
      ),
    );
    expect(text).toBe(
      '# TYPE jobs_total counter\njobs_total 1\n# TYPE wait_seconds histogram\nwait_seconds_bucket{le="+Inf"} 0\nwait_seconds_sum 0\nwait_seconds_count 0\n',
    );
  });

  it('adds the +Inf bucket when a hand-built histogram lacks it', () => {
    const text = serializePrometheusText(
      snapshotOf({
        name: 'h',
        type: 'histogram',
        description: '',
        unit: '',
        startTime: 0,
        points: [{ tags: tags(), count: 2, sum: 3, min: 1, max: 2, buckets: [{ upperBound: 1, count: 1 }] }],
      }),
    );
    expect(text).toContain('h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\n');
  });

  it('skips metrics without series', () => {
    const text = serializePrometheusText(
      snapshotOf({
        name: 'idle',
        type: 'gauge',
        description: 'nothing yet',
        unit: '',
        startTime: 0,
        points: [],
      }),
    );
    expect(text).toBe('');
  });

  it('drops a metric whose exposed name collides with an earlier one and reports it', () => {
    const conflicts: Error[] = [];
    const text = serializePrometheusText(
      snapshotOf(
        {
          name: 'jobs',
          type: 'counter',
          description: '',
          unit: '',
          startTime: 0,
          points: [{ tags: tags(), value: 1 }],
        },
        {
          name: 'jobs_total',
          type: 'gauge',
          description: '',
          unit: '',
          startTime: 0,
          points: [{ tags: tags(), value: 9 }],
        },
      ),
      { onConflict: (error) => conflicts.push(error) },
    );
    expect(text).toBe('# TYPE jobs_total counter\njobs_total 1\n');
    expect(conflicts.map((error) => error.message)).toEqual([
      'Metric "jobs_total" (gauge) was not exposed: the name "jobs_total" is already used',
    ]);
  });

  it('yields chunks whose concatenation is the whole exposition', () => {
    const snapshot = manyCounters(1000);
    const chunks = [...prometheusTextChunks(snapshot, { linesPerChunk: 100 })];
    expect(chunks.length).toBe(11);
    expect(chunks.join('')).toBe(serializePrometheusText(snapshot));
    expect(chunks[1]!.split('\n').length - 1).toBe(100);
  });
});
