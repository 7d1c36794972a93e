import type { MetricSnapshot, Snapshot } from '@meterkit/core';
import {
  buildInfoPoint,
  jobDurationPoint,
  payloadSummaryPoint,
  requestSizePoint,
  tags,
} from '@meterkit/test-support';

export { tags };

/** 2025-01-01T00:00:00.000Z */
export const T0 = 1_735_689_600_000;

const base = { description: '', unit: '', startTime: T0 - 60_000 };

/**
 * A snapshot with one metric of each type, values chosen so that quantiles can be computed by hand:
 * - app_request_size_bytes buckets 100:1 1000:3 10000:4 +Inf:5
 *   p50: rank 2.5 falls in (100, 1000] holding 2 → 100 + 900 * (1.5 / 2) = 775
 *   p99: rank 4.95 falls in +Inf → the highest finite bound, 10000
 * - app_job_duration (timer) buckets 0.1:1 1:2 +Inf:3
 *   p50: rank 1.5 in (0.1, 1] holding 1 → 0.1 + 0.9 * 0.5 = 0.55; p99: +Inf bucket → 1
 */
export function sampleSnapshot(timestamp = T0): Snapshot {
  const metrics: MetricSnapshot[] = [
    {
      ...base,
      name: 'app_requests_total',
      type: 'counter',
      description: 'Requests handled',
      points: [
        { tags: tags({ method: 'GET', status: '200' }), value: 12 },
        { tags: tags({ method: 'POST', status: '500' }), value: 2.5 },
      ],
    },
    {
      ...base,
      name: 'app_temperature',
      type: 'gauge',
      unit: 'celsius',
      points: [{ tags: tags({ room: 'a' }), value: 21.5 }],
    },
    {
      ...base,
      name: 'app_request_size_bytes',
      type: 'histogram',
      unit: 'bytes',
      points: [requestSizePoint()],
    },
    {
      ...base,
      name: 'app_job_duration',
      type: 'timer',
      unit: 'seconds',
      points: [jobDurationPoint()],
    },
    {
      ...base,
      name: 'app_payload_bytes',
      type: 'summary',
      unit: 'bytes',
      points: [payloadSummaryPoint()],
    },
    {
      ...base,
      name: 'app_build_info',
      type: 'info',
      points: [buildInfoPoint()],
    },
  ];
  return { timestamp, metrics };
}

/** A snapshot holding one counter series. */
export function counterSnapshot(
  value: number,
  timestamp = T0,
  tagRecord: Record<string, string> = {},
): Snapshot {
  return {
    timestamp,
    metrics: [
      { ...base, name: 'app_events_total', type: 'counter', points: [{ tags: tags(tagRecord), value }] },
    ],
  };
}
