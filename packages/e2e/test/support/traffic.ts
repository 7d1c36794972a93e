import { sleep } from '@meterkit/test-support';
import type { AppProcess } from './app-process.js';

/** One `POST /work` of the fixture app: what it records. */
export interface WorkItem {
  readonly status: '200' | '500';
  /** Duration recorded by the timer, in milliseconds (the app records `ms / 1000` seconds). */
  readonly ms: number;
  readonly bytes: number;
  readonly value: number;
  readonly depth: number;
}

/** The fixture app's bucket bounds (`test/fixtures/app.mjs`): timer in seconds, histogram in bytes. */
export const TIMER_BOUNDS = [0.01, 0.05, 0.1, 0.5] as const;
export const PAYLOAD_BOUNDS = [100, 1000, 10000] as const;
export const SUMMARY_QUANTILES = [0.5, 0.9] as const;

// No value sits on a bucket bound: Prometheus and OTLP count `value <= bound`, the Etsy daemon's
// histogram bins count `value < bound`, so values on a bound would land in different buckets.
const MS = [3, 7, 20, 42, 80, 130, 700];
const BYTES = [50, 300, 2000, 20000];
const VALUES = [5, 12.5, 40, 99.99, 250];

/** `count` deterministic work items: every fifth one fails with 500. */
export function workPlan(count: number, offset = 0): WorkItem[] {
  return Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    return {
      status: i % 5 === 4 ? '500' : '200',
      ms: MS[i % MS.length]!,
      bytes: BYTES[i % BYTES.length]!,
      value: VALUES[i % VALUES.length]!,
      depth: (i * 7) % 11,
    };
  });
}

/** Sends the items one after another (the gauge's last value is then the last item's). */
export async function drive(app: AppProcess, items: readonly WorkItem[]): Promise<void> {
  for (const item of items) await app.work({ ...item });
}

/** Sends the items in `batches` groups with a pause between them, so push backends flush mid-run. */
export async function driveInBatches(
  app: AppProcess,
  items: readonly WorkItem[],
  batches: number,
  pauseMs: number,
): Promise<void> {
  const size = Math.ceil(items.length / batches);
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await sleep(pauseMs);
    await drive(app, items.slice(start, start + size));
  }
}

/** A distribution as every backend can report it: count, sum and cumulative `value <= bound` counts. */
export interface Distribution {
  count: number;
  sum: number;
  /** Cumulative counts per finite upper bound, in the order of the bounds given. */
  buckets: number[];
}

/**
 * The exponential timer `work_latency` (E2E_EXPONENTIAL=1): count, sum and quantiles. The truth's
 * quantiles are the recorded values at rank ceil(q·n); a backend answers from its buckets.
 */
export interface ExponentialReading {
  count: number;
  sum: number;
  quantiles: Record<string, number>;
}

/** What the fixture app holds after the items: the truth each backend is compared with. */
export interface Recorded {
  /** `work_requests` by status. */
  requests: Record<string, number>;
  /** `work_duration` (seconds) by status. */
  duration: Record<string, Distribution>;
  payload: Distribution;
  /** `order_value`: count, sum and the configured quantiles. */
  orderValue: { count: number; sum: number; quantiles?: Record<string, number> };
  depth: number;
  /** `work_latency`, only in runs with E2E_EXPONENTIAL=1. */
  latency?: ExponentialReading;
}

function distribution(values: readonly number[], bounds: readonly number[]): Distribution {
  let sum = 0;
  for (const value of values) sum += value;
  return {
    count: values.length,
    sum,
    buckets: bounds.map((bound) => values.filter((value) => value <= bound).length),
  };
}

/**
 * Computes the truth from the items, the way the app records them (same float operations); with
 * `exponential`, the app's exponential timer too.
 */
export function expectedFrom(items: readonly WorkItem[], { exponential = false } = {}): Recorded {
  const requests: Record<string, number> = {};
  const durations: Record<string, number[]> = {};
  for (const item of items) {
    requests[item.status] = (requests[item.status] ?? 0) + 1;
    (durations[item.status] ??= []).push(item.ms / 1000);
  }
  const values = items.map((item) => item.value);
  return {
    requests,
    duration: Object.fromEntries(
      Object.entries(durations).map(([status, seconds]) => [status, distribution(seconds, TIMER_BOUNDS)]),
    ),
    payload: distribution(
      items.map((item) => item.bytes),
      PAYLOAD_BOUNDS,
    ),
    orderValue: { ...distribution(values, []), quantiles: exactQuantiles(values) },
    depth: items.at(-1)?.depth ?? 0,
    ...(exponential ? { latency: exponentialTruth(items.map((item) => item.ms / 1000)) } : {}),
  };
}

/** Count, sum and the quantiles at rank ceil(q·n) (Prometheus' and core's definition). */
function exponentialTruth(values: readonly number[]): ExponentialReading {
  const sorted = [...values].sort((a, b) => a - b);
  const { count, sum } = distribution(values, []);
  return {
    count,
    sum,
    quantiles: Object.fromEntries(
      SUMMARY_QUANTILES.map((q) => [String(q), sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!]),
    ),
  };
}

/**
 * The scale an exponential histogram of these values settles at: the finest (at most 20) whose
 * buckets from the smallest to the largest value number at most 160 (core's defaults). Bucket i at
 * scale s is (2^(i/2^s), 2^((i+1)/2^s)].
 */
export function exponentialScale(values: readonly number[]): number {
  const positive = values.filter((value) => value > 0);
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  for (let scale = 20; ; scale--) {
    const index = (value: number) => Math.ceil(Math.log2(value) * 2 ** scale) - 1;
    if (index(high) - index(low) + 1 <= 160) return scale;
  }
}

/** The exact quantile by rank `floor(q·(n−1))`, the definition core's summary approximates within 1%. */
function exactQuantiles(values: readonly number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  return Object.fromEntries(
    SUMMARY_QUANTILES.map((q) => [String(q), sorted[Math.floor(q * (sorted.length - 1))]!]),
  );
}
