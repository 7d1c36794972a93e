import { hrTimeToNanos } from './hr-time.js';
import type { SummaryMetricData } from './summary-metric-data.js';

/** The OTLP/JSON shape of the parts of a request this module touches. */
interface JsonRequest {
  resourceMetrics?: Array<{ scopeMetrics?: Array<{ metrics?: unknown[] }> }>;
}

/**
 * One meterkit summary in OTLP/JSON (the protobuf JSON mapping: lowerCamelCase names, 64-bit
 * integers, times and the count, as decimal strings).
 */
export function summaryToOtlpJson(metric: SummaryMetricData): Record<string, unknown> {
  return {
    name: metric.descriptor.name,
    description: metric.descriptor.description,
    unit: metric.descriptor.unit,
    summary: {
      dataPoints: metric.dataPoints.map((point) => ({
        attributes: Object.entries(point.attributes).map(([key, value]) => ({
          key,
          value: { stringValue: value },
        })),
        startTimeUnixNano: hrTimeToNanos(point.startTime).toString(),
        timeUnixNano: hrTimeToNanos(point.endTime).toString(),
        count: point.value.count.toFixed(0),
        sum: jsonDouble(point.value.sum),
        quantileValues: point.value.quantiles.map(({ quantile, value }) => ({
          quantile,
          value: jsonDouble(value),
        })),
      })),
    },
  };
}

/** A double in the protobuf JSON mapping: NaN and infinities are strings (an empty window's quantiles are NaN). */
function jsonDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Adds summary metrics to the OTLP/JSON request the SDK serialized from the same batch without
 * them: scope `i` of the batch is `resourceMetrics[0].scopeMetrics[i]`.
 */
export function spliceJsonSummaries(
  request: string,
  summariesByScope: ReadonlyMap<number, readonly SummaryMetricData[]>,
): string {
  const json = JSON.parse(request) as JsonRequest;
  const scopes = json.resourceMetrics?.[0]?.scopeMetrics ?? [];
  for (const [index, summaries] of summariesByScope) {
    const scope = scopes[index];
    if (!scope) continue;
    scope.metrics = [...(scope.metrics ?? []), ...summaries.map(summaryToOtlpJson)];
  }
  return JSON.stringify(json);
}
