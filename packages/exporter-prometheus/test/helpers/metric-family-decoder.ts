import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/*
 * The independent reader of the protobuf exposition: protobufjs' reflection decoder with
 * client_model's own io/prometheus/client/metrics.proto (test/fixtures/client_model, vendored
 * unchanged from github.com/prometheus/client_model at 10dc9dfb541a117fe0a6457192564ec609c78615,
 * Apache 2.0, license header in the file).
 */
const PROTO = fileURLToPath(new URL('../fixtures/client_model/metrics.proto', import.meta.url));
const root = new protobuf.Root().loadSync(PROTO);
const MetricFamily = root.lookupType('io.prometheus.client.MetricFamily');

/** One decoded `BucketSpan`. */
export interface DecodedSpan {
  offset: number;
  length: number;
}

/** One decoded `Histogram` (fields left at their proto2 defaults when absent). */
export interface DecodedHistogram {
  sampleCount: number;
  sampleCountFloat: number;
  sampleSum: number;
  bucket: { cumulativeCount: number; cumulativeCountFloat: number; upperBound: number }[];
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  zeroCountFloat: number;
  negativeSpan: DecodedSpan[];
  negativeDelta: number[];
  negativeCount: number[];
  positiveSpan: DecodedSpan[];
  positiveDelta: number[];
  positiveCount: number[];
}

/** One decoded `Metric`. */
export interface DecodedMetric {
  label: { name: string; value: string }[];
  gauge?: { value: number };
  counter?: { value: number };
  summary?: { sampleCount: number; sampleSum: number; quantile: { quantile: number; value: number }[] };
  histogram?: DecodedHistogram;
}

/** One decoded `MetricFamily`; `type` is the enum's name (`COUNTER`, `HISTOGRAM`, …). */
export interface DecodedFamily {
  name: string;
  help: string;
  type: string;
  unit: string;
  metric: DecodedMetric[];
}

/**
 * Decodes a whole delimited body (`encoding=delimited`) into its families, in order. With
 * `defaults: false`, fields absent from the wire are absent from the objects (proto2 presence).
 */
export function decodeMetricFamilies(body: Uint8Array, { defaults = true } = {}): DecodedFamily[] {
  const reader = protobuf.Reader.create(body);
  const families: DecodedFamily[] = [];
  while (reader.pos < reader.len) {
    const message = MetricFamily.decodeDelimited(reader);
    families.push(
      MetricFamily.toObject(message, {
        longs: Number,
        enums: String,
        defaults,
        arrays: true,
      }) as DecodedFamily,
    );
  }
  return families;
}

/** The fields on the wire of an object decoded with `defaults: false` (empty repeated fields are not). */
export function presentFields(message: object): string[] {
  return Object.entries(message)
    .filter(([, value]) => !(Array.isArray(value) && value.length === 0))
    .map(([key]) => key)
    .sort();
}

/**
 * The absolute count of every populated bucket of one side, by Prometheus bucket index, read back
 * from spans and deltas as the format defines them: the first span's offset is its starting index,
 * later offsets are gaps after the previous span, each delta is relative to the bucket before.
 */
export function nativeBucketCounts(spans: DecodedSpan[], deltas: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  let index = 0;
  let position = 0;
  let count = 0;
  for (const span of spans) {
    index += span.offset;
    for (let j = 0; j < span.length; j++) {
      count += deltas[position++]!;
      if (count !== 0) counts.set(index, count);
      index++;
    }
  }
  if (position !== deltas.length) throw new Error(`${deltas.length} deltas for ${position} buckets in spans`);
  return counts;
}
