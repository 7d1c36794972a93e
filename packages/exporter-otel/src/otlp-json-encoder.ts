import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { JsonWriter } from './json-writer.js';
import type { ExemplarCarrier } from './otlp-exemplars.js';
import { doubles, exemplars, int64s, keyValues, list, optionalDouble, times } from './otlp-json-fields.js';
import { writeCounterPointsJson, writeHistogramPointsJson } from './otlp-json-snapshot.js';
import { counterSourceOf, histogramSourceOf } from './snapshot-metric-data.js';
import type { MeterkitMetricData, SummaryDataPoint } from './summary-metric-data.js';

export { wellFormed } from './json-writer.js';

/*
 * An OTLP/JSON `ExportMetricsServiceRequest` written straight from the SDK's metric data, in the
 * canonical proto3 JSON form strict collectors require, which the SDK's JSON serializer (plain
 * JSON.stringify of its messages) does not quite write:
 * - 64-bit integers (times, counts, bucket counts, `asInt`, `intValue`) are decimal strings;
 * - NaN and infinities are the strings "NaN", "Infinity", "-Infinity" (JSON.stringify writes null);
 * - strings are well-formed UTF-8: a lone UTF-16 surrogate becomes U+FFFD, as in protobuf;
 * - trace and span ids are hex strings, as the OTLP/JSON spec asks (not base64).
 * Field names and presence otherwise follow the SDK's JSON serializer.
 */
/** Encodes one batch as UTF-8 OTLP/JSON; a writer may be passed to reuse its grown buffer. */
export function encodeMetricsRequestJson(metrics: ResourceMetrics, w = new JsonWriter()): Uint8Array {
  w.reset();
  const schemaUrl = metrics.resource.schemaUrl;
  w.raw('{"resourceMetrics":[{"resource":{"attributes":');
  keyValues(w, metrics.resource.attributes);
  w.raw(',"droppedAttributesCount":0');
  if (schemaUrl) w.raw(',"schemaUrl":').str(schemaUrl).raw('},"schemaUrl":').str(schemaUrl);
  else w.raw('}');
  w.raw(',"scopeMetrics":[');
  metrics.scopeMetrics.forEach((scopeMetrics, i) => {
    const scope = scopeMetrics.scope;
    w.raw(i === 0 ? '{"scope":{"name":' : ',{"scope":{"name":').str(scope.name);
    if (scope.version !== undefined) w.raw(',"version":').str(scope.version);
    w.raw('},"metrics":[');
    (scopeMetrics.metrics as readonly MeterkitMetricData[]).forEach((metric, j) => {
      if (j > 0) w.raw(',');
      metricJson(w, metric);
    });
    w.raw(']');
    if (scope.schemaUrl !== undefined) w.raw(',"schemaUrl":').str(scope.schemaUrl);
    w.raw('}');
  });
  return w.raw(']}]}').finish();
}

function metricJson(w: JsonWriter, metric: MeterkitMetricData): void {
  const d = metric.descriptor;
  w.raw('{"name":').str(d.name).raw(',"description":').str(d.description).raw(',"unit":').str(d.unit);
  switch (metric.dataPointType) {
    case DataPointType.SUM: {
      w.raw(`,"sum":{"aggregationTemporality":${temporality(metric.aggregationTemporality)}`);
      w.raw(`,"isMonotonic":${metric.isMonotonic},"dataPoints":`);
      const source = counterSourceOf(metric);
      if (source === undefined) numberPoints(w, metric.dataPoints, d.valueType);
      else writeCounterPointsJson(w, source, (point) => numberPoint(w, source.pointOf(point), d.valueType));
      break;
    }
    case DataPointType.GAUGE:
      w.raw(',"gauge":{"dataPoints":');
      numberPoints(w, metric.dataPoints, d.valueType);
      break;
    case DataPointType.HISTOGRAM: {
      w.raw(
        `,"histogram":{"aggregationTemporality":${temporality(metric.aggregationTemporality)},"dataPoints":`,
      );
      const source = histogramSourceOf(metric);
      if (source === undefined) list(w, metric.dataPoints, histogramPoint);
      else writeHistogramPointsJson(w, source, (point) => histogramPoint(w, source.pointOf(point)));
      break;
    }
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      w.raw(
        `,"exponentialHistogram":{"aggregationTemporality":${temporality(metric.aggregationTemporality)},"dataPoints":`,
      );
      list(w, metric.dataPoints, exponentialPoint);
      break;
    default:
      w.raw(',"summary":{"dataPoints":');
      list(w, metric.dataPoints, summaryPoint);
  }
  w.raw('}}');
}

function numberPoints(
  w: JsonWriter,
  points: readonly (DataPoint<number> & ExemplarCarrier)[],
  valueType: ValueType,
): void {
  list(w, points, (_, point) => numberPoint(w, point, valueType));
}

function numberPoint(w: JsonWriter, point: DataPoint<number> & ExemplarCarrier, valueType: ValueType): void {
  w.raw('{"attributes":');
  keyValues(w, point.attributes);
  times(w, point);
  if (valueType === ValueType.INT && Number.isFinite(point.value)) w.raw(',"asInt":').int64(point.value);
  else w.raw(',"asDouble":').double(point.value);
  exemplars(w, point.exemplars);
  w.raw('}');
}

function histogramPoint(w: JsonWriter, point: DataPoint<Histogram> & ExemplarCarrier): void {
  const value = point.value;
  w.raw('{"attributes":');
  keyValues(w, point.attributes);
  w.raw(',"bucketCounts":');
  int64s(w, value.buckets.counts);
  w.raw(',"explicitBounds":');
  doubles(w, value.buckets.boundaries);
  w.raw(',"count":').int64(value.count);
  optionalDouble(w, ',"sum":', value.sum);
  optionalDouble(w, ',"min":', value.min);
  optionalDouble(w, ',"max":', value.max);
  times(w, point);
  exemplars(w, point.exemplars);
  w.raw('}');
}

function exponentialPoint(w: JsonWriter, point: DataPoint<ExponentialHistogram> & ExemplarCarrier): void {
  const v = point.value;
  w.raw('{"attributes":');
  keyValues(w, point.attributes);
  w.raw(',"count":').int64(v.count);
  optionalDouble(w, ',"min":', v.min);
  optionalDouble(w, ',"max":', v.max);
  optionalDouble(w, ',"sum":', v.sum);
  w.raw(`,"positive":{"offset":${v.positive.offset},"bucketCounts":`);
  int64s(w, v.positive.bucketCounts);
  w.raw(`},"negative":{"offset":${v.negative.offset},"bucketCounts":`);
  int64s(w, v.negative.bucketCounts);
  w.raw(`},"scale":${v.scale},"zeroCount":`).int64(v.zeroCount);
  times(w, point);
  exemplars(w, point.exemplars);
  w.raw('}');
}

function summaryPoint(w: JsonWriter, point: SummaryDataPoint): void {
  w.raw('{"attributes":');
  keyValues(w, point.attributes);
  times(w, point);
  w.raw(',"count":').int64(point.value.count);
  w.raw(',"sum":').double(point.value.sum);
  w.raw(',"quantileValues":');
  list(w, point.value.quantiles, (_, { quantile, value }) => {
    w.raw('{"quantile":').double(quantile).raw(',"value":').double(value).raw('}');
  });
  w.raw('}');
}

function temporality(value: AggregationTemporality): number {
  return value === AggregationTemporality.DELTA ? 1 : 2;
}
