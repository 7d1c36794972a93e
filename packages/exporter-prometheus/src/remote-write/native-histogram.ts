import type { ExponentialBucketSpan, HistogramPoint } from '@meterkit/core';
import { downscaleExponentialBuckets } from '@meterkit/core/exporter-kit';
import type { ProtobufWriter } from '../protobuf/protobuf-writer.js';

/*
 * prompb `Histogram` (types.proto): a Prometheus native histogram. Field numbers from
 * https://github.com/prometheus/prometheus/blob/main/prompb/types.proto
 */
const COUNT_INT = 1;
const SUM = 3;
const SCHEMA = 4;
const ZERO_THRESHOLD = 5;
const ZERO_COUNT_INT = 6;
const NEGATIVE_SPANS = 8;
const NEGATIVE_DELTAS = 9;
const POSITIVE_SPANS = 11;
const POSITIVE_DELTAS = 12;
const TIMESTAMP = 15;
const SPAN_OFFSET = 1;
const SPAN_LENGTH = 2;

/** Prometheus' base-2 schemas: -4 (base 65536) to 8 (base 2^(1/256)). */
export const MAX_NATIVE_SCHEMA = 8;
export const MIN_NATIVE_SCHEMA = -4;

/** A run of zero buckets longer than this starts a new span rather than being sent as zeros. */
const ZERO_RUN_SPLIT = 2;

/**
 * Whether a point can be sent as a native histogram: it has exponential buckets, and their scale is
 * one Prometheus has a schema for once downscaled to at most 8 (a scale below -4 has none).
 */
export function hasNativeForm(point: HistogramPoint): boolean {
  return point.exponential !== undefined && point.exponential.scale >= MIN_NATIVE_SCHEMA;
}

/**
 * Writes the fields of a prompb `Histogram` for a point with exponential buckets (see
 * {@link hasNativeForm}). OpenTelemetry's bucket `i` is `(base^i, base^(i+1)]`, Prometheus' bucket
 * `i` is `(base^(i-1), base^i]`: the same bucket is one index higher in Prometheus. Counts go as
 * deltas (integer histogram), each bucket's count minus the previous one's.
 */
export function writeNativeHistogram(writer: ProtobufWriter, point: HistogramPoint, timestamp: number): void {
  let buckets = point.exponential!;
  if (buckets.scale > MAX_NATIVE_SCHEMA) buckets = downscaleExponentialBuckets(buckets, MAX_NATIVE_SCHEMA);
  writer.uint64(COUNT_INT, point.count);
  writer.double(SUM, point.sum);
  writer.sint64(SCHEMA, buckets.scale);
  writer.double(ZERO_THRESHOLD, buckets.zeroThreshold);
  writer.uint64(ZERO_COUNT_INT, buckets.zeroCount);
  writeBuckets(writer, buckets.negative, NEGATIVE_SPANS, NEGATIVE_DELTAS);
  writeBuckets(writer, buckets.positive, POSITIVE_SPANS, POSITIVE_DELTAS);
  writer.int64(TIMESTAMP, timestamp);
}

/** Spans over the non-zero stretches (short zero runs kept inline), then the packed deltas. */
function writeBuckets(
  writer: ProtobufWriter,
  span: ExponentialBucketSpan,
  spansField: number,
  deltasField: number,
) {
  const { counts } = span;
  let first = 0;
  while (first < counts.length && counts[first] === 0) first++;
  if (first === counts.length) return;
  let last = counts.length - 1;
  while (counts[last] === 0) last--;
  // Prometheus index of counts[i] is span.offset + i + 1.
  let previousEnd = 0;
  let isFirstSpan = true;
  let start = first;
  while (start <= last) {
    let end = start;
    // Extend over non-zero buckets and zero runs no longer than ZERO_RUN_SPLIT.
    for (;;) {
      let next = end + 1;
      while (next <= last && counts[next] === 0) next++;
      if (next > last || next - end - 1 > ZERO_RUN_SPLIT) break;
      end = next;
    }
    const index = span.offset + start + 1;
    writer.message(spansField);
    writer.sint64(SPAN_OFFSET, isFirstSpan ? index : index - previousEnd);
    writer.uint64(SPAN_LENGTH, end - start + 1);
    writer.end();
    previousEnd = span.offset + end + 2;
    isFirstSpan = false;
    start = end + 1;
    while (start <= last && counts[start] === 0) start++;
  }
  writer.message(deltasField);
  let previous = 0;
  for (let i = first; i <= last; i++) {
    // Zeros between spans are not sent: only buckets inside spans carry deltas.
    if (counts[i] === 0 && !insideSpan(counts, i, first, last)) continue;
    writer.zigzag(counts[i]! - previous);
    previous = counts[i]!;
  }
  writer.end();
}

/** Whether a zero bucket at `i` lies inside a span, i.e. its zero run is at most ZERO_RUN_SPLIT long. */
function insideSpan(counts: readonly number[], i: number, first: number, last: number): boolean {
  let before = i;
  while (before > first && counts[before - 1] === 0) before--;
  let after = i;
  while (after < last && counts[after + 1] === 0) after++;
  return after - before + 1 <= ZERO_RUN_SPLIT;
}
