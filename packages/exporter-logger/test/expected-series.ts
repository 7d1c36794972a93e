import type { Snapshot } from '@meterkit/core';
import { histogramQuantile } from '@meterkit/core/exporter-kit';
import type { ReadSeries } from '@meterkit/core/testing';

/**
 * What a cumulative flush of `snapshot` should read back as, computed straight from the snapshot
 * (histogram quantiles with core's `histogramQuantile`). `buckets: false` for formats without them.
 */
export function expectedSeries(
  snapshot: Snapshot,
  options: { buckets: boolean; quantiles: number[] },
): ReadSeries[] {
  const out: ReadSeries[] = [];
  for (const metric of snapshot.metrics) {
    for (const point of metric.points) {
      const tagRecord = Object.fromEntries(point.tags.map((tag) => [tag.key, tag.value]));
      const series: ReadSeries = { name: metric.name, tags: tagRecord };
      if ('value' in point) series.value = point.value;
      if ('count' in point) {
        series.count = point.count;
        series.sum = point.sum;
      }
      if ('buckets' in point) {
        const quantiles = options.quantiles
          .map((quantile) => ({ quantile, value: histogramQuantile(quantile, point.buckets) }))
          .filter((q) => !Number.isNaN(q.value));
        if (quantiles.length > 0) series.quantiles = quantiles;
        if (options.buckets)
          series.buckets = point.buckets.map((b) => ({ upperBound: b.upperBound, count: b.count }));
      }
      if ('quantiles' in point && point.quantiles.length > 0) {
        series.quantiles = point.quantiles.map((q) => ({ quantile: q.quantile, value: q.value }));
      }
      out.push(series);
    }
  }
  return out;
}
