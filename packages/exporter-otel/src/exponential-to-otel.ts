import type {
  ExponentialBucketSpan,
  ExponentialBuckets,
  HistogramMetricSnapshot,
  HistogramPoint,
} from '@meterkit/core';
import { exponentialLowerBound, histogramColumns } from '@meterkit/core/exporter-kit';
import {
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type ExponentialHistogramMetricData,
} from '@opentelemetry/sdk-metrics';
import { millisToHrTime } from './hr-time.js';
import { descriptorOf, pointAt, type Temporality, temporalityOf, withExemplars } from './otel-data-points.js';
import type { OtlpDeltas } from './otlp-deltas.js';
import { exponentialExemplars } from './otlp-exemplars.js';

/**
 * True when the histogram or timer keeps exponential buckets. All its series do, or none (core
 * gives every series of a histogram the same buckets), so its first series tells: scanning 10,000
 * points for it cost more than a millisecond per export.
 */
export function isExponential(metric: HistogramMetricSnapshot): boolean {
  // Core keeps classic histograms as columns; exponential ones as points.
  if (histogramColumns(metric) !== undefined) return false;
  return metric.points.length > 0 && metric.points[0]!.exponential !== undefined;
}

/**
 * An exponential histogram as OTLP `ExponentialHistogram` points: scale, zero count, positive and
 * negative bucket spans, min and max. OTLP has one data type per metric, so a histogram that also
 * has explicit `buckets` is sent as exponential only. OTLP requires `count` to equal the zero count
 * plus every bucket count, so `count` here leaves out ±Infinity observations (they have no
 * exponential bucket); `sum` is the recorded sum (infinite if one was observed).
 */
export function exponentialHistogramData(
  metric: HistogramMetricSnapshot,
  now: number,
  temporality: Temporality,
  deltas: OtlpDeltas,
): ExponentialHistogramMetricData {
  const start = millisToHrTime(metric.startTime);
  const end = millisToHrTime(now);
  const dataPoints: DataPoint<ExponentialHistogram>[] = [];
  for (const point of metric.points) {
    const buckets = point.exponential;
    if (buckets === undefined) continue;
    const count = bucketTotal(buckets);
    if (temporality === 'cumulative') {
      const seriesStart = point.startTime === undefined ? start : millisToHrTime(point.startTime);
      dataPoints.push(
        withExemplars(
          pointAt(seriesStart, end, point.tags, otelValue(buckets, count, point.sum, point, true)),
          exponentialExemplars(point, point.startTime ?? metric.startTime),
        ),
      );
      continue;
    }
    const totals = { count, sum: point.sum, buckets };
    const change = deltas.exponential(
      metric.name,
      point.tags,
      totals,
      point.startTime ?? metric.startTime,
      now,
    );
    // All-time min and max describe the interval only when it holds everything (see the explicit case).
    const value = otelValue(change.buckets, change.count, change.sum, point, change.fresh);
    dataPoints.push(
      withExemplars(
        pointAt(millisToHrTime(change.startTime), end, point.tags, value),
        exponentialExemplars(point, change.startTime),
      ),
    );
  }
  return {
    descriptor: descriptorOf(metric),
    aggregationTemporality: temporalityOf(temporality),
    dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
    dataPoints,
  };
}

/**
 * `point` with classic buckets a text exposition can use: unchanged when it has explicit buckets,
 * otherwise (an exponential-only series, whose single classic bucket is `+Inf`) one cumulative bucket
 * per exponential bucket, bounded by its upper edge (negative buckets by their edge nearer zero).
 */
export function withExplicitBuckets(point: HistogramPoint): HistogramPoint {
  const e = point.exponential;
  if (e === undefined || point.buckets.length > 1) return point;
  const buckets: Array<{ upperBound: number; count: number }> = [];
  let running = 0;
  const push = (upperBound: number, count: number) => {
    running += count;
    buckets.push({ upperBound, count: running });
  };
  for (let i = e.negative.counts.length - 1; i >= 0; i--)
    push(-exponentialLowerBound(e.negative.offset + i, e.scale), e.negative.counts[i]!);
  if (e.zeroCount > 0) push(0, e.zeroCount);
  for (let i = 0; i < e.positive.counts.length; i++)
    push(exponentialLowerBound(e.positive.offset + i + 1, e.scale), e.positive.counts[i]!);
  // The +Inf bucket holds everything, infinite observations included; a bound of +Inf (the top
  // bucket at a coarse scale) is folded into it.
  while (buckets.length > 0 && buckets[buckets.length - 1]!.upperBound === Number.POSITIVE_INFINITY)
    buckets.pop();
  buckets.push({ upperBound: Number.POSITIVE_INFINITY, count: point.count });
  return { ...point, buckets };
}

function otelValue(
  buckets: ExponentialBuckets,
  count: number,
  sum: number,
  point: HistogramPoint,
  withMinMax: boolean,
): ExponentialHistogram {
  const known = withMinMax && count > 0 && point.min !== undefined && point.max !== undefined;
  // The SDK aggregator's field order: one object shape for its serializer.
  return {
    min: known ? point.min : undefined,
    max: known ? point.max : undefined,
    sum,
    positive: otelSpan(buckets.positive),
    negative: otelSpan(buckets.negative),
    count,
    scale: buckets.scale,
    zeroCount: buckets.zeroCount,
  };
}

function otelSpan(span: ExponentialBucketSpan): { offset: number; bucketCounts: number[] } {
  return { offset: span.offset, bucketCounts: [...span.counts] };
}

function bucketTotal(buckets: ExponentialBuckets): number {
  let total = buckets.zeroCount;
  for (const count of buckets.positive.counts) total += count;
  for (const count of buckets.negative.counts) total += count;
  return total;
}
