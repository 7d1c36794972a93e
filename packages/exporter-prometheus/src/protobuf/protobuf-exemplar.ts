import type { Bucket, Exemplar, HistogramPoint } from '@meterkit/core';
import type { ProtobufWriter } from './protobuf-writer.js';

/** Field numbers of `io.prometheus.client.Exemplar`, `LabelPair` and `google.protobuf.Timestamp`. */
const EXEMPLAR_LABEL = 1;
const EXEMPLAR_VALUE = 2;
const EXEMPLAR_TIMESTAMP = 3;
const LABEL_NAME = 1;
const LABEL_VALUE = 2;
const TIMESTAMP_SECONDS = 1;
const TIMESTAMP_NANOS = 2;

/**
 * Writes `exemplar` as an `io.prometheus.client.Exemplar` in `field` (`Counter.exemplar` = 2,
 * `Bucket.exemplar` = 3, `Histogram.exemplars` = 16). The timestamp is always written: native
 * histogram exemplars "MUST have a timestamp" (client_model metrics.proto), and Prometheus otherwise
 * stamps a classic one with the scrape time instead of the time it was recorded.
 */
export function writeExemplar(writer: ProtobufWriter, field: number, exemplar: Exemplar): void {
  writer.message(field);
  const tags = exemplar.tags;
  for (const key in tags) {
    writer.message(EXEMPLAR_LABEL).string(LABEL_NAME, key).string(LABEL_VALUE, tags[key]!).end();
  }
  writer.double(EXEMPLAR_VALUE, exemplar.value);
  const seconds = Math.floor(exemplar.timestamp / 1000);
  // A clock may give fractional milliseconds; nanos stays within [0, 1e9) as Timestamp requires.
  const nanos = Math.min(999_999_999, Math.round((exemplar.timestamp - seconds * 1000) * 1e6));
  writer.message(EXEMPLAR_TIMESTAMP).int64(TIMESTAMP_SECONDS, seconds);
  if (nanos > 0) writer.uint64(TIMESTAMP_NANOS, nanos);
  writer.end();
  writer.end();
}

/**
 * The exemplars of a native histogram (`Histogram.exemplars`): those of its exponential buckets,
 * else those its classic buckets hold (a histogram without classic bounds keeps its latest one in
 * the `+Inf` bucket), oldest first.
 */
export function nativeExemplars(point: HistogramPoint): readonly Exemplar[] {
  const exponential = point.exponential?.exemplars;
  if (exponential !== undefined && exponential.length > 0) return exponential;
  const found: Exemplar[] = [];
  for (const bucket of point.buckets) if (bucket.exemplar !== undefined) found.push(bucket.exemplar);
  return found.sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * The `+Inf` bucket a native-only histogram writes to carry its latest exemplar to scrapers that
 * read native histogram exemplars from classic buckets only (Prometheus before `Histogram.exemplars`
 * existed, 2.42 among them), as client_golang did: its count is the series' count, so it is a true
 * bucket for any reader. Undefined without exemplars.
 */
export function latestExemplarBucket(
  point: HistogramPoint,
  exemplars: readonly Exemplar[],
): Bucket | undefined {
  if (exemplars.length === 0) return undefined;
  let latest = exemplars[0]!;
  for (const exemplar of exemplars) if (exemplar.timestamp >= latest.timestamp) latest = exemplar;
  return { upperBound: Number.POSITIVE_INFINITY, count: point.count, exemplar: latest };
}
