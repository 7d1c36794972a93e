import type { MetricSnapshot, SummaryPoint } from '@meterkit/core';

/**
 * What of a worker's last snapshot still holds once the worker stopped answering: the cumulative
 * values (counters, histograms, timers, summary count and sum). They never go back, so adding them
 * keeps the cluster's totals from dropping, which Prometheus' `rate()` would read as a counter reset
 * and turn into a spike. Gauges, info and summary windows describe the present: they are dropped.
 */
export function cumulativePart(metrics: readonly MetricSnapshot[]): MetricSnapshot[] {
  const kept: MetricSnapshot[] = [];
  for (const metric of metrics) {
    switch (metric.type) {
      case 'counter':
      case 'histogram':
      case 'timer':
        kept.push(metric);
        break;
      case 'summary':
        kept.push({
          ...metric,
          points: metric.points.map(
            ({ tags, count, sum }): SummaryPoint => ({ tags, count, sum, quantiles: [] }),
          ),
        });
        break;
      default:
        break;
    }
  }
  return kept;
}
