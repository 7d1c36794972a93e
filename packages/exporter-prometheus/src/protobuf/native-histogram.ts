import type { ExponentialBucketSpan, ExponentialBuckets } from '@meterkit/core';
import { downscaleExponentialBuckets } from '@meterkit/core/exporter-kit';
import type { ProtobufWriter } from './protobuf-writer.js';

/*
 * OpenTelemetry's exponential histogram as a Prometheus native histogram (io.prometheus.client
 * `Histogram` fields 5-14). Both use base 2^(2^-scale) with lower-exclusive, upper-inclusive
 * buckets; they differ in where an index points: OpenTelemetry's bucket i is (base^i, base^(i+1)],
 * Prometheus' bucket i is (base^(i-1), base^i]. So a Prometheus index is the OpenTelemetry index + 1.
 */

/** Prometheus' finest schema: "Currently, valid numbers are -4 <= n <= 8" (client_model metrics.proto). */
export const MAX_NATIVE_SCHEMA = 8;
/** Prometheus' coarsest schema; a coarser OpenTelemetry scale has no native equivalent. */
export const MIN_NATIVE_SCHEMA = -4;

/**
 * A run of more than this many empty buckets starts a new span: a span costs two to four bytes, an
 * empty bucket inside a span one (its zero delta), client_golang draws the line at the same place.
 */
const MAX_EMPTY_RUN_IN_SPAN = 2;

/** Field numbers of `io.prometheus.client.Histogram` and `BucketSpan` (client_model metrics.proto). */
const HISTOGRAM_SCHEMA = 5;
const HISTOGRAM_ZERO_THRESHOLD = 6;
const HISTOGRAM_ZERO_COUNT = 7;
const HISTOGRAM_ZERO_COUNT_FLOAT = 8;
const HISTOGRAM_NEGATIVE_SPAN = 9;
const HISTOGRAM_NEGATIVE_DELTA = 10;
const HISTOGRAM_NEGATIVE_COUNT = 11;
const HISTOGRAM_POSITIVE_SPAN = 12;
const HISTOGRAM_POSITIVE_DELTA = 13;
const HISTOGRAM_POSITIVE_COUNT = 14;
const SPAN_OFFSET = 1;
const SPAN_LENGTH = 2;

/**
 * The spans of the side being written, as indexes into its counts: reused from one side to the next
 * (serialization is synchronous), so finding spans allocates nothing per series.
 */
let spanFirsts = new Int32Array(32);
let spanLengths = new Int32Array(32);

function addSpan(spans: number, first: number, length: number): number {
  if (spans === spanFirsts.length) {
    const firsts = new Int32Array(spans * 2);
    const lengths = new Int32Array(spans * 2);
    firsts.set(spanFirsts);
    lengths.set(spanLengths);
    spanFirsts = firsts;
    spanLengths = lengths;
  }
  spanFirsts[spans] = first;
  spanLengths[spans] = length;
  return spans + 1;
}

/**
 * Finds the spans of `counts` into `spanFirsts`/`spanLengths` and returns how many: leading and
 * trailing empty buckets are left out, and a run of more than {@link MAX_EMPTY_RUN_IN_SPAN} empty
 * buckets splits two spans.
 */
function findSpans(counts: readonly number[]): number {
  let spans = 0;
  let first = -1;
  let lastFilled = -1;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (first < 0) first = i;
    else if (i - lastFilled - 1 > MAX_EMPTY_RUN_IN_SPAN) {
      spans = addSpan(spans, first, lastFilled - first + 1);
      first = i;
    }
    lastFilled = i;
  }
  return first < 0 ? spans : addSpan(spans, first, lastFilled - first + 1);
}

/** The fields of one side: its spans, and its counts as integer deltas or as float absolutes. */
interface SideFields {
  readonly span: number;
  readonly delta: number;
  readonly count: number;
}

const NEGATIVE: SideFields = {
  span: HISTOGRAM_NEGATIVE_SPAN,
  delta: HISTOGRAM_NEGATIVE_DELTA,
  count: HISTOGRAM_NEGATIVE_COUNT,
};
const POSITIVE: SideFields = {
  span: HISTOGRAM_POSITIVE_SPAN,
  delta: HISTOGRAM_POSITIVE_DELTA,
  count: HISTOGRAM_POSITIVE_COUNT,
};

/**
 * Writes one side's spans (offset of the first from index 0, of each later one from the end of the
 * previous one) and its bucket counts: as deltas, each from the bucket before it in the spans, or,
 * for a float histogram, as absolute counts ("Use either … delta or … count").
 */
function writeSide(
  writer: ProtobufWriter,
  run: ExponentialBucketSpan,
  fields: SideFields,
  float: boolean,
): void {
  const { counts } = run;
  const spans = findSpans(counts);
  if (spans === 0) return;
  // Prometheus index of counts[0]: the OpenTelemetry index + 1 (see the top of this file).
  let nextIndex = 0;
  for (let s = 0; s < spans; s++) {
    const index = run.offset + 1 + spanFirsts[s]!;
    const length = spanLengths[s]!;
    writer
      .message(fields.span)
      .sint64(SPAN_OFFSET, index - nextIndex)
      .uint64(SPAN_LENGTH, length)
      .end();
    nextIndex = index + length;
  }
  // Packed repeated fields: proto2 parsers accept packed and unpacked alike, packed is smaller.
  writer.message(float ? fields.count : fields.delta);
  let previous = 0;
  for (let s = 0; s < spans; s++) {
    const end = spanFirsts[s]! + spanLengths[s]!;
    for (let i = spanFirsts[s]!; i < end; i++) {
      const count = counts[i]!;
      if (float) writer.rawDouble(count);
      else writer.zigzag(count - previous);
      previous = count;
    }
  }
  writer.end();
}

/**
 * Writes the native-histogram fields of an `io.prometheus.client.Histogram` being written (sample
 * count and sum are the caller's). A scale finer than schema 8 is merged down to 8 exactly (core's
 * `downscaleExponentialBuckets`); a scale coarser than -4 cannot be written natively and returns
 * false, writing nothing (the series is then exposed as a classic histogram). `float` writes the
 * float-histogram fields, for counts that are not whole numbers (a sampled histogram's weights).
 */
export function writeNativeHistogram(
  writer: ProtobufWriter,
  buckets: ExponentialBuckets,
  float = false,
): boolean {
  if (buckets.scale < MIN_NATIVE_SCHEMA) return false;
  const histogram =
    buckets.scale > MAX_NATIVE_SCHEMA ? downscaleExponentialBuckets(buckets, MAX_NATIVE_SCHEMA) : buckets;
  writer.sint64(HISTOGRAM_SCHEMA, histogram.scale);
  writer.double(HISTOGRAM_ZERO_THRESHOLD, histogram.zeroThreshold);
  if (float) writer.double(HISTOGRAM_ZERO_COUNT_FLOAT, histogram.zeroCount);
  else writer.uint64(HISTOGRAM_ZERO_COUNT, histogram.zeroCount);
  const start = writer.length;
  writeSide(writer, histogram.negative, NEGATIVE, float);
  writeSide(writer, histogram.positive, POSITIVE, float);
  if (writer.length === start && histogram.zeroThreshold === 0 && histogram.zeroCount === 0) {
    // Nothing yet tells a scraper this is a native histogram. metrics.proto asks for "a no-op span
    // (offset 0, length 0)", which Prometheus reads since 2.45 or so; 2.42 decides on the deltas
    // instead ("len(h.GetPositiveDelta()) > 0") and would store an empty classic histogram until
    // the first observation. One empty bucket satisfies both; Prometheus compacts it away.
    writer.message(HISTOGRAM_POSITIVE_SPAN).sint64(SPAN_OFFSET, 0).uint64(SPAN_LENGTH, 1).end();
    writer.message(HISTOGRAM_POSITIVE_DELTA).zigzag(0).end();
  }
  return true;
}
