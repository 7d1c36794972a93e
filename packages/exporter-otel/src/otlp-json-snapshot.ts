import type { HistogramPoint, Tag, ValuePoint } from '@meterkit/core';
import { histogramPointsToEncode } from '@meterkit/core/exporter-kit';
import { hrTimeDecimal, millisToHrTime } from './hr-time.js';
import { doubleText, type JsonWriter } from './json-writer.js';
import { histogramExemplars, valueExemplars } from './otlp-exemplars.js';
import { exemplars } from './otlp-json-fields.js';
import {
  type CounterSource,
  type HistogramSource,
  hasBoundaries,
  ownPoint,
  tagsInRecordOrder,
} from './snapshot-metric-data.js';

const UTF8 = new TextEncoder();

/**
 * The `dataPoints` list of a cumulative histogram in OTLP/JSON, written straight from its snapshot
 * points: the text the SDK point of each series would be encoded to (otlp-json-encoder.ts), with
 * no SDK point built. What every point shares (bounds, end time) is turned into text once. A point
 * the shortcut cannot write exactly (other bounds, tags a record would reorder) is built as the
 * SDK point and written by `writeSdkPoint`.
 */
export function writeHistogramPointsJson(
  w: JsonWriter,
  source: HistogramSource,
  writeSdkPoint: (point: HistogramPoint) => void,
): void {
  const { metric, boundaries } = source;
  const bounds = UTF8.encode(`],"explicitBounds":[${boundaries.map(doubleText).join(',')}],"count":`);
  const end = `","timeUnixNano":"${hrTimeDecimal(source.end)}"`;
  const metricTimes = UTF8.encode(`,"startTimeUnixNano":"${hrTimeDecimal(source.start)}${end}`);
  let lastStart = metric.startTime;
  let seriesTimes = metricTimes;
  // Per tag position: the Tag last written there and where its text lies in the writer (written
  // inline below: as a function of its own, V8 ran the loop about three times slower).
  const written: Array<Tag | undefined> = [];
  const from: number[] = [];
  const to: number[] = [];
  w.raw('[');
  let p = 0;
  // Core's columns are read through one reused point (copied only for the rare SDK route).
  for (const point of histogramPointsToEncode(metric)) {
    if (p++ > 0) w.raw(',');
    if (!hasBoundaries(point, boundaries) || !tagsInRecordOrder(point.tags)) {
      writeSdkPoint(ownPoint(point));
      continue;
    }
    const seriesStart = point.startTime ?? metric.startTime;
    if (point.startTime !== undefined && seriesStart !== lastStart) {
      // Series created together share their start; turn each distinct one into text once.
      lastStart = seriesStart;
      seriesTimes = UTF8.encode(`,"startTimeUnixNano":"${hrTimeDecimal(millisToHrTime(seriesStart))}${end}`);
    }
    w.raw('{"attributes":[');
    const tags = point.tags;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      if (i > 0) w.raw(',');
      if (written[i] === tag) {
        // Consecutive series share the Tag objects of their shared index levels: copy its text.
        w.repeat(from[i]!, to[i]!);
        continue;
      }
      const start = w.length;
      w.raw('{"key":').str(tag.key).raw(',"value":{"stringValue":').str(tag.value).raw('}}');
      written[i] = tag;
      from[i] = start;
      to[i] = w.length;
    }
    // OTLP bucket counts are per bucket; meterkit's are cumulative (Prometheus `le` style).
    w.raw('],"bucketCounts":[');
    const buckets = point.buckets;
    let previous = 0;
    for (let i = 0; i < buckets.length; i++) {
      const cumulative = buckets[i]!.count;
      if (i > 0) w.raw(',');
      w.int64(cumulative - previous);
      previous = cumulative;
    }
    w.bytes(bounds).int64(point.count).raw(',"sum":').double(point.sum);
    if (point.count > 0 && point.min !== undefined && point.max !== undefined) {
      w.raw(',"min":').double(point.min).raw(',"max":').double(point.max);
    }
    w.bytes(point.startTime === undefined ? metricTimes : seriesTimes);
    exemplars(w, histogramExemplars(point, seriesStart));
    w.raw('}');
  }
  w.raw(']');
}

/**
 * The `dataPoints` list of a cumulative counter (a monotonic sum of doubles) in OTLP/JSON, written
 * straight from its snapshot points as {@link writeHistogramPointsJson} writes a histogram's.
 */
export function writeCounterPointsJson(
  w: JsonWriter,
  source: CounterSource,
  writeSdkPoint: (point: ValuePoint) => void,
): void {
  const metric = source.metric;
  const end = `","timeUnixNano":"${hrTimeDecimal(source.end)}","asDouble":`;
  let times = UTF8.encode(`"startTimeUnixNano":"${hrTimeDecimal(source.start)}${end}`);
  let lastStart = metric.startTime;
  // Per tag position: the Tag last written there and where its text lies in the writer (written
  // inline below: as a function of its own, V8 ran the loop about three times slower).
  const written: Array<Tag | undefined> = [];
  const from: number[] = [];
  const to: number[] = [];
  const points = metric.points;
  w.raw('[');
  for (let p = 0; p < points.length; p++) {
    const point = points[p]!;
    if (p > 0) w.raw(',');
    if (!tagsInRecordOrder(point.tags)) {
      writeSdkPoint(point);
      continue;
    }
    const seriesStart = point.startTime ?? metric.startTime;
    if (seriesStart !== lastStart) {
      lastStart = seriesStart;
      times = UTF8.encode(`"startTimeUnixNano":"${hrTimeDecimal(millisToHrTime(seriesStart))}${end}`);
    }
    w.raw('{"attributes":[');
    const tags = point.tags;
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i]!;
      if (i > 0) w.raw(',');
      if (written[i] === tag) {
        // Consecutive series share the Tag objects of their shared index levels: copy its text.
        w.repeat(from[i]!, to[i]!);
        continue;
      }
      const start = w.length;
      w.raw('{"key":').str(tag.key).raw(',"value":{"stringValue":').str(tag.value).raw('}}');
      written[i] = tag;
      from[i] = start;
      to[i] = w.length;
    }
    w.raw('],').bytes(times).double(point.value);
    exemplars(w, valueExemplars(point, seriesStart));
    w.raw('}');
  }
  w.raw(']');
}
