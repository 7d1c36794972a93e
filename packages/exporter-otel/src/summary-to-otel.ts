import type { SummaryMetricSnapshot, SummaryPoint } from '@meterkit/core';

import {
  type DataPoint,
  DataPointType,
  type GaugeMetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { millisToHrTime } from './hr-time.js';
import {
  attributesOf,
  dataPoint,
  descriptorOf,
  type Temporality,
  temporalityOf,
} from './otel-data-points.js';
import type { OtlpDeltas } from './otlp-deltas.js';
import { SUMMARY_DATA_POINT_TYPE, type SummaryMetricData } from './summary-metric-data.js';

/**
 * A meterkit summary as an OTLP `Summary`. OTLP defines summary points as cumulative whatever the
 * exporter's temporality ("count and sum ... since start_time"), so they never become deltas.
 * A quantile with no value yet (`NaN`: the sliding window is empty) is left out.
 */
export function summaryAsOtlpSummary(metric: SummaryMetricSnapshot, now: number): SummaryMetricData {
  const startTime = millisToHrTime(metric.startTime);
  const endTime = millisToHrTime(now);
  return {
    descriptor: descriptorOf(metric),
    dataPointType: SUMMARY_DATA_POINT_TYPE,
    dataPoints: metric.points.map((point) => ({
      startTime: point.startTime === undefined ? startTime : millisToHrTime(point.startTime),
      endTime,
      attributes: attributesOf(point.tags),
      value: {
        count: point.count,
        sum: point.sum,
        quantiles: point.quantiles.filter((q) => !Number.isNaN(q.value)),
      },
    })),
  };
}

/**
 * A meterkit summary in types every SDK reader knows: a gauge per quantile (attribute `quantile`,
 * the way Prometheus exposes summaries) plus `<name>_count` (monotonic sum) and `<name>_sum`
 * (non-monotonic: observations may be negative), both following the configured temporality.
 */
export function summaryAsGaugesAndSums(
  metric: SummaryMetricSnapshot,
  now: number,
  temporality: Temporality,
  deltas: OtlpDeltas,
): [GaugeMetricData, SumMetricData, SumMetricData] {
  const quantilePoints: DataPoint<number>[] = [];
  const countPoints: DataPoint<number>[] = [];
  const sumPoints: DataPoint<number>[] = [];
  for (const point of metric.points) {
    quantilePoints.push(...quantileGaugePoints(metric, point, now));
    let startTime = point.startTime ?? metric.startTime;
    let count = point.count;
    let sum = point.sum;
    if (temporality === 'delta') {
      // A summary's count and sum move together; tracking them as a one-bucket histogram makes a
      // falling count (a reset) restart both, while a falling sum (negative observations) does not.
      const totals = { count, sum, bounds: [], bucketCounts: [count] };
      const change = deltas.histogram(metric.name, point.tags, totals, startTime, now);
      ({ startTime, count, sum } = change);
    }
    countPoints.push(dataPoint(startTime, now, point.tags, count));
    sumPoints.push(dataPoint(startTime, now, point.tags, sum));
  }
  const base = descriptorOf(metric);
  return [
    {
      descriptor: base,
      aggregationTemporality: temporalityOf(temporality),
      dataPointType: DataPointType.GAUGE,
      dataPoints: quantilePoints,
    },
    {
      descriptor: { ...base, name: `${metric.name}_count`, unit: '1' },
      aggregationTemporality: temporalityOf(temporality),
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: countPoints,
    },
    {
      descriptor: { ...base, name: `${metric.name}_sum` },
      aggregationTemporality: temporalityOf(temporality),
      dataPointType: DataPointType.SUM,
      isMonotonic: false,
      dataPoints: sumPoints,
    },
  ];
}

function quantileGaugePoints(
  metric: SummaryMetricSnapshot,
  point: SummaryPoint,
  now: number,
): DataPoint<number>[] {
  const points: DataPoint<number>[] = [];
  for (const { quantile, value } of point.quantiles) {
    if (Number.isNaN(value)) continue;
    const withQuantile = dataPoint(metric.startTime, now, point.tags, value);
    points.push({ ...withQuantile, attributes: { ...withQuantile.attributes, quantile: String(quantile) } });
  }
  return points;
}
