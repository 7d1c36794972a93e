import { queryScalar } from '@meterkit/test-support';
import { CLASSIC } from './app-names.js';
import { type ExponentialReading, SUMMARY_QUANTILES } from './traffic.js';

/*
 * The fixture app's exponential timer `work_latency` (E2E_EXPONENTIAL=1) as each backend holds it:
 * Prometheus (with native histograms) answers PromQL on the native series; an OTLP
 * `ExponentialHistogram` point is read bucket by bucket; the logger's JSON line has count, sum and
 * its own quantiles. (StatsD: see statsd-reader.ts; the daemon gets the samples.)
 */

/** `histogram_count`, `histogram_sum` and `histogram_quantile` of the native series of one job. */
export async function exponentialFromPrometheus(
  baseUrl: string,
  job: string,
  name = CLASSIC.prometheus.latency,
): Promise<ExponentialReading> {
  const series = `${name}{job="${job}"}`;
  const quantiles: Record<string, number> = {};
  for (const q of SUMMARY_QUANTILES) {
    quantiles[String(q)] = (await queryScalar(baseUrl, `histogram_quantile(${q}, ${series})`)) ?? Number.NaN;
  }
  return {
    count: (await queryScalar(baseUrl, `histogram_count(${series})`)) ?? Number.NaN,
    sum: (await queryScalar(baseUrl, `histogram_sum(${series})`)) ?? Number.NaN,
    quantiles,
  };
}

/** An OTLP exponential histogram point as the receiver normalizes it. */
export interface OtlpExponentialPointLike {
  readonly count?: number;
  readonly sum?: number;
  readonly scale?: number;
  readonly zeroCount?: number;
  readonly positive?: { readonly offset: number; readonly bucketCounts: readonly number[] };
}

/**
 * The upper bound of the bucket that holds rank ceil(q·count), counting the zero bucket first and
 * then the positive buckets (the app records no negative value). OTLP's bucket `offset + i` is
 * (base^(offset+i), base^(offset+i+1)], base = 2^(2^-scale), so the true value is at most one
 * bucket width below this.
 */
function upperBoundAtRank(point: OtlpExponentialPointLike, q: number): number {
  const rank = Math.max(1, Math.ceil(q * (point.count ?? 0)));
  let seen = point.zeroCount ?? 0;
  if (seen >= rank) return 0;
  const { offset = 0, bucketCounts = [] } = point.positive ?? {};
  for (const [i, count] of bucketCounts.entries()) {
    seen += count;
    if (seen >= rank) return 2 ** ((offset + i + 1) / 2 ** (point.scale ?? 0));
  }
  return Number.NaN;
}

/** Count, sum and quantiles of the latest OTLP point of `work_latency`, or undefined without one. */
export function exponentialFromOtlp(
  points: readonly OtlpExponentialPointLike[] | undefined,
): ExponentialReading | undefined {
  const point = points?.at(-1);
  if (point === undefined) return undefined;
  return {
    count: point.count ?? Number.NaN,
    sum: point.sum ?? Number.NaN,
    quantiles: Object.fromEntries(SUMMARY_QUANTILES.map((q) => [String(q), upperBoundAtRank(point, q)])),
  };
}

/** Count, sum and `p50`/`p90` of the logger's last JSON line for `work_latency` (or `name`). */
export function exponentialFromLogLines(
  lines: readonly string[],
  name = CLASSIC.logger.latency,
): ExponentialReading | undefined {
  let found: Record<string, unknown> | undefined;
  for (const line of lines) {
    if (!line.includes(`"${name}"`)) continue;
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record.metric === name) found = record;
    } catch {
      // not a JSON line
    }
  }
  if (found === undefined) return undefined;
  return {
    count: Number(found.count),
    sum: Number(found.sum),
    quantiles: Object.fromEntries(
      SUMMARY_QUANTILES.map((q) => [String(q), Number(found[`p${String(q * 100)}`])]),
    ),
  };
}
