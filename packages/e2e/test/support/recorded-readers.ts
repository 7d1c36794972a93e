import { type BackendNames, CLASSIC } from './app-names.js';
import { PAYLOAD_BOUNDS, type Recorded, TIMER_BOUNDS } from './traffic.js';

/*
 * Turn what each backend holds into the fixture app's `Recorded` shape, so one comparison checks
 * every backend. Each reader takes the names its backend shows (`app-names.ts`: Prometheus
 * `e2e_work_requests_total`, `_bucket{le}`; OTLP names unchanged with per-bucket counts; StatsD
 * `e2e.work_requests.run.x.status.200` in milliseconds; the logger's JSON fields), classic by default.
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

/** Prometheus / Pushgateway samples of the fixture app's metrics (classic: namespace `e2e`). */
export function recordedFromExposition(
  samples: readonly ExpositionSample[],
  names: BackendNames = CLASSIC.prometheus,
): Recorded {
  const recorded = emptyRecorded();
  for (const { name, labels, value } of samples) {
    const status = labels[names.status] ?? '';
    switch (name) {
      case names.requests:
        recorded.requests[status] = value;
        break;
      case `${names.duration}_bucket`:
        setBucket(durationOf(recorded, status).buckets, TIMER_BOUNDS, labels.le, value);
        break;
      case `${names.duration}_count`:
        durationOf(recorded, status).count = value;
        break;
      case `${names.duration}_sum`:
        durationOf(recorded, status).sum = value;
        break;
      case `${names.payload}_bucket`:
        setBucket(recorded.payload.buckets, PAYLOAD_BOUNDS, labels.le, value);
        break;
      case `${names.payload}_count`:
        recorded.payload.count = value;
        break;
      case `${names.payload}_sum`:
        recorded.payload.sum = value;
        break;
      case names.depth:
        recorded.depth = value;
        break;
      case names.orderValue:
        recorded.orderValue.quantiles![String(parseBound(labels.quantile))] = value;
        break;
      case `${names.orderValue}_count`:
        recorded.orderValue.count = value;
        break;
      case `${names.orderValue}_sum`:
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
export function recordedFromOtlp(
  metrics: ReadonlyMap<string, readonly OtlpPointLike[]>,
  names: BackendNames = CLASSIC.otlp,
): Recorded {
  const recorded = emptyRecorded();
  const latest = (name: string) => {
    const byTags = new Map<string, OtlpPointLike>();
    for (const point of metrics.get(name) ?? [])
      byTags.set(String(point.attributes[names.status] ?? ''), point);
    return byTags;
  };
  for (const [status, point] of latest(names.requests)) recorded.requests[status] = point.value ?? 0;
  for (const [status, point] of latest(names.duration)) {
    recorded.duration[status] = {
      count: point.count ?? 0,
      sum: point.sum ?? 0,
      buckets: cumulativeFromOtlp(point, TIMER_BOUNDS),
    };
  }
  for (const point of latest(names.payload).values()) {
    recorded.payload = {
      count: point.count ?? 0,
      sum: point.sum ?? 0,
      buckets: cumulativeFromOtlp(point, PAYLOAD_BOUNDS),
    };
  }
  for (const point of latest(names.depth).values()) recorded.depth = point.value ?? Number.NaN;
  for (const point of latest(names.orderValue).values()) {
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
export function recordedFromLogLines(
  lines: readonly string[],
  names: BackendNames = CLASSIC.logger,
): Recorded {
  const recorded = emptyRecorded();
  for (const line of lines) {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      continue;
    }
    const status = record.tags?.[names.status] ?? '';
    switch (record.metric) {
      case names.requests:
        recorded.requests[status] = Number(record.value);
        break;
      case names.duration:
        recorded.duration[status] = {
          count: record.count ?? 0,
          sum: Number(record.sum),
          buckets: bucketsFromLog(record, TIMER_BOUNDS),
        };
        break;
      case names.payload:
        recorded.payload = {
          count: record.count ?? 0,
          sum: Number(record.sum),
          buckets: bucketsFromLog(record, PAYLOAD_BOUNDS),
        };
        break;
      case names.depth:
        recorded.depth = Number(record.value);
        break;
      case names.orderValue:
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
