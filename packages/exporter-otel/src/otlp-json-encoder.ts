import type { Exemplar } from '@meterkit/core';
import { type Attributes, type AttributeValue, ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { hrTimeDecimal } from './hr-time.js';
import { type ExemplarCarrier, exemplarParts } from './otlp-exemplars.js';
import type { MeterkitMetricData, SummaryDataPoint } from './summary-metric-data.js';

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

type Json = Record<string, unknown>;

const ENCODER = new TextEncoder();

/** Encodes one batch as UTF-8 OTLP/JSON. */
export function encodeMetricsRequestJson(metrics: ResourceMetrics): Uint8Array {
  lastBounds = undefined; // an array is only trusted not to change within one request
  const resource: Json = { attributes: keyValues(metrics.resource.attributes), droppedAttributesCount: 0 };
  if (metrics.resource.schemaUrl) resource.schemaUrl = metrics.resource.schemaUrl;
  const request = {
    resourceMetrics: [
      {
        resource,
        schemaUrl: metrics.resource.schemaUrl || undefined,
        scopeMetrics: metrics.scopeMetrics.map((scopeMetrics) => ({
          scope: { name: text(scopeMetrics.scope.name), version: optionalText(scopeMetrics.scope.version) },
          metrics: (scopeMetrics.metrics as readonly MeterkitMetricData[]).map(metricJson),
          schemaUrl: scopeMetrics.scope.schemaUrl,
        })),
      },
    ],
  };
  return ENCODER.encode(JSON.stringify(request));
}

function metricJson(metric: MeterkitMetricData): Json {
  const out: Json = {
    name: text(metric.descriptor.name),
    description: text(metric.descriptor.description),
    unit: text(metric.descriptor.unit),
  };
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      out.sum = {
        aggregationTemporality: temporality(metric.aggregationTemporality),
        isMonotonic: metric.isMonotonic,
        dataPoints: numberPoints(metric.dataPoints, metric.descriptor.valueType),
      };
      break;
    case DataPointType.GAUGE:
      out.gauge = { dataPoints: numberPoints(metric.dataPoints, metric.descriptor.valueType) };
      break;
    case DataPointType.HISTOGRAM:
      out.histogram = {
        aggregationTemporality: temporality(metric.aggregationTemporality),
        dataPoints: metric.dataPoints.map(histogramPoint),
      };
      break;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      out.exponentialHistogram = {
        aggregationTemporality: temporality(metric.aggregationTemporality),
        dataPoints: metric.dataPoints.map(exponentialPoint),
      };
      break;
    default:
      out.summary = { dataPoints: metric.dataPoints.map(summaryPoint) };
  }
  return out;
}

function numberPoints(
  points: readonly (DataPoint<number> & ExemplarCarrier)[],
  valueType: ValueType,
): Json[] {
  const integers = valueType === ValueType.INT;
  return points.map((point) => {
    const out: Json = {
      attributes: keyValues(point.attributes),
      startTimeUnixNano: hrTimeDecimal(point.startTime),
      timeUnixNano: hrTimeDecimal(point.endTime),
    };
    if (integers && Number.isFinite(point.value)) out.asInt = decimal(point.value);
    else out.asDouble = double(point.value);
    if (point.exemplars !== undefined) out.exemplars = point.exemplars.map(exemplarJson);
    return out;
  });
}

/** The last boundaries seen and their JSON form: every series of a histogram shares one array. */
let lastBounds: readonly number[] | undefined;
let lastBoundsJson: Array<number | string> = [];

function histogramPoint(point: DataPoint<Histogram> & ExemplarCarrier): Json {
  const value = point.value;
  if (value.buckets.boundaries !== lastBounds) {
    lastBounds = value.buckets.boundaries;
    lastBoundsJson = lastBounds.map(double);
  }
  const out: Json = {
    attributes: keyValues(point.attributes),
    bucketCounts: value.buckets.counts.map(decimal),
    explicitBounds: lastBoundsJson,
    count: decimal(value.count),
    sum: optionalDouble(value.sum),
    min: optionalDouble(value.min),
    max: optionalDouble(value.max),
    startTimeUnixNano: hrTimeDecimal(point.startTime),
    timeUnixNano: hrTimeDecimal(point.endTime),
  };
  if (point.exemplars !== undefined) out.exemplars = point.exemplars.map(exemplarJson);
  return out;
}

function exponentialPoint(point: DataPoint<ExponentialHistogram> & ExemplarCarrier): Json {
  const value = point.value;
  const out: Json = {
    attributes: keyValues(point.attributes),
    count: decimal(value.count),
    min: optionalDouble(value.min),
    max: optionalDouble(value.max),
    sum: optionalDouble(value.sum),
    positive: { offset: value.positive.offset, bucketCounts: value.positive.bucketCounts.map(decimal) },
    negative: { offset: value.negative.offset, bucketCounts: value.negative.bucketCounts.map(decimal) },
    scale: value.scale,
    zeroCount: decimal(value.zeroCount),
    startTimeUnixNano: hrTimeDecimal(point.startTime),
    timeUnixNano: hrTimeDecimal(point.endTime),
  };
  if (point.exemplars !== undefined) out.exemplars = point.exemplars.map(exemplarJson);
  return out;
}

function summaryPoint(point: SummaryDataPoint): Json {
  return {
    attributes: keyValues(point.attributes),
    startTimeUnixNano: hrTimeDecimal(point.startTime),
    timeUnixNano: hrTimeDecimal(point.endTime),
    count: decimal(point.value.count),
    sum: double(point.value.sum),
    quantileValues: point.value.quantiles.map(({ quantile, value }) => ({
      quantile: double(quantile),
      value: double(value),
    })),
  };
}

function exemplarJson(exemplar: Exemplar): Json {
  const { traceId, spanId, filtered } = exemplarParts(exemplar);
  const out: Json = {
    filteredAttributes: filtered.map(([key, value]) => ({
      key: text(key),
      value: { stringValue: text(value) },
    })),
    timeUnixNano: millisDecimal(exemplar.timestamp),
    asDouble: double(exemplar.value),
  };
  if (spanId !== undefined) out.spanId = hex(spanId);
  if (traceId !== undefined) out.traceId = hex(traceId);
  return out;
}

function keyValues(attributes: Attributes | undefined): Json[] {
  const out: Json[] = [];
  if (attributes === undefined) return out;
  for (const key in attributes) {
    if (Object.hasOwn(attributes, key)) out.push({ key: text(key), value: anyValue(attributes[key]) });
  }
  return out;
}

/** AnyValue, chosen as the SDK chooses (an integer is an `intValue`, written as a string). */
function anyValue(value: AttributeValue | undefined): Json {
  if (typeof value === 'string') return { stringValue: text(value) };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63
      ? { intValue: decimal(value) }
      : { doubleValue: double(value) };
  }
  if (Array.isArray(value)) {
    return {
      arrayValue: {
        values: value.map((item) => (item === null || item === undefined ? {} : anyValue(item))),
      },
    };
  }
  return {};
}

function temporality(value: AggregationTemporality): number {
  return value === AggregationTemporality.DELTA ? 1 : 2;
}

/** A 64-bit integer as proto3 JSON writes it: a decimal string. */
function decimal(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const integer = Math.trunc(value);
  // String() is exact and exponent-free below 2^53; larger integers go through BigInt.
  return Number.isSafeInteger(integer) ? String(integer) : BigInt(integer).toString();
}

/** A double as proto3 JSON writes it: non-finite values as strings. */
function double(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

function optionalDouble(value: number | undefined): number | string | undefined {
  return value === undefined ? undefined : double(value);
}

/** ES2024 string methods (Node 20 has them; the TypeScript lib here predates them). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** `value` with every lone surrogate replaced by U+FFFD (what a UTF-8 encoder writes for one). */
export function wellFormed(value: string): string {
  const s = value as unknown as WellFormedString;
  return s.isWellFormed() ? value : s.toWellFormed();
}

const text = wellFormed;

function optionalText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : wellFormed(value);
}

function millisDecimal(millis: number): string {
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * 1_000_000);
  return nanos >= 1e9 ? hrTimeDecimal([seconds + 1, nanos - 1e9]) : hrTimeDecimal([seconds, nanos]);
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
