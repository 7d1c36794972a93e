import type {
  CanonicalTags,
  HistogramPoint,
  MetricSnapshot,
  Snapshot,
  SummaryPoint,
  ValuePoint,
} from '@meterkit/core';
import { claimExposedNames, type ExposedNames, exposedNames } from '../metric-naming.js';
import { formatCanonicalFloat } from '../number-format.js';
import { ProtobufWriter } from '../protobuf/protobuf-writer.js';
import { hasNativeForm, writeNativeHistogram } from './native-histogram.js';
import { SentSeriesMemory } from './sent-series.js';
import {
  type EncodedWriteRequest,
  type FamilyMetadata,
  MetadataType,
  WriteRequestBuilder,
} from './write-request-builder.js';

/** Options of {@link SnapshotEncoder}. */
export interface SnapshotEncoderOptions {
  /** Labels on every series (`remoteWrite.labels`: job, instance, …), sorted by name. */
  readonly labels: CanonicalTags;
  /** Most samples in one `WriteRequest`. */
  readonly maxSamplesPerRequest: number;
  /** Receives a metric left out because its names collide with an earlier one. */
  readonly onConflict: (error: Error) => void;
  /**
   * Send exponential histograms as native histograms (prompb `Histogram`). Only for receivers that
   * accept them; otherwise they go as their classic buckets. Default false.
   */
  readonly nativeHistograms?: boolean;
}

/** The exposed names of one family, computed once per snapshot, never per series. */
interface SeriesNames {
  readonly sample: string;
  readonly bucket: string;
  readonly sum: string;
  readonly count: string;
  readonly family: FamilyMetadata;
}

const TYPE_OF: Record<MetricSnapshot['type'], number> = {
  counter: MetadataType.counter,
  gauge: MetadataType.gauge,
  // Text 0.0.4 has no info type and neither has remote write's scrape side: a gauge of 1.
  info: MetadataType.gauge,
  histogram: MetadataType.histogram,
  timer: MetadataType.histogram,
  summary: MetadataType.summary,
};

function seriesNames(metric: MetricSnapshot, names: ExposedNames): SeriesNames {
  return {
    sample: names.sample,
    bucket: `${names.sample}_bucket`,
    sum: `${names.sample}_sum`,
    count: `${names.sample}_count`,
    family: {
      type: TYPE_OF[metric.type],
      // The text format's family name (`jobs_total`), as Prometheus' own remote write sends it.
      familyName: names.textFamily,
      help: metric.description,
      unit: names.openMetricsUnit,
    },
  };
}

/**
 * Turns snapshots into remote-write requests with the Prometheus exposition's naming rules
 * (`exposedNames`, shared with the text and OpenMetrics serializers): counters end in `_total`,
 * timers in `_seconds`; histograms become `_bucket{le}`, `_sum` and `_count` series, summaries
 * `{quantile}`, `_sum` and `_count`; info metrics a gauge of 1.
 *
 * It keeps two pieces of state between snapshots. The last timestamp: every snapshot gets a
 * timestamp strictly after the previous one, even if the wall clock stepped back, so no series is
 * ever sent a sample out of order. And the series last sent: one that is gone from the next snapshot
 * (removed, cleared, expired) gets a stale marker, as the spec requires of senders.
 */
export class SnapshotEncoder {
  private readonly sent = new SentSeriesMemory<SeriesNames>();
  /** One buffer for every request of every push (each request leaves as a copy). */
  private readonly writer = new ProtobufWriter(64 * 1024);
  private generation = 0;
  private lastTimestamp = Number.NEGATIVE_INFINITY;

  private readonly native: boolean;

  constructor(private readonly options: SnapshotEncoderOptions) {
    this.native = options.nativeHistograms ?? false;
  }

  /** Encodes one snapshot (plus `extra` metrics such as the exporter's own) into requests. */
  encode(snapshot: Snapshot, extra: readonly MetricSnapshot[] = []): EncodedWriteRequest[] {
    const timestamp = Math.max(Math.round(snapshot.timestamp), this.lastTimestamp + 1);
    this.lastTimestamp = timestamp;
    const builder = new WriteRequestBuilder(
      this.options.maxSamplesPerRequest,
      this.options.labels,
      this.writer,
    );
    const taken = new Set<string>();
    const generation = ++this.generation;
    for (const metrics of [snapshot.metrics, extra]) {
      for (const metric of metrics) {
        if (metric.points.length === 0) continue;
        const exposed = exposedNames(metric);
        const clash = claimExposedNames(taken, metric, exposed);
        if (clash !== undefined) {
          this.options.onConflict(
            new Error(
              `Metric "${metric.name}" (${metric.type}) was not sent: the name "${clash}" is already used`,
            ),
          );
          continue;
        }
        const names = seriesNames(metric, exposed);
        for (const point of metric.points) {
          // The static labels are the same for every push: the tags alone identify the series.
          this.sent.touch(names.sample, metric, names, point, generation);
          writePoint(builder, metric, names, point, timestamp, false, this.native);
        }
      }
    }
    this.sent.sweep(generation, (series) =>
      writePoint(builder, series.metric, series.names, series.point, timestamp, true, this.native),
    );
    return builder.finish();
  }
}

function writePoint(
  builder: WriteRequestBuilder,
  metric: MetricSnapshot,
  names: SeriesNames,
  point: ValuePoint | HistogramPoint | SummaryPoint,
  timestamp: number,
  stale: boolean,
  native: boolean,
): void {
  const { family } = names;
  const base = point.tags;
  switch (metric.type) {
    case 'histogram':
    case 'timer': {
      const histogram = point as HistogramPoint;
      if (native && hasNativeForm(histogram)) {
        // A stale marker of a native series is a float stale sample, as Prometheus' scraper writes it.
        if (stale) builder.staleSample(names.sample, base, undefined, '', timestamp, family);
        else
          builder.histogram(names.sample, base, (w) => writeNativeHistogram(w, histogram, timestamp), family);
        // Explicit buckets too: the series keeps both forms. Exponential-only: the native form alone.
        if (histogram.buckets.length <= 1) return;
      }
      for (const bucket of histogram.buckets) {
        const le = formatCanonicalFloat(bucket.upperBound);
        emit(builder, stale, names.bucket, base, 'le', le, bucket.count, timestamp, family);
      }
      emit(builder, stale, names.sum, base, undefined, '', histogram.sum, timestamp, family);
      emit(builder, stale, names.count, base, undefined, '', histogram.count, timestamp, family);
      return;
    }
    case 'summary': {
      const summary = point as SummaryPoint;
      for (const quantile of summary.quantiles) {
        const q = formatCanonicalFloat(quantile.quantile);
        emit(builder, stale, names.sample, base, 'quantile', q, quantile.value, timestamp, family);
      }
      emit(builder, stale, names.sum, base, undefined, '', summary.sum, timestamp, family);
      emit(builder, stale, names.count, base, undefined, '', summary.count, timestamp, family);
      return;
    }
    default:
      emit(builder, stale, names.sample, base, undefined, '', (point as ValuePoint).value, timestamp, family);
  }
}

/** One float series: its value, or its stale marker. */
function emit(
  builder: WriteRequestBuilder,
  stale: boolean,
  name: string,
  base: CanonicalTags,
  extraName: string | undefined,
  extraValue: string,
  value: number,
  timestamp: number,
  family: FamilyMetadata,
): void {
  if (stale) builder.staleSample(name, base, extraName, extraValue, timestamp, family);
  else builder.sample(name, base, extraName, extraValue, value, timestamp, family);
}
