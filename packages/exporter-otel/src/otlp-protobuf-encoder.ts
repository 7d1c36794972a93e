import type { Exemplar } from '@meterkit/core';
import { ProtobufWriter } from '@meterkit/exporter-prometheus';
import { type Attributes, type AttributeValue, ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { type Fixed64Halves, hrTimeHalves } from './hr-time.js';
import { type ExemplarCarrier, exemplarParts } from './otlp-exemplars.js';
import type { MeterkitMetricData, SummaryDataPoint } from './summary-metric-data.js';

/*
 * An OTLP `ExportMetricsServiceRequest` in protobuf, written straight from the SDK's metric data
 * with exporter-prometheus' ProtobufWriter (the one protobuf writer of meterkit). It writes what the
 * SDK's serializer writes, field for field and in its order, plus what the SDK has no type for:
 * summaries and exemplars. Field numbers from opentelemetry-proto metrics/v1/metrics.proto,
 * common/v1/common.proto and collector/metrics/v1/metrics_service.proto.
 */

const halves: Fixed64Halves = { high: 0, low: 0 };
const TWO_32 = 0x1_0000_0000;

/** Encodes one batch; a writer may be passed to reuse its grown buffer between exports. */
export function encodeMetricsRequest(metrics: ResourceMetrics, writer = new ProtobufWriter()): Uint8Array {
  writer.reset();
  writer.message(1); // ExportMetricsServiceRequest.resource_metrics
  writer.message(1); // ResourceMetrics.resource
  attributes(writer, 1, metrics.resource.attributes);
  writer.uint64(2, 0); // Resource.dropped_attributes_count, written as the SDK does
  writer.end();
  for (const scopeMetrics of metrics.scopeMetrics) {
    writer.message(2);
    const scope = scopeMetrics.scope;
    writer.message(1).string(1, scope.name);
    if (scope.version) writer.string(2, scope.version);
    writer.end();
    for (const metric of scopeMetrics.metrics as readonly MeterkitMetricData[]) metricMessage(writer, metric);
    if (scope.schemaUrl) writer.string(3, scope.schemaUrl);
    writer.end();
  }
  if (metrics.resource.schemaUrl) writer.string(3, metrics.resource.schemaUrl);
  writer.end();
  return writer.finish();
}

function metricMessage(writer: ProtobufWriter, metric: MeterkitMetricData): void {
  writer.message(2).string(1, metric.descriptor.name);
  if (metric.descriptor.description) writer.string(2, metric.descriptor.description);
  if (metric.descriptor.unit) writer.string(3, metric.descriptor.unit);
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
    case DataPointType.SUM: {
      const integers = metric.descriptor.valueType === ValueType.INT;
      writer.message(metric.dataPointType === DataPointType.GAUGE ? 5 : 7);
      for (const point of metric.dataPoints) numberPoint(writer, point, integers);
      if (metric.dataPointType === DataPointType.SUM) {
        temporality(writer, metric.aggregationTemporality);
        writer.bool(3, metric.isMonotonic);
      }
      writer.end();
      break;
    }
    case DataPointType.HISTOGRAM:
      writer.message(9);
      for (const point of metric.dataPoints) histogramPoint(writer, point);
      temporality(writer, metric.aggregationTemporality);
      writer.end();
      break;
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

/** Exemplar { 7 filtered_attributes, 2 time_unix_nano, 3 as_double, 4 span_id, 5 trace_id }. */
function exemplars(writer: ProtobufWriter, field: number, list: readonly Exemplar[] | undefined): void {
  if (list === undefined) return;
  for (const exemplar of list) {
    const { traceId, spanId, filtered } = exemplarParts(exemplar);
    writer.message(field);
    for (const [key, value] of filtered)
      writer.message(7).string(1, key).message(2).string(1, value).end().end();
    millisAsFixed64(writer, 2, exemplar.timestamp);
    writer.double(3, exemplar.value);
    if (spanId !== undefined) writer.bytes(4, spanId);
    if (traceId !== undefined) writer.bytes(5, traceId);
    writer.end();
  }
}

function times(writer: ProtobufWriter, point: Pick<DataPoint<unknown>, 'startTime' | 'endTime'>): void {
  hrTimeHalves(point.startTime, halves);
  writer.fixed64(2, halves.high, halves.low);
  hrTimeHalves(point.endTime, halves);
  writer.fixed64(3, halves.high, halves.low);
}

function millisAsFixed64(writer: ProtobufWriter, field: number, millis: number): void {
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * 1_000_000);
  hrTimeHalves(nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos], halves);
  writer.fixed64(field, halves.high, halves.low);
}

/** A count (`fixed64`): always written, as the SDK does, even when zero. */
function counter64(writer: ProtobufWriter, field: number, value: number): void {
  const integer = value > 0 ? Math.min(Math.trunc(value), Number.MAX_SAFE_INTEGER) : 0;
  writer.fixed64(field, Math.floor(integer / TWO_32), integer % TWO_32);
}

/** An `sfixed64` (an INT instrument's value): two's complement halves for a negative one. */
function sfixed64(writer: ProtobufWriter, field: number, value: number): void {
  const bits = BigInt.asUintN(64, BigInt(Number.isFinite(value) ? Math.trunc(value) : 0));
  writer.fixed64(field, Number(bits >> 32n), Number(bits & 0xffffffffn));
}

function temporality(writer: ProtobufWriter, value: AggregationTemporality): void {
  // OTLP's enum: 1 delta, 2 cumulative.
  writer.uint64(2, value === AggregationTemporality.DELTA ? 1 : 2);
}

/** Repeated KeyValue { 1 key, 2 AnyValue }. */
function attributes(writer: ProtobufWriter, field: number, list: Attributes | undefined): void {
  if (list === undefined) return;
  for (const key in list) {
    if (!Object.hasOwn(list, key)) continue;
    writer.message(field).string(1, key).message(2);
    anyValue(writer, list[key]);
    writer.end().end();
  }
}

/** AnyValue { 1 string, 2 bool, 3 int, 4 double, 5 array }, chosen as the SDK chooses. */
function anyValue(writer: ProtobufWriter, value: AttributeValue | undefined): void {
  if (typeof value === 'string') writer.string(1, value);
  else if (typeof value === 'boolean') writer.uint64(2, value ? 1 : 0);
  else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) writer.int64(3, value);
    else writer.double(4, value);
  } else if (Array.isArray(value)) {
    writer.message(5);
    for (const item of value) {
      writer.message(1);
      if (item !== null && item !== undefined) anyValue(writer, item);
      writer.end();
    }
    writer.end();
  }
}
