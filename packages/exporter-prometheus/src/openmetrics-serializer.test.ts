import { describe, expect, it } from 'vitest';
import { everyTypeSnapshot, manyCounters, snapshotOf, tags } from '../test/fixtures/snapshots.js';
import { openMetricsChunks, serializeOpenMetrics } from './openmetrics-serializer.js';

const EXPECTED = `# TYPE app_requests counter
# HELP app_requests Requests handled
app_requests_total{method="GET",status="200"} 3
app_requests_total{method="POST",status="500"} 2.5
# TYPE app_temperature_celsius gauge
# UNIT app_temperature_celsius celsius
# HELP app_temperature_celsius Room temperature
app_temperature_celsius{room="a"} 21.5
app_temperature_celsius{room="b"} -3
# TYPE app_request_size_bytes histogram
# UNIT app_request_size_bytes bytes
# HELP app_request_size_bytes Request sizes
app_request_size_bytes_bucket{route="/users/:id",le="100.0"} 1
app_request_size_bytes_bucket{route="/users/:id",le="1000.0"} 3
app_request_size_bytes_bucket{route="/users/:id",le="10000.0"} 4
app_request_size_bytes_bucket{route="/users/:id",le="+Inf"} 5
app_request_size_bytes_sum{route="/users/:id"} 22400
app_request_size_bytes_count{route="/users/:id"} 5
# TYPE app_job_duration_seconds histogram
# UNIT app_job_duration_seconds seconds
# HELP app_job_duration_seconds Job durations
app_job_duration_seconds_bucket{job="import",le="0.1"} 1
app_job_duration_seconds_bucket{job="import",le="1.0"} 2
app_job_duration_seconds_bucket{job="import",le="+Inf"} 3
app_job_duration_seconds_sum{job="import"} 1.71
app_job_duration_seconds_count{job="import"} 3
# TYPE app_payload_bytes summary
# UNIT app_payload_bytes bytes
# HELP app_payload_bytes Payload sizes
app_payload_bytes{quantile="0.5"} 50
app_payload_bytes{quantile="0.9"} 90
app_payload_bytes{quantile="0.99"} 99
app_payload_bytes_sum 5050
app_payload_bytes_count 100
# TYPE app_build info
# HELP app_build Build information
app_build_info{version="1.2.3"} 1
# TYPE app_special_values gauge
# HELP app_special_values Special \\"values\\" with a \\\\ backslash\\nand a newline
app_special_values{kind="nan"} NaN
app_special_values{kind="pos"} +Inf
app_special_values{kind="neg"} -Inf
app_special_values{kind="quote\\"back\\\\slash\\nnewline"} 0
# EOF
`;

describe('serializeOpenMetrics', () => {
  it('writes every metric type in OpenMetrics 1.0, ending with # EOF', () => {
    expect(serializeOpenMetrics(everyTypeSnapshot)).toBe(EXPECTED);
  });

  it('writes # EOF for an empty snapshot', () => {
    expect(serializeOpenMetrics(snapshotOf())).toBe('# EOF\n');
  });

  it('leaves out a UNIT the family name does not end with, as the spec requires', () => {
    const text = serializeOpenMetrics(
      snapshotOf({
        name: 'payload',
        type: 'gauge',
        description: '',
        unit: 'bytes',
        startTime: 0,
        points: [{ tags: tags(), value: 1 }],
      }),
    );
    expect(text).toBe('# TYPE payload gauge\npayload 1\n# EOF\n');
  });

  it('names a counter family without _total and gives it a unit when the name ends in one', () => {
    const text = serializeOpenMetrics(
      snapshotOf({
        name: 'cpu_seconds_total',
        type: 'counter',
        description: '',
        unit: 'seconds',
        startTime: 0,
        points: [{ tags: tags(), value: 4.2 }],
      }),
    );
    expect(text).toBe(
      '# TYPE cpu_seconds counter\n# UNIT cpu_seconds seconds\ncpu_seconds_total 4.2\n# EOF\n',
    );
  });

  it('puts # EOF only at the very end of a chunked exposition', () => {
    const chunks = [...openMetricsChunks(manyCounters(500), { linesPerChunk: 64 })];
    expect(chunks.join('')).toBe(serializeOpenMetrics(manyCounters(500)));
    expect(chunks.filter((chunk) => chunk.includes('# EOF')).length).toBe(1);
    expect(chunks.at(-1)!.endsWith('# EOF\n')).toBe(true);
  });
});
