import type { HistogramPoint, ValuePoint } from '@meterkit/core';
import { histogramPointsToEncode } from '@meterkit/core/exporter-kit';
import type { ProtobufWriter } from '@meterkit/exporter-prometheus';
import { hrTimeHalves, millisToHrTime } from './hr-time.js';
import { histogramExemplars, valueExemplars } from './otlp-exemplars.js';
import { counter64, exemplars } from './otlp-protobuf-fields.js';
import {
  type CounterSource,
  type HistogramSource,
  hasBoundaries,
  ownPoint,
  tagsInRecordOrder,
} from './snapshot-metric-data.js';

/**
 * The `HistogramDataPoint`s of a cumulative histogram, written straight from its snapshot points:
 * the bytes the SDK point of each series would be encoded to (otlp-protobuf-encoder.ts), with no
 * SDK point built. A point the shortcut cannot write exactly (other bounds, tags a record would
 * reorder) is built as the SDK point and written by `writeSdkPoint`.
 */
export function writeHistogramPoints(
  writer: ProtobufWriter,
  source: HistogramSource,
  writeSdkPoint: (point: HistogramPoint) => void,
): void {
  const { metric, boundaries } = source;
  // Times as fixed64 halves, converted once: the end for every point, the start per distinct start.
  const end = hrTimeHalves(source.end, { high: 0, low: 0 });
  const metricStart = hrTimeHalves(source.start, { high: 0, low: 0 });
  const seriesStartHalves = { ...metricStart };
  let lastStart = metric.startTime;
  let pointLength = 0;
  // Core's columns are read through one reused point (copied only for the rare SDK route).
  for (const point of histogramPointsToEncode(metric)) {
    if (!hasBoundaries(point, boundaries) || !tagsInRecordOrder(point.tags)) {
      writeSdkPoint(ownPoint(point));
      continue;
    }
    const seriesStart = point.startTime ?? metric.startTime;
    if (seriesStart !== lastStart) {
      // Series created together share their start; convert each distinct one once.
      lastStart = seriesStart;
      hrTimeHalves(millisToHrTime(seriesStart), seriesStartHalves);
    }
    // HistogramDataPoint { 2, 3 times, 4 count, 5 sum, 6 bucket_counts, 7 explicit_bounds, 9 attributes, 11 min, 12 max, 8 exemplars }.
    // Points of one histogram are about the same size: room for the previous one's length prefix.
    const pointStart = writer.length;
    writer.message(1, pointLength);
    const start = point.startTime === undefined ? metricStart : seriesStartHalves;
    writer.fixed64(2, start.high, start.low).fixed64(3, end.high, end.low);
    counter64(writer, 4, point.count);
    writer.double(5, point.sum);
    // OTLP bucket counts are per bucket; meterkit's are cumulative (Prometheus `le` style).
    const buckets = point.buckets;
    writer.message(6);
    let previous = 0;
    for (let i = 0; i < buckets.length; i++) {
      const cumulative = buckets[i]!.count;
      writer.rawFixed64(cumulative - previous);
      previous = cumulative;
    }
    writer.end();
    if (boundaries.length > 0) {
      writer.message(7);
      for (let i = 0; i < boundaries.length; i++) writer.rawDouble(boundaries[i]!);
      writer.end();
    }
    const tags = point.tags;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      writer.message(9).string(1, tag.key).message(2).string(1, tag.value).end().end();
    }
    if (point.count > 0 && point.min !== undefined && point.max !== undefined) {
      writer.double(11, point.min).double(12, point.max);
    }
    exemplars(writer, 8, histogramExemplars(point, seriesStart));
    writer.end();
    pointLength = writer.length - pointStart;
  }
}

/**
 * The `NumberDataPoint`s of a cumulative counter (a monotonic sum of doubles), written straight
 * from its snapshot points as {@link writeHistogramPoints} writes a histogram's.
 */
export function writeCounterPoints(
  writer: ProtobufWriter,
  source: CounterSource,
  writeSdkPoint: (point: ValuePoint) => void,
): void {
  const metric = source.metric;
  const end = hrTimeHalves(source.end, { high: 0, low: 0 });
  const start = hrTimeHalves(source.start, { high: 0, low: 0 });
  let lastStart = metric.startTime;
  for (const point of metric.points) {
    if (!tagsInRecordOrder(point.tags)) {
      writeSdkPoint(point);
      continue;
    }
    const seriesStart = point.startTime ?? metric.startTime;
    if (seriesStart !== lastStart) {
      lastStart = seriesStart;
      hrTimeHalves(millisToHrTime(seriesStart), start);
    }
    // NumberDataPoint { 2 start, 3 time, 4 as_double, 7 attributes, 5 exemplars }.
    writer.message(1).fixed64(2, start.high, start.low).fixed64(3, end.high, end.low).double(4, point.value);
    const tags = point.tags;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      writer.message(7).string(1, tag.key).message(2).string(1, tag.value).end().end();
    }
    exemplars(writer, 5, valueExemplars(point, seriesStart));
    writer.end();
  }
}
