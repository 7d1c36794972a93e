import type { CanonicalTags, HistogramPoint, SummaryPoint } from '@meterkit/core';

/** A histogram point as core builds it: cumulative buckets ending with +Inf, min and max. */
export function histogramPoint(
  bounds: readonly number[],
  observations: readonly number[],
  tags: CanonicalTags = [],
): HistogramPoint {
  const all = [...bounds, Number.POSITIVE_INFINITY];
  return {
    tags,
    count: observations.length,
    sum: observations.reduce((a, b) => a + b, 0),
    min: observations.length ? Math.min(...observations) : undefined,
    max: observations.length ? Math.max(...observations) : undefined,
    buckets: all.map((upperBound) => ({
      upperBound,
      count: observations.filter((o) => o <= upperBound).length,
    })),
  };
}

/** A summary point with the given quantile values. */
export function summaryPoint(
  count: number,
  sum: number,
  quantiles: ReadonlyArray<[number, number]>,
  tags: CanonicalTags = [],
): SummaryPoint {
  return { tags, count, sum, quantiles: quantiles.map(([quantile, value]) => ({ quantile, value })) };
}
