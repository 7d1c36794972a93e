import type {
  Bucket,
  CanonicalTags,
  HistogramPoint,
  MetricSnapshot,
  Snapshot,
  SummaryPoint,
  ValuePoint,
} from '@meterkit/core';
import {
  claimOrReportExposedNames,
  DEFAULT_LINES_PER_CHUNK,
  type SerializeOptions,
} from '../exposition-writer.js';
import { prometheusLabels } from '../metric-naming.js';
import { writeNativeHistogram } from './native-histogram.js';
import { latestExemplarBucket, nativeExemplars, writeExemplar } from './protobuf-exemplar.js';
import { ProtobufWriter } from './protobuf-writer.js';

/*
 * The Prometheus protobuf exposition: a stream of `io.prometheus.client.MetricFamily` messages, each
 * prefixed with its length as a varint ("encoding=delimited"). The schema is client_model's
 * io/prometheus/client/metrics.proto; field numbers below are quoted from it. It is the only
 * exposition format that carries native histograms. Names, labels, HELP and units are the text
 * format's (the same `exposedNames`, the same collision rule), so switching a scraper between
 * formats never renames a series.
 */

/** The Content-Type of the delimited protobuf exposition, as client_golang's `expfmt` writes it. */
export const PROMETHEUS_PROTOBUF_CONTENT_TYPE =
  'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited';

const FAMILY_NAME = 1;
const FAMILY_HELP = 2;
const FAMILY_TYPE = 3;
const FAMILY_METRIC = 4;
const FAMILY_UNIT = 5;

const METRIC_LABEL = 1;
const METRIC_GAUGE = 2;
const METRIC_COUNTER = 3;
const METRIC_SUMMARY = 4;
const METRIC_HISTOGRAM = 7;

const LABEL_NAME = 1;
const LABEL_VALUE = 2;
/** `Gauge.value` and `Counter.value`. */
const VALUE = 1;
const COUNTER_EXEMPLAR = 2;

const SAMPLE_COUNT = 1;
const SAMPLE_SUM = 2;
/** `Histogram.sample_count_float`: "Overrides sample_count if > 0". */
const SAMPLE_COUNT_FLOAT = 4;
const SUMMARY_QUANTILE = 3;
const QUANTILE_QUANTILE = 1;
const QUANTILE_VALUE = 2;
const HISTOGRAM_BUCKET = 3;
const BUCKET_CUMULATIVE_COUNT = 1;
const BUCKET_UPPER_BOUND = 2;
const BUCKET_CUMULATIVE_COUNT_FLOAT = 4;
const BUCKET_EXEMPLAR = 3;
/** `Histogram.exemplars`: "Only used for native histograms. These exemplars MUST have a timestamp." */
const HISTOGRAM_EXEMPLARS = 16;

/** `enum MetricType`. Info metrics are gauges here, as in text 0.0.4 (the enum has no info). */
const METRIC_TYPES: Record<MetricSnapshot['type'], number> = {
  counter: 0,
  gauge: 1,
  info: 1,
  summary: 2,
  histogram: 4,
  timer: 4,
};

/**
 * Finished families are handed out once a chunk holds this many bytes: large enough that a chunk is
 * a few hundred series, small enough that no single buffer doubles into megabytes needlessly.
 */
const CHUNK_BYTES = 64 * 1024;

/**
 * Yielded in the middle of a family: a point to yield to the event loop with no bytes to hand out,
 * because a family's length prefix is only known once its last series is written.
 */
const PAUSE = new Uint8Array(0);

function writeLabels(writer: ProtobufWriter, series: CanonicalTags): void {
  const tags = prometheusLabels(series);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    writer.message(METRIC_LABEL).string(LABEL_NAME, tag.key).string(LABEL_VALUE, tag.value).end();
  }
}

function writeValue(writer: ProtobufWriter, type: MetricSnapshot['type'], point: ValuePoint): void {
  writer.message(type === 'counter' ? METRIC_COUNTER : METRIC_GAUGE).double(VALUE, point.value);
  if (point.exemplar !== undefined && type === 'counter')
    writeExemplar(writer, COUNTER_EXEMPLAR, point.exemplar);
  writer.end();
}

function writeSummary(writer: ProtobufWriter, point: SummaryPoint): void {
  writer.message(METRIC_SUMMARY).uint64(SAMPLE_COUNT, point.count).double(SAMPLE_SUM, point.sum);
  for (const { quantile, value } of point.quantiles) {
    writer.message(SUMMARY_QUANTILE).double(QUANTILE_QUANTILE, quantile).double(QUANTILE_VALUE, value).end();
  }
  writer.end();
}

/** True when the series has buckets of its own, not only the `+Inf` one every series has. */
function hasClassicBuckets(point: HistogramPoint): boolean {
  return point.buckets.some((bucket) => bucket.upperBound !== Number.POSITIVE_INFINITY);
}

/**
 * Whether every count of the series is a whole number. A sampled histogram (`sampleRate`) weighs
 * each kept observation by 1/rate, so its counts may have fractions, which only the float fields
 * of the schema carry (the integer ones would truncate them).
 */
function hasWholeCounts(point: HistogramPoint): boolean {
  if (!Number.isInteger(point.count)) return false;
  for (const bucket of point.buckets) if (!Number.isInteger(bucket.count)) return false;
  const exponential = point.exponential;
  if (exponential === undefined) return true;
  if (!Number.isInteger(exponential.zeroCount)) return false;
  for (const count of exponential.positive.counts) if (!Number.isInteger(count)) return false;
  for (const count of exponential.negative.counts) if (!Number.isInteger(count)) return false;
  return true;
}

/**
 * A histogram series: native fields when it has exponential buckets, and the classic buckets when
 * it has its own (both when both: Prometheus keeps `_bucket` series queryable for
 * `histogram_quantile` when its scrape config asks for classic histograms too). A series with only
 * exponential buckets writes no classic bucket; Prometheus reads `sample_count` as its `+Inf`.
 */
function writeHistogram(writer: ProtobufWriter, point: HistogramPoint): void {
  const float = !hasWholeCounts(point);
  writer.message(METRIC_HISTOGRAM);
  if (float) writer.double(SAMPLE_COUNT_FLOAT, point.count);
  else writer.uint64(SAMPLE_COUNT, point.count);
  writer.double(SAMPLE_SUM, point.sum);
  const native = point.exponential !== undefined && writeNativeHistogram(writer, point.exponential, float);
  if (!native || hasClassicBuckets(point)) {
    for (const bucket of point.buckets) writeBucket(writer, bucket, float);
  }
  if (native) {
    const exemplars = nativeExemplars(point);
    if (!hasClassicBuckets(point)) {
      const carrier = latestExemplarBucket(point, exemplars);
      if (carrier !== undefined) writeBucket(writer, carrier, float);
    }
    for (const exemplar of exemplars) writeExemplar(writer, HISTOGRAM_EXEMPLARS, exemplar);
  }
  writer.end();
}

function writeBucket(writer: ProtobufWriter, bucket: Bucket, float: boolean): void {
  writer.message(HISTOGRAM_BUCKET);
  if (float) writer.double(BUCKET_CUMULATIVE_COUNT_FLOAT, bucket.count);
  else writer.uint64(BUCKET_CUMULATIVE_COUNT, bucket.count);
  writer.double(BUCKET_UPPER_BOUND, bucket.upperBound);
  if (bucket.exemplar !== undefined) writeExemplar(writer, BUCKET_EXEMPLAR, bucket.exemplar);
  writer.end();
}

/** How much a series weighs against `linesPerChunk`: about the lines it takes in text. */
function writeSeries(writer: ProtobufWriter, metric: MetricSnapshot, index: number): number {
  writer.message(FAMILY_METRIC);
  switch (metric.type) {
    case 'histogram':
    case 'timer': {
      const point = metric.points[index]!;
      writeLabels(writer, point.tags);
      writeHistogram(writer, point);
      writer.end();
      return point.buckets.length + 2;
    }
    case 'summary': {
      const point = metric.points[index]!;
      writeLabels(writer, point.tags);
      writeSummary(writer, point);
      writer.end();
      return point.quantiles.length + 2;
    }
    default: {
      const point = metric.points[index]!;
      writeLabels(writer, point.tags);
      writeValue(writer, metric.type, point);
      writer.end();
      return 1;
    }
  }
}

/**
 * Serializes a snapshot to the delimited protobuf exposition incrementally. The concatenation of
 * the non-empty chunks is the complete body; an empty chunk is a point to yield to the event loop in
 * the middle of a large family. About `linesPerChunk` text lines' worth of series are written
 * between two chunks.
 */
export function* protobufExpositionChunks(
  snapshot: Snapshot,
  options: SerializeOptions = {},
): Generator<Uint8Array, void, undefined> {
  const limit = options.linesPerChunk ?? DEFAULT_LINES_PER_CHUNK;
  const taken = new Set<string>();
  let writer = new ProtobufWriter();
  let weight = 0;
  for (const metric of snapshot.metrics) {
    if (metric.points.length === 0) continue;
    const names = claimOrReportExposedNames(metric, taken, options.onConflict);
    if (names === undefined) continue;
    writer.begin().string(FAMILY_NAME, names.textFamily);
    if (metric.description !== '') writer.string(FAMILY_HELP, metric.description);
    writer.uint64(FAMILY_TYPE, METRIC_TYPES[metric.type]);
    if (names.openMetricsUnit !== '') writer.string(FAMILY_UNIT, names.openMetricsUnit);
    for (let i = 0; i < metric.points.length; i++) {
      weight += writeSeries(writer, metric, i);
      if (weight >= limit) {
        weight = 0;
        yield PAUSE;
      }
    }
    writer.end();
    if (writer.length >= CHUNK_BYTES) {
      yield writer.finish();
      writer = new ProtobufWriter();
    }
  }
  yield writer.finish();
}

/** True when some histogram series has exponential buckets: only the protobuf format carries them. */
export function hasNativeHistograms(snapshot: Snapshot): boolean {
  return snapshot.metrics.some(
    (metric) =>
      (metric.type === 'histogram' || metric.type === 'timer') &&
      metric.points.some((point) => point.exponential !== undefined),
  );
}

/** Serializes a snapshot to the delimited protobuf exposition in one buffer. */
export function serializeProtobufExposition(snapshot: Snapshot, options?: SerializeOptions): Uint8Array {
  const chunks = [...protobufExpositionChunks(snapshot, options)];
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
