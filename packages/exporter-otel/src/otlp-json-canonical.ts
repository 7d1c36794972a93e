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
 */

// biome-ignore lint/suspicious/noExplicitAny: the request is parsed OTLP/JSON, walked by field name
type Json = any;

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` with every lone surrogate replaced by U+FFFD (what a UTF-8 encoder writes for one). */
export function wellFormed(value: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '\uFFFD') : value;
}

/** Fields of OTLP data points and exemplars whose proto type is a 64-bit integer. */
const INT64_FIELDS = ['startTimeUnixNano', 'timeUnixNano', 'count', 'zeroCount', 'asInt'] as const;

function int64(value: unknown): unknown {
  return typeof value === 'number' ? value.toFixed(0) : typeof value === 'bigint' ? value.toString() : value;
}

function canonicalAnyValue(value: Json): void {
  if (value === null || typeof value !== 'object') return;
  if ('intValue' in value) value.intValue = int64(value.intValue);
  for (const item of value.arrayValue?.values ?? []) canonicalAnyValue(item);
  canonicalAttributes(value.kvlistValue?.values);
}

function canonicalAttributes(attributes: Json[] | undefined): void {
  for (const attribute of attributes ?? []) canonicalAnyValue(attribute?.value);
}

function canonicalBuckets(buckets: Json): void {
  if (Array.isArray(buckets?.bucketCounts)) buckets.bucketCounts = buckets.bucketCounts.map(int64);
}

function canonicalPoint(point: Json): void {
  for (const field of INT64_FIELDS) if (field in point) point[field] = int64(point[field]);
  if (Array.isArray(point.bucketCounts)) point.bucketCounts = point.bucketCounts.map(int64);
  canonicalBuckets(point.positive);
  canonicalBuckets(point.negative);
  canonicalAttributes(point.attributes);
  for (const exemplar of point.exemplars ?? []) {
    for (const field of INT64_FIELDS) if (field in exemplar) exemplar[field] = int64(exemplar[field]);
    canonicalAttributes(exemplar.filteredAttributes);
  }
}

const DATA_KINDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/**
 * Serializes a parsed OTLP/JSON `ExportMetricsServiceRequest` in canonical proto3 JSON: 64-bit
 * integers as decimal strings, every string well-formed. Rewrites `request` in place.
 */
export function stringifyCanonicalOtlpJson(request: Json): string {
  for (const resourceMetrics of request?.resourceMetrics ?? []) {
    canonicalAttributes(resourceMetrics.resource?.attributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      canonicalAttributes(scopeMetrics.scope?.attributes);
      for (const metric of scopeMetrics.metrics ?? []) {
        canonicalAttributes(metric.metadata);
        for (const kind of DATA_KINDS)
          for (const point of metric[kind]?.dataPoints ?? []) canonicalPoint(point);
      }
    }
  }
  return JSON.stringify(request, (_key, value) => (typeof value === 'string' ? wellFormed(value) : value));
}
