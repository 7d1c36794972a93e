import type { HistogramMetricSnapshot, MetricSnapshot, Snapshot, Tag } from '@meterkit/core';
import type { TagColumns } from '@meterkit/core/exporter-kit';
import { histogramColumns, valueColumns } from '@meterkit/core/exporter-kit';
import {
  boundBytes,
  histogramNameBytes,
  type LabelEnds,
  LINE_END_ROOM,
  labelHead,
  line,
  NEWLINE,
  type Writing,
  writeLabel,
  writeSibling,
} from './byte-lines.js';
import { writeColumns, writeHistogramColumns } from './byte-writer-columns.js';
import { ExpositionBytes } from './exposition-bytes.js';
import {
  type ChunkState,
  claimOrReportExposedNames,
  createdName,
  type ExpositionDialect,
  type SerializeOptions,
  take,
  writeMetric,
} from './exposition-writer.js';
import type { ExposedNames } from './metric-naming.js';
import { exemplarSuffix } from './openmetrics-exemplar.js';

const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Sample lines per piece handed out (and per yield to the event loop) when the caller sets none:
 * writing bytes costs about 0.2 µs a line, so 4,096 lines keep each turn near a millisecond while
 * the yields themselves stay few.
 */
const BYTE_LINES_PER_CHUNK = 4096;

function allClassic(tags: readonly Tag[], classicKeys: Set<string>): boolean {
  for (let i = 0; i < tags.length; i++) {
    const key = tags[i]!.key;
    if (classicKeys.has(key)) continue;
    if (!CLASSIC_LABEL.test(key)) return false;
    classicKeys.add(key);
  }
  return true;
}

/** About how many lines a metric writes (the output buffer is sized from it), `_created` lines included. */
function expectedLines(metric: MetricSnapshot, created: boolean): number {
  const columns = valueColumns(metric);
  const perSeries = created && metric.type !== 'gauge' && metric.type !== 'info' ? 1 : 0;
  if (columns !== undefined) return columns.size * (1 + perSeries);
  const histogram = histogramColumns(metric);
  // The buckets (`+Inf` included), `_sum` and `_count`.
  if (histogram !== undefined) return histogram.size * (histogram.bounds.length + 3 + perSeries);
  if (metric.type === 'histogram' || metric.type === 'timer') {
    // As counted by writeHistogramPoints: the buckets, a `+Inf` line, `_sum` and `_count`.
    return metric.points.length * ((metric.points[0]?.buckets.length ?? 1) + 3 + perSeries);
  }
  return metric.points.length * (2 + perSeries);
}

/**
 * Text 0.0.4 or OpenMetrics straight into bytes: the same exposition as `writeExposition` (which
 * stays the path for summaries, quoted UTF-8 names and label keys that need translating), yielded as
 * views of one growing buffer every `linesPerChunk` lines so the caller can let the event loop in.
 * `reuse`: memory of an earlier body that nothing reads any more, written over instead of fresh memory.
 * Counters and gauges are read from core's columns when the snapshot has them; histograms from
 * their points. A series' labels are written once: its other lines, and the next series as far as
 * its tags are the same, repeat those bytes.
 */
export function* writeExpositionBytes(
  snapshot: Snapshot,
  dialect: ExpositionDialect,
  options: SerializeOptions = {},
  reuse?: Buffer,
): Generator<Buffer, void, undefined> {
  let total = 0;
  const created = options.createdTimestamps === true && dialect.writesCreated === true;
  for (const metric of snapshot.metrics) total += expectedLines(metric, created);
  const writing: Writing = {
    out: new ExpositionBytes(total, reuse),
    dialect,
    limit: options.linesPerChunk ?? BYTE_LINES_PER_CHUNK,
    classicKeys: new Set(),
    lines: 0,
  };
  // The writer is kept for its shape (keepShape): finished or abandoned, it lets go of the body's memory.
  try {
    const taken = new Set<string>();
    for (const metric of snapshot.metrics) {
      const columns = valueColumns(metric);
      const histogram = histogramColumns(metric);
      if ((columns?.size ?? histogram?.size ?? metric.points.length) === 0) continue;
      const names = claimOrReportExposedNames(metric, taken, options.onConflict, options.utf8Names);
      if (names === undefined) continue;
      if (options.utf8Names !== true) {
        if (columns !== undefined && columnsAreClassic(columns, writing)) {
          writing.out.write(dialect.header(metric, names));
          const created = createdName(metric, names, dialect, options);
          yield* writeColumns(writing, metric.type === 'counter', columns, names, created);
          continue;
        }
        if (histogram !== undefined && columnsAreClassic(histogram, writing)) {
          writing.out.write(dialect.header(metric, names));
          yield* writeHistogramColumns(
            writing,
            histogram,
            names,
            createdName(metric, names, dialect, options),
          );
          continue;
        }
        if ((metric.type === 'histogram' || metric.type === 'timer') && histogramIsClassic(metric, writing)) {
          writing.out.write(dialect.header(metric, names));
          yield* writeHistogramPoints(writing, metric, names, createdName(metric, names, dialect, options));
          continue;
        }
      }
      yield* writeGeneral(writing, metric, names, options);
    }
    writing.out.write(dialect.trailer);
    yield writing.out.take();
  } finally {
    writing.out.release();
  }
}

function columnsAreClassic(columns: TagColumns, writing: Writing): boolean {
  for (const keySet of columns.keySets) {
    for (const slot of keySet.plan) {
      const key = typeof slot === 'number' ? keySet.keys[slot]! : slot.key;
      if (!allClassic([{ key, value: '' }], writing.classicKeys)) return false;
    }
  }
  return true;
}

function histogramIsClassic(metric: HistogramMetricSnapshot, writing: Writing): boolean {
  for (const point of metric.points) if (!allClassic(point.tags, writing.classicKeys)) return false;
  return true;
}

/** A metric through the general, string-building writer, its chunks encoded into the same bytes. */
function* writeGeneral(
  writing: Writing,
  metric: MetricSnapshot,
  names: ExposedNames,
  options: SerializeOptions,
): Generator<Buffer> {
  const state: ChunkState = { parts: [], lines: 0, limit: writing.limit };
  for (const chunk of writeMetric(state, metric, names, writing.dialect, options)) {
    writing.out.write(chunk);
    yield writing.out.take();
  }
  writing.out.write(take(state));
}

function* writeHistogramPoints(
  writing: Writing,
  metric: HistogramMetricSnapshot,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out, dialect } = writing;
  const {
    bucket: bucketName,
    sum: sumName,
    count: countName,
    created: createdBytes,
  } = histogramNameBytes(names.sample, created);
  const bound = boundBytes(dialect);
  const exemplars = dialect.writesExemplars === true;
  const ends: LabelEnds = [bucketName.length];
  // The label heads of the positions, kept while the key at a position stays the same.
  const heads: Uint8Array[] = [];
  const headKeys: string[] = [];
  let previous: readonly Tag[] = [];
  let previousLine = -1;
  for (const point of metric.points) {
    const tags = point.tags;
    // Core's points share the very same Tag objects for the index levels consecutive series share.
    let shared = 0;
    const common = Math.min(tags.length, previous.length);
    while (shared < common && tags[shared] === previous[shared]) shared++;
    previous = tags;
    // The series' first bucket line carries its labels; every other line of the series repeats them.
    const labelsLine = out.at;
    if (previousLine < 0) out.bytes(bucketName);
    else out.repeat(previousLine, ends[shared]!);
    for (let p = shared; p < tags.length; p++) {
      const key = tags[p]!.key;
      if (headKeys[p] !== key) {
        headKeys[p] = key;
        heads[p] = labelHead(p, key);
      }
      writeLabel(out, labelsLine, ends, p, heads[p]!, tags[p]!.value);
    }
    previousLine = labelsLine;
    const labelCount = tags.length;
    const labelsEnd = ends[labelCount]!;
    let sawInfinity = false;
    for (let b = 0; b < point.buckets.length; b++) {
      const bucket = point.buckets[b]!;
      if (b > 0) out.repeat(labelsLine, labelsEnd);
      out.bytes(bound(bucket.upperBound, labelCount));
      out.room(LINE_END_ROOM);
      out.sampleValue(bucket.count);
      if (exemplars && bucket.exemplar !== undefined) out.write(exemplarSuffix(bucket.exemplar));
      out.room(1);
      out.byte(NEWLINE);
      if (bucket.upperBound === Number.POSITIVE_INFINITY) sawInfinity = true;
    }
    // Both formats require the +Inf bucket; core always has it, hand-built snapshots may not.
    if (!sawInfinity) {
      if (point.buckets.length > 0) out.repeat(labelsLine, labelsEnd);
      out.bytes(bound(Number.POSITIVE_INFINITY, labelCount));
      out.room(LINE_END_ROOM);
      out.sampleValue(point.count);
      out.byte(NEWLINE);
    }
    let full = line(writing, point.buckets.length + 1);
    if (dialect.histogramHasSum(point)) {
      writeSibling(out, sumName, labelsLine, ends, labelCount, point.sum);
      writeSibling(out, countName, labelsLine, ends, labelCount, point.count);
      full = line(writing, 2) || full;
    }
    if (createdBytes !== undefined) {
      const start = point.startTime ?? metric.startTime;
      writeSibling(out, createdBytes, labelsLine, ends, labelCount, start / 1000);
      full = line(writing) || full;
    }
    if (full) yield out.take();
  }
}
