import { ValueType } from '@opentelemetry/api';
import { DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * The canonical proto3 JSON form of an OTLP/JSON metrics request, which the SDK's JSON serializer
 * (plain `JSON.stringify` of its message objects) does not quite write:
 *
 * - "JSON value will be a decimal string" for 64-bit integers (proto3 JSON mapping: int64, fixed64,
 *   uint64). The SDK writes timestamps as strings but histogram `count` and `bucketCounts`,
 *   exponential histogram counts, `asInt` and attribute `intValue` as JSON numbers, which a parser
 *   may read as a double (exact only up to 2^53).
 * - Strings must be valid UTF-8 ("string: UTF-8 or 7-bit ASCII"). `JSON.stringify` writes a lone
 *   UTF-16 surrogate as the escape `\ud800`, which a collector rejects, and with it the whole request.
 *   Each lone surrogate becomes U+FFFD, as the protobuf encoding already does.
 *
 * The data points' integers are turned into strings before the SDK serializes them (it copies
 * them into its message as they are), which costs a copy of the points; the serialized text is only
 * rewritten when it needs it, so a body of megabytes is not parsed and written a second time.
 */

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The escape `JSON.stringify` writes for a lone surrogate (it leaves paired ones as they are). A
 * string that holds the text `\ud800` itself also matches; it then merely takes the exact path.
 */
const ESCAPED_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/;

/**
 * An integer attribute value (`AnyValue.int_value`, int64) written as a JSON number. In JSON text a
 * `"name":` with both quotes unescaped is always an object key (a quote inside a string is
 * escaped), and OTLP's keys are fixed names, so no user string matches.
 */
const INT_VALUE_KEY = '"intValue":';
const INT_VALUE = /"intValue":(-?\d+)(?=[,}])/g;

/** `value` with every lone surrogate replaced by U+FFFD (what a UTF-8 encoder writes for one). */
export function wellFormed(value: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

const decimal = (value: number): string => value.toFixed(0);

type Buckets = { offset: number; bucketCounts: number[] };

/** The 64-bit integers of one data point's value as decimal strings (other fields unchanged). */
function int64Value(dataPointType: DataPointType, integers: boolean, value: unknown): unknown {
  if (dataPointType === DataPointType.HISTOGRAM) {
    const histogram = value as { count: number; buckets: { boundaries: number[]; counts: number[] } };
    return {
      ...histogram,
      count: decimal(histogram.count),
      buckets: { ...histogram.buckets, counts: histogram.buckets.counts.map(decimal) },
    };
  }
  if (dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) {
    const histogram = value as { count: number; zeroCount: number; positive: Buckets; negative: Buckets };
    const buckets = (b: Buckets) => ({ ...b, bucketCounts: b.bucketCounts.map(decimal) });
    return {
      ...histogram,
      count: decimal(histogram.count),
      zeroCount: decimal(histogram.zeroCount),
      positive: buckets(histogram.positive),
      negative: buckets(histogram.negative),
    };
  }
  // Sums and gauges of an INT instrument become `asInt` (sfixed64).
  return integers && typeof value === 'number' && Number.isFinite(value) ? decimal(value) : value;
}

/**
 * A copy of `metrics` whose 64-bit integer fields are decimal strings, for the SDK's JSON
 * serializer; the resource and scopes are shared, metrics without such fields are too.
 */
export function withInt64AsStrings(metrics: ResourceMetrics): ResourceMetrics {
  return {
    ...metrics,
    scopeMetrics: metrics.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map((metric) => {
        const integers = metric.descriptor.valueType === ValueType.INT;
        const hasInt64 =
          metric.dataPointType !== DataPointType.SUM && metric.dataPointType !== DataPointType.GAUGE;
        if (!hasInt64 && !integers) return metric;
        return {
          ...metric,
          dataPoints: (metric.dataPoints as Array<{ value: unknown }>).map((point) => ({
            ...point,
            value: int64Value(metric.dataPointType, integers, point.value),
          })),
        } as typeof metric;
      }),
    })),
  };
}

/**
 * Finishes a serialized OTLP/JSON `ExportMetricsServiceRequest` as canonical proto3 JSON: integer
 * attribute values as decimal strings, every string well-formed. Text that needs neither is
 * returned as it is.
 */
export function canonicalOtlpJson(json: string): string {
  let text = json.includes(INT_VALUE_KEY) ? json.replace(INT_VALUE, '"intValue":"$1"') : json;
  if (ESCAPED_SURROGATE.test(text)) {
    text = JSON.stringify(JSON.parse(text), (_key, value) =>
      typeof value === 'string' ? wellFormed(value) : value,
    );
  }
  return text;
}
