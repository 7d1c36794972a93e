import type { HistogramMetricSnapshot, MetricSnapshot, Snapshot, Tag } from '@meterkit/core';
import type { ColumnKeySet, HistogramColumns, TagColumns, ValueColumns } from '@meterkit/core/exporter-kit';
import { histogramColumns, TAG_VALUE_CHUNK_BITS, valueColumns } from '@meterkit/core/exporter-kit';
import { ExpositionBytes } from './exposition-bytes.js';
import {
  boundFormatter,
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

const CHUNK_MASK = (1 << TAG_VALUE_CHUNK_BITS) - 1;
const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Sample lines per piece handed out (and per yield to the event loop) when the caller sets none:
 * writing bytes costs about 0.2 µs a line, so 4,096 lines keep each turn near a millisecond while
 * the yields themselves stay few.
 */
const BYTE_LINES_PER_CHUNK = 4096;

/** What one exposition needs while it is written. */
interface Writing {
  readonly out: ExpositionBytes;
  readonly dialect: ExpositionDialect;
  readonly limit: number;
  /** Keys already checked to be classic label names. */
  readonly classicKeys: Set<string>;
  lines: number;
}

function allClassic(tags: readonly Tag[], classicKeys: Set<string>): boolean {
  for (let i = 0; i < tags.length; i++) {
    const key = tags[i]!.key;
    if (classicKeys.has(key)) continue;
    if (!CLASSIC_LABEL.test(key)) return false;
    classicKeys.add(key);
  }
  return true;
}

/** Counts a line; true when a chunk is full and should be handed out. */
function line(writing: Writing, count = 1): boolean {
  writing.lines += count;
  writing.out.linesWritten += count;
  if (writing.lines < writing.limit) return false;
  writing.lines = 0;
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
        yield* writeColumns(writing, metric, columns, names, createdName(metric, names, dialect, options));
        continue;
      }
      if (histogram !== undefined && columnsAreClassic(histogram, writing)) {
        writing.out.write(dialect.header(metric, names));
        yield* writeHistogramColumns(writing, histogram, names, createdName(metric, names, dialect, options));
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

/** For each level of a key set, the first plan position it appears at (plan levels ascend). */
function firstPositions(keySet: ColumnKeySet): number[] {
  const first: number[] = [];
  keySet.plan.forEach((slot, position) => {
    if (typeof slot === 'number') first[slot] = position;
  });
  return first;
}

const CLOSE_BRACE = 0x7d;
const SPACE = 0x20;
const NEWLINE = 0x0a;
/** Room for a line's end: `} `, a sample value (at most 25 characters), `\n`. */
const LINE_END_ROOM = 32;

/**
 * Where the labels of the current series end, as byte offsets from the start of the line that
 * carries them: `ends[0]` after the sample name, `ends[p + 1]` after the label at position p. The
 * next series repeats its first line up to the position it starts to differ at.
 */
type LabelEnds = number[];

/** `{key="` / `,key="` of each label position, encoded once per key set (keys are classic: ASCII). */
function labelHeads(keys: readonly string[]): Uint8Array[] {
  return keys.map((key, position) => labelHead(position, key));
}

function labelHead(position: number, key: string): Uint8Array {
  return Buffer.from(`${position === 0 ? '{' : ','}${key}="`);
}

/** The label at `position` of the current line (see {@link labelHeads}); records where it ends. */
function writeLabel(
  out: ExpositionBytes,
  lineStart: number,
  ends: LabelEnds,
  position: number,
  head: Uint8Array,
  value: string,
): void {
  out.label(head, value);
  ends[position + 1] = out.at - lineStart;
}

/** Closes the labels (`} `, or ` ` when there are none) and writes `value` and the newline. */
function endLine(out: ExpositionBytes, labelCount: number, value: number, exemplar: string): void {
  if (exemplar === '') {
    out.lineEnd(labelCount > 0, value);
    return;
  }
  out.room(LINE_END_ROOM);
  if (labelCount > 0) out.byte(CLOSE_BRACE);
  out.byte(SPACE);
  out.sampleValue(value);
  out.write(exemplar);
  out.room(1);
  out.byte(NEWLINE);
}

/**
 * A line of another sample name with the same labels as the line at `labelsLine`: `name`, the
 * labels copied from there, value.
 */
function writeSibling(
  out: ExpositionBytes,
  name: Uint8Array,
  labelsLine: number,
  ends: LabelEnds,
  labelCount: number,
  value: number,
): void {
  out.bytes(name);
  if (labelCount > 0) out.repeat(labelsLine + ends[0]!, ends[labelCount]! - ends[0]!);
  endLine(out, labelCount, value, '');
}

function* writeColumns(
  writing: Writing,
  metric: MetricSnapshot,
  columns: ValueColumns,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out } = writing;
  const sample = Buffer.from(names.sample);
  const createdBytes = created === undefined ? undefined : Buffer.from(created);
  const exemplars =
    writing.dialect.writesExemplars === true && metric.type === 'counter' ? columns.exemplars : undefined;
  const ends: LabelEnds = [sample.length];
  const levelValues: string[] = [];
  const { newValues } = columns;
  let next = 0;
  let previousLine = -1;
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const { keys, plan } = keySet;
    const first = firstPositions(keySet);
    const heads = labelHeads(plan.map((slot) => (typeof slot === 'number' ? keys[slot]! : slot.key)));
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    for (let i = keySet.start; i < end; i++) {
      const changed = columns.changedFrom[i]!;
      for (let level = changed; level < keys.length; level++, next++) {
        levelValues[level] = newValues[next >> TAG_VALUE_CHUNK_BITS]![next & CHUNK_MASK]!;
      }
      // The first series of a key set renders every position; later ones from their first changed level.
      const from = i === keySet.start ? 0 : (first[changed] ?? plan.length);
      const lineStart = out.at;
      if (previousLine < 0) out.bytes(sample);
      else out.repeat(previousLine, ends[from]!);
      for (let p = from; p < plan.length; p++) {
        const slot = plan[p]!;
        writeLabel(
          out,
          lineStart,
          ends,
          p,
          heads[p]!,
          typeof slot === 'number' ? levelValues[slot]! : slot.value,
        );
      }
      previousLine = lineStart;
      endLine(
        out,
        plan.length,
        columns.values[i]!,
        exemplars === undefined ? '' : exemplarSuffix(exemplars[i]),
      );
      let full = line(writing);
      if (createdBytes !== undefined) {
        writeSibling(out, createdBytes, lineStart, ends, plan.length, columns.startTimes[i]! / 1000);
        full = line(writing) || full;
      }
      if (full) yield out.take();
    }
  }
}

/** `,le="0.5"} ` (or `{le="0.5"} ` without other labels) per bound, encoded once per metric. */
function boundBytes(dialect: ExpositionDialect): (bound: number, labelCount: number) => Uint8Array {
  const bound = boundFormatter(dialect);
  const cache = [new Map<number, Uint8Array>(), new Map<number, Uint8Array>()];
  return (value, labelCount) => {
    const withOthers = labelCount > 0 ? 1 : 0;
    let bytes = cache[withOthers]!.get(value);
    if (bytes === undefined) {
      bytes = Buffer.from(`${withOthers ? ',' : '{'}le="${bound(value)}`);
      cache[withOthers]!.set(value, bytes);
    }
    return bytes;
  };
}

function* writeHistogramPoints(
  writing: Writing,
  metric: HistogramMetricSnapshot,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out, dialect } = writing;
  const bucketName = Buffer.from(`${names.sample}_bucket`);
  const sumName = Buffer.from(`${names.sample}_sum`);
  const countName = Buffer.from(`${names.sample}_count`);
  const createdBytes = created === undefined ? undefined : Buffer.from(created);
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

/**
 * The histogram series of core's columns: as {@link writeHistogramPoints} writes points, with the
 * tags walked as {@link writeColumns} walks them.
 */
function* writeHistogramColumns(
  writing: Writing,
  columns: HistogramColumns,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out, dialect } = writing;
  const bucketName = Buffer.from(`${names.sample}_bucket`);
  const sumName = Buffer.from(`${names.sample}_sum`);
  const countName = Buffer.from(`${names.sample}_count`);
  const createdBytes = created === undefined ? undefined : Buffer.from(created);
  const bound = boundBytes(dialect);
  const width = columns.bounds.length + 1;
  const upperBounds = [...columns.bounds, Number.POSITIVE_INFINITY];
  // What the dialect reads to decide on `_sum`/`_count` (the lowest bound, the sum), reused per series.
  const probe = {
    tags: [],
    count: 0,
    sum: 0,
    min: undefined,
    max: undefined,
    buckets: [{ upperBound: upperBounds[0]!, count: 0 }],
  };
  const ends: LabelEnds = [bucketName.length];
  const levelValues: string[] = [];
  const { newValues, buckets } = columns;
  let next = 0;
  let previousLine = -1;
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const { keys, plan } = keySet;
    const first = firstPositions(keySet);
    const heads = labelHeads(plan.map((slot) => (typeof slot === 'number' ? keys[slot]! : slot.key)));
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    const labelCount = plan.length;
    // The bucket suffixes of this key set (`,le="0.5"} ` or `{le="0.5"} `), looked up once.
    const bucketSuffixes = upperBounds.map((upperBound) => bound(upperBound, labelCount));
    for (let i = keySet.start; i < end; i++) {
      const changed = columns.changedFrom[i]!;
      for (let level = changed; level < keys.length; level++, next++) {
        levelValues[level] = newValues[next >> TAG_VALUE_CHUNK_BITS]![next & CHUNK_MASK]!;
      }
      const from = i === keySet.start ? 0 : (first[changed] ?? plan.length);
      // The series' first bucket line carries its labels; every other line of the series repeats them.
      const labelsLine = out.at;
      if (previousLine < 0) out.bytes(bucketName);
      else out.repeat(previousLine, ends[from]!);
      for (let p = from; p < plan.length; p++) {
        const slot = plan[p]!;
        writeLabel(
          out,
          labelsLine,
          ends,
          p,
          heads[p]!,
          typeof slot === 'number' ? levelValues[slot]! : slot.value,
        );
      }
      previousLine = labelsLine;
      const labelsEnd = ends[labelCount]!;
      const base = i * width;
      for (let b = 0; b < width; b++) {
        if (b > 0) out.repeat(labelsLine, labelsEnd);
        out.bytes(bucketSuffixes[b]!);
        out.room(LINE_END_ROOM);
        out.sampleValue(buckets[base + b]!);
        out.byte(NEWLINE);
      }
      let full = line(writing, width);
      const count = columns.counts[i]!;
      probe.count = count;
      probe.sum = columns.sums[i]!;
      if (dialect.histogramHasSum(probe)) {
        writeSibling(out, sumName, labelsLine, ends, labelCount, columns.sums[i]!);
        writeSibling(out, countName, labelsLine, ends, labelCount, count);
        full = line(writing, 2) || full;
      }
      if (createdBytes !== undefined) {
        writeSibling(out, createdBytes, labelsLine, ends, labelCount, columns.startTimes[i]! / 1000);
        full = line(writing) || full;
      }
      if (full) yield out.take();
    }
  }
}
