import { ProtobufWriter } from '@meterkit/exporter-prometheus';
import { ValueType } from '@opentelemetry/api';
import {
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ExemplarCarrier } from './otlp-exemplars.js';
import { attributes, counter64, exemplars, sfixed64, temporality, times } from './otlp-protobuf-fields.js';
import { writeCounterPoints, writeHistogramPoints } from './otlp-protobuf-snapshot.js';
import { counterSourceOf, histogramSourceOf } from './snapshot-metric-data.js';
import type { MeterkitMetricData, SummaryDataPoint } from './summary-metric-data.js';

/*
 * An OTLP `ExportMetricsServiceRequest` in protobuf, written straight from the SDK's metric data
 * with exporter-prometheus' ProtobufWriter (the one protobuf writer of meterkit). It writes what the
 * SDK's serializer writes, field for field and in its order, plus what the SDK has no type for:
 * summaries and exemplars. Cumulative histograms built from a snapshot are written from its points
 * (otlp-protobuf-snapshot.ts). Field numbers from opentelemetry-proto metrics/v1/metrics.proto,
 * common/v1/common.proto and collector/metrics/v1/metrics_service.proto.
 */

/**
 * Encodes one batch; a writer may be passed to reuse its grown buffer between exports, and the
 * length of the previous request as `expectedLength`: the room kept for the length of each message
 * around the points, so a request of megabytes is not moved a few bytes right once per nesting
 * level as each closes (the bytes are the same either way).
 */
export function encodeMetricsRequest(
  metrics: ResourceMetrics,
  writer = new ProtobufWriter(),
  expectedLength = 0,
): Uint8Array {
  writer.reset();
  writer.message(1, expectedLength); // ExportMetricsServiceRequest.resource_metrics
  writer.message(1); // ResourceMetrics.resource
  attributes(writer, 1, metrics.resource.attributes);
  writer.uint64(2, 0); // Resource.dropped_attributes_count, written as the SDK does
  writer.end();
  for (const scopeMetrics of metrics.scopeMetrics) {
    writer.message(2, expectedLength);
    const scope = scopeMetrics.scope;
    writer.message(1).string(1, scope.name);
    if (scope.version) writer.string(2, scope.version);
    writer.end();
    for (const metric of scopeMetrics.metrics as readonly MeterkitMetricData[])
      metricMessage(writer, metric, expectedLength);
    if (scope.schemaUrl) writer.string(3, scope.schemaUrl);
    writer.end();
  }
  if (metrics.resource.schemaUrl) writer.string(3, metrics.resource.schemaUrl);
  writer.end();
  return writer.finish();
}

function metricMessage(writer: ProtobufWriter, metric: MeterkitMetricData, expectedLength: number): void {
  writer.message(2, expectedLength).string(1, metric.descriptor.name);
  if (metric.descriptor.description) writer.string(2, metric.descriptor.description);
  if (metric.descriptor.unit) writer.string(3, metric.descriptor.unit);
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
    case DataPointType.SUM: {
      const integers = metric.descriptor.valueType === ValueType.INT;
      writer.message(metric.dataPointType === DataPointType.GAUGE ? 5 : 7, expectedLength);
      const source = counterSourceOf(metric);
      if (source === undefined) for (const point of metric.dataPoints) numberPoint(writer, point, integers);
      else
        writeCounterPoints(writer, source, (point) => numberPoint(writer, source.pointOf(point), integers));
      if (metric.dataPointType === DataPointType.SUM) {
        temporality(writer, metric.aggregationTemporality);
        writer.bool(3, metric.isMonotonic);
      }
      writer.end();
      break;
    }
    case DataPointType.HISTOGRAM: {
      writer.message(9, expectedLength);
      const source = histogramSourceOf(metric);
      if (source === undefined) for (const point of metric.dataPoints) histogramPoint(writer, point);
      else writeHistogramPoints(writer, source, (point) => histogramPoint(writer, source.pointOf(point)));
      temporality(writer, metric.aggregationTemporality);
      writer.end();
      break;
    }
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      writer.message(10);
      for (const point of metric.dataPoints) exponentialPoint(writer, point);
      temporality(writer, metric.aggregationTemporality);
      writer.end();
      break;
    default:
      writer.message(11);
      for (const point of metric.dataPoints) summaryPoint(writer, point);
      writer.end();
  }
  writer.end();
}

/** NumberDataPoint { 2 start, 3 time, 4 as_double | 6 as_int, 7 attributes, 5 exemplars }. */
function numberPoint(writer: ProtobufWriter, point: DataPoint<number> & ExemplarCarrier, integers: boolean) {
  writer.message(1);
  times(writer, point);
  if (integers) sfixed64(writer, 6, point.value);
  else writer.double(4, point.value);
  attributes(writer, 7, point.attributes);
  exemplars(writer, 5, point.exemplars);
  writer.end();
}

/** HistogramDataPoint { 2, 3 times, 4 count, 5 sum, 6 bucket_counts, 7 explicit_bounds, 9 attributes, 11 min, 12 max, 8 exemplars }. */
function histogramPoint(writer: ProtobufWriter, point: DataPoint<Histogram> & ExemplarCarrier): void {
  const value = point.value;
  writer.message(1);
  times(writer, point);
  counter64(writer, 4, value.count);
  if (value.sum !== undefined) writer.double(5, value.sum);
  const { counts, boundaries } = value.buckets;
  if (counts.length > 0) {
    writer.message(6);
    for (const count of counts) writer.rawFixed64(count);
    writer.end();
  }
  if (boundaries.length > 0) {
    writer.message(7);
    for (const bound of boundaries) writer.rawDouble(bound);
    writer.end();
  }
  attributes(writer, 9, point.attributes);
  if (value.min !== undefined) writer.double(11, value.min);
  if (value.max !== undefined) writer.double(12, value.max);
  exemplars(writer, 8, point.exemplars);
  writer.end();
}

/** ExponentialHistogramDataPoint { 1 attributes, 2, 3 times, 4 count, 5 sum, 6 scale, 7 zero_count, 8/9 buckets, 12 min, 13 max, 11 exemplars }. */
function exponentialPoint(
  writer: ProtobufWriter,
  point: DataPoint<ExponentialHistogram> & ExemplarCarrier,
): void {
  const value = point.value;
  writer.message(1);
  attributes(writer, 1, point.attributes);
  times(writer, point);
  counter64(writer, 4, value.count);
  if (value.sum !== undefined) writer.double(5, value.sum);
  if (value.scale !== 0) writer.sint64(6, value.scale);
  counter64(writer, 7, value.zeroCount);
  for (const [field, span] of [
    [8, value.positive],
    [9, value.negative],
  ] as const) {
    writer.message(field);
    if (span.offset !== 0) writer.sint64(1, span.offset);
    if (span.bucketCounts.length > 0) {
      writer.message(2);
      for (const count of span.bucketCounts) writer.varint(count);
      writer.end();
    }
    writer.end();
  }
  if (value.min !== undefined) writer.double(12, value.min);
  if (value.max !== undefined) writer.double(13, value.max);
  exemplars(writer, 11, point.exemplars);
  writer.end();
}

/** SummaryDataPoint { 2, 3 times, 4 count, 5 sum, 6 quantile_values { 1 quantile, 2 value }, 7 attributes }. */
function summaryPoint(writer: ProtobufWriter, point: SummaryDataPoint): void {
  writer.message(1);
  times(writer, point);
  counter64(writer, 4, point.value.count);
  writer.double(5, point.value.sum);
  for (const { quantile, value } of point.value.quantiles) {
    writer.message(6).double(1, quantile).double(2, value).end();
  }
  attributes(writer, 7, point.attributes);
  writer.end();
}
