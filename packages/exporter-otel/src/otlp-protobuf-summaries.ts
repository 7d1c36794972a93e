import { hrTimeToNanos } from './hr-time.js';
import {
  concatBytes,
  doubleField,
  fixed64Field,
  isMessageField,
  messageField,
  readFields,
  stringField,
} from './protobuf-wire.js';
import type { SummaryDataPoint, SummaryMetricData } from './summary-metric-data.js';

/*
 * Field numbers from opentelemetry-proto, metrics/v1/metrics.proto and
 * collector/metrics/v1/metrics_service.proto:
 *   ExportMetricsServiceRequest { 1 resource_metrics }
 *   ResourceMetrics  { 1 resource, 2 scope_metrics, 3 schema_url }
 *   ScopeMetrics     { 1 scope, 2 metrics, 3 schema_url }
 *   Metric           { 1 name, 2 description, 3 unit, 11 summary }
 *   Summary          { 1 data_points }
 *   SummaryDataPoint { 2 start_time_unix_nano, 3 time_unix_nano, 4 count, 5 sum,
 *                      6 quantile_values, 7 attributes }
 *   ValueAtQuantile  { 1 quantile, 2 value }
 *   KeyValue { 1 key, 2 value }   AnyValue { 1 string_value }
 */

/** Encodes one meterkit summary as an OTLP `Metric` message. */
export function encodeSummaryMetric(metric: SummaryMetricData): Uint8Array {
  const parts = [stringField(1, metric.descriptor.name)];
  if (metric.descriptor.description) parts.push(stringField(2, metric.descriptor.description));
  if (metric.descriptor.unit) parts.push(stringField(3, metric.descriptor.unit));
  const points = metric.dataPoints.map((point) => messageField(1, encodeSummaryDataPoint(point)));
  parts.push(messageField(11, concatBytes(points)));
  return concatBytes(parts);
}

function encodeSummaryDataPoint(point: SummaryDataPoint): Uint8Array {
  const parts = [
    fixed64Field(2, hrTimeToNanos(point.startTime)),
    fixed64Field(3, hrTimeToNanos(point.endTime)),
    fixed64Field(4, BigInt(point.value.count)),
    doubleField(5, point.value.sum),
  ];
  for (const { quantile, value } of point.value.quantiles) {
    parts.push(messageField(6, concatBytes([doubleField(1, quantile), doubleField(2, value)])));
  }
  for (const [key, value] of Object.entries(point.attributes)) {
    parts.push(messageField(7, concatBytes([stringField(1, key), messageField(2, stringField(1, value))])));
  }
  return concatBytes(parts);
}

/**
 * Adds summary metrics to an `ExportMetricsServiceRequest` that the SDK's protobuf serializer wrote
 * from the same batch without them. The SDK writes one `ResourceMetrics` whose `ScopeMetrics`
 * follow the batch's order, so scope `i` of the batch is the `i`-th `scope_metrics` field. Every
 * other byte is copied unchanged; only the enclosing lengths are recomputed.
 */
export function spliceProtobufSummaries(
  request: Uint8Array,
  summariesByScope: ReadonlyMap<number, readonly SummaryMetricData[]>,
): Uint8Array {
  return concatBytes(
    readFields(request).map((field) =>
      isMessageField(field, 1)
        ? messageField(1, spliceIntoResourceMetrics(field.payload, summariesByScope))
        : field.raw,
    ),
  );
}

function spliceIntoResourceMetrics(
  resourceMetrics: Uint8Array,
  summariesByScope: ReadonlyMap<number, readonly SummaryMetricData[]>,
): Uint8Array {
  let scopeIndex = 0;
  return concatBytes(
    readFields(resourceMetrics).map((field) => {
      if (!isMessageField(field, 2)) return field.raw;
      const summaries = summariesByScope.get(scopeIndex++);
      if (!summaries) return field.raw;
      const extra = summaries.map((summary) => messageField(2, encodeSummaryMetric(summary)));
      return messageField(2, concatBytes([field.payload, ...extra]));
    }),
  );
}
