import { PAYLOAD_BOUNDS, type Recorded, TIMER_BOUNDS } from './traffic.js';

/*
 * Turn what each backend holds into the fixture app's `Recorded` shape, so one comparison checks
 * every backend. Each reader knows its backend's naming: Prometheus `e2e_work_requests_total`,
 * `_seconds`, `_bucket{le}`; OTLP names unchanged with per-bucket counts; StatsD
 * `e2e.work_requests.run.x.status.200` in milliseconds; the logger's JSON fields.
 */

/** One sample in exposition style (Prometheus' query API, the Pushgateway's JSON API). */
export interface ExpositionSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** An empty `Recorded` to fill in: a backend that lost something shows the gap. */
export function emptyRecorded(): Recorded {
  return {
    requests: {},
    duration: {},
    payload: { count: 0, sum: 0, buckets: PAYLOAD_BOUNDS.map(() => 0) },
    orderValue: { count: 0, sum: 0, quantiles: {} },
    depth: Number.NaN,
  };
}

function durationOf(recorded: Recorded, status: string) {
  return (recorded.duration[status] ??= { count: 0, sum: 0, buckets: TIMER_BOUNDS.map(() => 0) });
}

/** Go's float spelling (`+Inf`) and OpenMetrics' (`1.0e+04`) both parse to the bound. */
export function parseBound(text: string | undefined): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  return Number(text);
}

function setBucket(buckets: number[], bounds: readonly number[], le: string | undefined, count: number) {
  const index = bounds.indexOf(parseBound(le));
  if (index >= 0) buckets[index] = count;
}

/** Prometheus / Pushgateway samples of the fixture app's metrics (namespace `e2e`). */
export function recordedFromExposition(samples: readonly ExpositionSample[]): Recorded {
  const recorded = emptyRecorded();
  for (const { name, labels, value } of samples) {
    const status = labels.status ?? '';
    switch (name) {
      case 'e2e_work_requests_total':
        recorded.requests[status] = value;
        break;
      case 'e2e_work_duration_seconds_bucket':
        setBucket(durationOf(recorded, status).buckets, TIMER_BOUNDS, labels.le, value);
        break;
      case 'e2e_work_duration_seconds_count':
        durationOf(recorded, status).count = value;
        break;
      case 'e2e_work_duration_seconds_sum':
        durationOf(recorded, status).sum = value;
        break;
      case 'e2e_payload_bytes_bucket':
        setBucket(recorded.payload.buckets, PAYLOAD_BOUNDS, labels.le, value);
        break;
      case 'e2e_payload_bytes_count':
        recorded.payload.count = value;
        break;
      case 'e2e_payload_bytes_sum':
        recorded.payload.sum = value;
        break;
      case 'e2e_queue_depth':
        recorded.depth = value;
        break;
      case 'e2e_order_value':
        recorded.orderValue.quantiles![String(parseBound(labels.quantile))] = value;
        break;
      case 'e2e_order_value_count':
        recorded.orderValue.count = value;
        break;
      case 'e2e_order_value_sum':
        recorded.orderValue.sum = value;
        break;
    }
  }
  return recorded;
}

/** A point as the OTLP receiver normalizes it. */
export interface OtlpPointLike {
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
  readonly explicitBounds?: readonly number[];
  readonly bucketCounts?: readonly number[];
  readonly quantiles?: ReadonlyArray<{ quantile: number; value: number }>;
}

/** OTLP buckets are per bucket; `Recorded` keeps Prometheus' cumulative `le` counts. */
function cumulativeFromOtlp(point: OtlpPointLike, bounds: readonly number[]): number[] {
  const explicit = point.explicitBounds ?? [];
  const perBucket = point.bucketCounts ?? [];
  let running = 0;
  const byBound = new Map<number, number>();
  explicit.forEach((bound, i) => {
    running += perBucket[i] ?? 0;
    byBound.set(bound, running);
  });
  return bounds.map((bound) => byBound.get(bound) ?? Number.NaN);
}

/**
 * The latest cumulative point of every series, from OTLP metrics in arrival order (`metrics` maps a
 * metric name to its points, oldest first).
 */
export function recordedFromOtlp(metrics: ReadonlyMap<string, readonly OtlpPointLike[]>): Recorded {
  const recorded = emptyRecorded();
  const latest = (name: string) => {
    const byTags = new Map<string, OtlpPointLike>();
    for (const point of metrics.get(name) ?? []) byTags.set(String(point.attributes.status ?? ''), point);
    return byTags;
  };
  for (const [status, point] of latest('e2e_work_requests')) recorded.requests[status] = point.value ?? 0;
  for (const [status, point] of latest('e2e_work_duration')) {
    recorded.duration[status] = {
      count: point.count ?? 0,
      sum: point.sum ?? 0,
      buckets: cumulativeFromOtlp(point, TIMER_BOUNDS),
    };
  }
  for (const point of latest('e2e_payload_bytes').values()) {
    recorded.payload = {
      count: point.count ?? 0,
      sum: point.sum ?? 0,
      buckets: cumulativeFromOtlp(point, PAYLOAD_BOUNDS),
    };
  }
  for (const point of latest('e2e_queue_depth').values()) recorded.depth = point.value ?? Number.NaN;
  for (const point of latest('e2e_order_value').values()) {
    recorded.orderValue = {
      count: point.count ?? 0,
      sum: point.sum ?? 0,
      quantiles: Object.fromEntries((point.quantiles ?? []).map((q) => [String(q.quantile), q.value])),
    };
  }
  return recorded;
}

/** One JSON line of the logger backend. */
interface LogRecord {
  metric: string;
  tags: Record<string, string>;
  value?: number | string;
  count?: number;
  sum?: number | string;
  buckets?: Array<[number | string, number]>;
  [quantileField: string]: unknown;
}

function bucketsFromLog(record: LogRecord, bounds: readonly number[]): number[] {
  const byBound = new Map((record.buckets ?? []).map(([bound, count]) => [Number(bound), count]));
  return bounds.map((bound) => byBound.get(bound) ?? Number.NaN);
}

/** The last line of every series among the logger's JSON lines (cumulative, the default). */
export function recordedFromLogLines(lines: readonly string[]): Recorded {
  const recorded = emptyRecorded();
  for (const line of lines) {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      continue;
    }
    const status = record.tags?.status ?? '';
    switch (record.metric) {
      case 'e2e_work_requests':
        recorded.requests[status] = Number(record.value);
        break;
      case 'e2e_work_duration':
        recorded.duration[status] = {
          count: record.count ?? 0,
          sum: Number(record.sum),
          buckets: bucketsFromLog(record, TIMER_BOUNDS),
        };
        break;
      case 'e2e_payload_bytes':
        recorded.payload = {
          count: record.count ?? 0,
          sum: Number(record.sum),
          buckets: bucketsFromLog(record, PAYLOAD_BOUNDS),
        };
        break;
      case 'e2e_queue_depth':
        recorded.depth = Number(record.value);
        break;
      case 'e2e_order_value':
        recorded.orderValue = {
          count: record.count ?? 0,
          sum: Number(record.sum),
          // Summaries log their configured quantiles as p50, p90 …
          quantiles: Object.fromEntries(
            Object.entries(record)
              .filter(([key]) => /^p\d/.test(key))
              .map(([key, value]) => [String(Number(`0.${key.slice(1).replace('.', '')}`)), Number(value)]),
          ),
        };
        break;
    }
  }
  return recorded;
}
