import type { CanonicalTags, Tag } from '@meterkit/core';
import { prometheusLabels } from '../metric-naming.js';
import { ProtobufWriter } from '../protobuf/protobuf-writer.js';

/*
 * Field numbers of prometheus/prompb (types.proto, remote.proto), the schema remote write 1.0 fixes:
 * https://github.com/prometheus/prometheus/blob/main/prompb/types.proto
 */
const WRITE_REQUEST_TIMESERIES = 1;
const WRITE_REQUEST_METADATA = 3;
const TIMESERIES_LABELS = 1;
const TIMESERIES_SAMPLES = 2;
const TIMESERIES_HISTOGRAMS = 4;
const LABEL_NAME = 1;
const LABEL_VALUE = 2;
const SAMPLE_VALUE = 1;
const SAMPLE_TIMESTAMP = 2;
const METADATA_TYPE = 1;
const METADATA_FAMILY_NAME = 2;
const METADATA_HELP = 4;
const METADATA_UNIT = 5;

/** The metric name label; remote write carries the name as a label like any other. */
export const NAME_LABEL = '__name__';

/** `prometheus.MetricMetadata.MetricType`. */
export const MetadataType = {
  counter: 1,
  gauge: 2,
  histogram: 3,
  summary: 5,
} as const;

/** One `MetricMetadata` entry: sent once per family in every request holding its series. */
export interface FamilyMetadata {
  readonly type: number;
  readonly familyName: string;
  readonly help: string;
  readonly unit: string;
}

/** A finished `WriteRequest`, not yet compressed. */
export interface EncodedWriteRequest {
  readonly body: Uint8Array;
  /** Samples plus native histograms it carries (what the queue bound and batch size count). */
  readonly samples: number;
}

/** Writes one native histogram message's fields; the builder opens and closes it. */
export type HistogramFieldsWriter = (writer: ProtobufWriter) => void;

/**
 * Streams series straight into protobuf `WriteRequest`s, starting a new request whenever one holds
 * `maxSamplesPerRequest` samples, so no request outgrows what a receiver accepts. Labels are written
 * sorted by name, as the spec requires ("MUST have label names sorted in lexicographical order"):
 * the series' tags and the static labels are both sorted already, and they are merged with the name
 * label (plus `le` or `quantile`) while writing, without building a per-series array.
 */
export class WriteRequestBuilder {
  private samples = 0;
  private readonly families = new Map<string, FamilyMetadata>();
  private readonly requests: EncodedWriteRequest[] = [];

  /**
   * @param labels static labels on every series (`remoteWrite.labels`), sorted by name
   * @param writer reused across requests (and pushes, when the caller keeps it): one buffer
   */
  constructor(
    private readonly maxSamplesPerRequest: number,
    private readonly labels: CanonicalTags = [],
    /** Reused across requests (and pushes, when the caller keeps it): its buffer is allocated once. */
    private readonly writer: ProtobufWriter = new ProtobufWriter(64 * 1024),
  ) {
    writer.reset();
  }

  /** One series with one float sample. `extraName` is `le` or `quantile` when present. */
  sample(
    name: string,
    base: CanonicalTags,
    extraName: string | undefined,
    extraValue: string,
    value: number,
    timestamp: number,
    family: FamilyMetadata,
  ): void {
    const writer = this.openSeries(name, base, extraName, extraValue, family);
    writer.message(TIMESERIES_SAMPLES);
    // -0 becomes 0: receivers such as VictoriaMetrics refuse negative zero, and it means the same.
    writer.double(SAMPLE_VALUE, value === 0 ? 0 : value);
    writer.int64(SAMPLE_TIMESTAMP, timestamp);
    writer.end();
    this.closeSeries();
  }

  /**
   * One series with a stale marker, the NaN with payload 1 the spec reserves ("Stale markers MUST be
   * signalled by the special NaN value 0x7ff0000000000002"): the series will not be appended to.
   */
  staleSample(
    name: string,
    base: CanonicalTags,
    extraName: string | undefined,
    extraValue: string,
    timestamp: number,
    family: FamilyMetadata,
  ): void {
    const writer = this.openSeries(name, base, extraName, extraValue, family);
    writer.message(TIMESERIES_SAMPLES);
    writer.doubleBits(SAMPLE_VALUE, 0x7ff00000, 0x00000002);
    writer.int64(SAMPLE_TIMESTAMP, timestamp);
    writer.end();
    this.closeSeries();
  }

  /** One series with one native histogram (prompb `Histogram`). */
  histogram(
    name: string,
    base: CanonicalTags,
    writeFields: HistogramFieldsWriter,
    family: FamilyMetadata,
  ): void {
    const writer = this.openSeries(name, base, undefined, '', family);
    writer.message(TIMESERIES_HISTOGRAMS);
    writeFields(writer);
    writer.end();
    this.closeSeries();
  }

  /** Every request built so far, the last one closed. The builder is done. */
  finish(): EncodedWriteRequest[] {
    if (this.samples > 0) this.cut();
    return this.requests;
  }

  private openSeries(
    name: string,
    series: CanonicalTags,
    extraName: string | undefined,
    extraValue: string,
    family: FamilyMetadata,
  ): ProtobufWriter {
    const tags = prometheusLabels(series);
    if (!this.families.has(family.familyName)) this.families.set(family.familyName, family);
    const writer = this.writer;
    writer.message(WRITE_REQUEST_TIMESERIES);
    const labels = this.labels;
    let nameWritten = false;
    let extraWritten = extraName === undefined;
    let i = 0;
    let j = 0;
    // Merges the series' tags with the static labels (a tag wins a tie, as Prometheus does with
    // external_labels), both sorted, inserting the name label and `le`/`quantile` in their places.
    for (;;) {
      const tag = tags[i];
      const label = labels[j];
      let next: Tag;
      if (tag === undefined) {
        if (label === undefined) break;
        next = label;
        j++;
      } else if (label === undefined || tag.key < label.key) {
        next = tag;
        i++;
      } else {
        next = tag.key === label.key ? tag : label;
        if (tag.key === label.key) i++;
        j++;
      }
      // The spec forbids empty values, and an empty tag means the same series as no tag.
      if (next.value === '') continue;
      if (!nameWritten && NAME_LABEL < next.key) {
        writeLabel(writer, NAME_LABEL, name);
        nameWritten = true;
      }
      if (!extraWritten && (extraName as string) < next.key) {
        writeLabel(writer, extraName as string, extraValue);
        extraWritten = true;
      }
      writeLabel(writer, next.key, next.value);
    }
    if (!nameWritten) writeLabel(writer, NAME_LABEL, name);
    if (!extraWritten) writeLabel(writer, extraName as string, extraValue);
    return writer;
  }

  private closeSeries(): void {
    this.writer.end();
    if (++this.samples >= this.maxSamplesPerRequest) this.cut();
  }

  /** Closes the current request: metadata of its families after its series (field order is free). */
  private cut(): void {
    const writer = this.writer;
    for (const metadata of this.families.values()) {
      writer.message(WRITE_REQUEST_METADATA);
      writer.uint64(METADATA_TYPE, metadata.type);
      writer.string(METADATA_FAMILY_NAME, metadata.familyName);
      if (metadata.help !== '') writer.string(METADATA_HELP, metadata.help);
      if (metadata.unit !== '') writer.string(METADATA_UNIT, metadata.unit);
      writer.end();
    }
    this.requests.push({ body: writer.finish(), samples: this.samples });
    this.families.clear();
    this.samples = 0;
    writer.reset();
  }
}

function writeLabel(writer: ProtobufWriter, name: string, value: string): void {
  writer.message(TIMESERIES_LABELS).string(LABEL_NAME, name).string(LABEL_VALUE, value).end();
}
