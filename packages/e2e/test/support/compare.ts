import { PAYLOAD_BOUNDS, type Recorded, SUMMARY_QUANTILES, TIMER_BOUNDS } from './traffic.js';

/** How closely a backend must match what the app recorded: each backend's documented limits. */
export interface Tolerance {
  /**
   * Relative error allowed on sums. StatsD sends milliseconds (`s × 1000`) and the daemon adds them
   * in sorted order, so its sums differ from the app's in the last bits; elsewhere they are exact.
   */
  readonly sum: number;
  /** Relative error allowed on summary quantiles: 1% for meterkit's sketch, 0 for the daemon's own. */
  readonly quantile: number;
  /**
   * Relative error allowed on the exponential histogram's quantiles: a backend answering from the
   * buckets is off by at most one bucket's width, `base − 1` at the histogram's scale; 0 for the
   * daemon, which computes its percentiles from the samples.
   */
  readonly exponentialQuantile: number;
}

export const EXACT: Tolerance = { sum: 0, quantile: 0.01, exponentialQuantile: 0 };
export const STATSD: Tolerance = { sum: 1e-9, quantile: 0, exponentialQuantile: 0 };

function close(actual: number, expected: number, relative: number): boolean {
  if (Object.is(actual, expected)) return true;
  return Math.abs(actual - expected) <= relative * Math.abs(expected);
}

/** Every difference between what a backend holds and what the app recorded; empty when they agree. */
export function differences(actual: Recorded, expected: Recorded, tolerance: Tolerance): string[] {
  const found: string[] = [];
  const check = (what: string, got: number | undefined, want: number, relative = 0) => {
    if (got === undefined || !close(got, want, relative)) found.push(`${what}: got ${got}, recorded ${want}`);
  };
  for (const [status, count] of Object.entries(expected.requests)) {
    check(`work_requests{status=${status}}`, actual.requests[status], count);
  }
  for (const [status, want] of Object.entries(expected.duration)) {
    const got = actual.duration[status];
    check(`work_duration{status=${status}} count`, got?.count, want.count);
    check(`work_duration{status=${status}} sum`, got?.sum, want.sum, tolerance.sum);
    TIMER_BOUNDS.forEach((bound, i) => {
      check(`work_duration{status=${status}} bucket le=${bound}`, got?.buckets[i], want.buckets[i]!);
    });
  }
  check('payload_bytes count', actual.payload.count, expected.payload.count);
  check('payload_bytes sum', actual.payload.sum, expected.payload.sum, tolerance.sum);
  PAYLOAD_BOUNDS.forEach((bound, i) => {
    check(`payload_bytes bucket le=${bound}`, actual.payload.buckets[i], expected.payload.buckets[i]!);
  });
  check('queue_depth', actual.depth, expected.depth);
  check('order_value count', actual.orderValue.count, expected.orderValue.count);
  check('order_value sum', actual.orderValue.sum, expected.orderValue.sum, tolerance.sum);
  for (const q of SUMMARY_QUANTILES) {
    const want = expected.orderValue.quantiles?.[String(q)];
    if (want !== undefined)
      check(`order_value quantile ${q}`, actual.orderValue.quantiles?.[String(q)], want, tolerance.quantile);
  }
  if (expected.latency !== undefined) {
    const got = actual.latency;
    check('work_latency count', got?.count, expected.latency.count);
    check('work_latency sum', got?.sum, expected.latency.sum, tolerance.sum);
    for (const q of SUMMARY_QUANTILES) {
      const want = expected.latency.quantiles[String(q)]!;
      check(`work_latency quantile ${q}`, got?.quantiles[String(q)], want, tolerance.exponentialQuantile);
    }
  }
  return found;
}

function num(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  return String(Number(value.toPrecision(10)));
}

/** One row of the README table: what one backend received (or what the app recorded). */
export function tableRow(label: string, recorded: Recorded, matches: string): string {
  const d = (status: string) => recorded.duration[status];
  const cells = [
    label,
    `${num(recorded.requests['200'])} / ${num(recorded.requests['500'])}`,
    `${num(d('200')?.count)} / ${num(d('500')?.count)}`,
    `${num(d('200')?.sum)} / ${num(d('500')?.sum)}`,
    (d('200')?.buckets ?? []).map(num).join(' '),
    `${num(recorded.payload.count)} / ${num(recorded.payload.sum)}`,
    recorded.payload.buckets.map(num).join(' '),
    num(recorded.depth),
    `${num(recorded.orderValue.count)} / ${num(recorded.orderValue.sum)}`,
    SUMMARY_QUANTILES.map((q) => num(recorded.orderValue.quantiles?.[String(q)])).join(' / '),
    `${num(recorded.latency?.count)} / ${num(recorded.latency?.sum)}`,
    SUMMARY_QUANTILES.map((q) => num(recorded.latency?.quantiles[String(q)])).join(' / '),
    matches,
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The table's header. */
export const TABLE_HEADER = [
  '| run → backend | requests 200 / 500 | duration count 200 / 500 | duration sum s 200 / 500 | duration{200} ≤0.01 ≤0.05 ≤0.1 ≤0.5 | payload count / sum | payload ≤100 ≤1000 ≤10000 | queue depth | order count / sum | order p50 / p90 | exponential latency count / sum s | exponential latency p50 / p90 s | matches |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
].join('\n');
