import type { HistogramMetricSnapshot, MetricSnapshot, Snapshot, Tag } from '@meterkit/core';
import type { ColumnKeySet, ValueColumns } from '@meterkit/core/exporter-kit';
import { valueColumns } from '@meterkit/core/exporter-kit';
import { ExpositionBytes } from './exposition-bytes.js';
import {
  boundFormatter,
  type ChunkState,
  claimOrReportExposedNames,
  createdName,
  DEFAULT_LINES_PER_CHUNK,
  type ExpositionDialect,
  type SerializeOptions,
  take,
  writeMetric,
} from './exposition-writer.js';
import { LabelPrefixes } from './label-prefixes.js';
import type { ExposedNames } from './metric-naming.js';
import { formatSampleValue } from './number-format.js';
import { exemplarSuffix } from './openmetrics-exemplar.js';

const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Counts repeat in every bucket line: the text of small whole numbers is made once per process. */
const SMALL_INTEGERS: string[] = Array.from({ length: 1024 }, (_, i) => String(i));

function countText(count: number): string {
  return count >= 0 && count < 1024 && (count | 0) === count ? SMALL_INTEGERS[count]! : String(count);
}

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
 * Counters and gauges are read from core's columns when the snapshot has them; histograms from
 * their points. Label prefixes are rendered once per tag-index level ({@link LabelPrefixes}).
 */
export function* writeExpositionBytes(
  snapshot: Snapshot,
  dialect: ExpositionDialect,
  options: SerializeOptions = {},
): Generator<Buffer, void, undefined> {
  let total = 0;
  const created = options.createdTimestamps === true && dialect.writesCreated === true;
  for (const metric of snapshot.metrics) total += expectedLines(metric, created);
  const writing: Writing = {
    out: new ExpositionBytes(total),
    dialect,
    limit: options.linesPerChunk ?? DEFAULT_LINES_PER_CHUNK,
    classicKeys: new Set(),
    lines: 0,
  };
  const taken = new Set<string>();
  for (const metric of snapshot.metrics) {
    const columns = valueColumns(metric);
    if ((columns?.size ?? metric.points.length) === 0) continue;
    const names = claimOrReportExposedNames(metric, taken, options.onConflict, options.utf8Names);
    if (names === undefined) continue;
    if (options.utf8Names !== true) {
      if (columns !== undefined && columnsAreClassic(columns, writing)) {
        writing.out.write(dialect.header(metric, names));
        yield* writeColumns(writing, metric, columns, names, createdName(metric, names, dialect, options));
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

function columnsAreClassic(columns: ValueColumns, writing: Writing): boolean {
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

function* writeColumns(
  writing: Writing,
  metric: MetricSnapshot,
  columns: ValueColumns,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out } = writing;
  const prefixes = new LabelPrefixes();
  const sample = names.sample;
  const exemplars =
    writing.dialect.writesExemplars === true && metric.type === 'counter' ? columns.exemplars : undefined;
  const levelValues: string[] = [];
  let next = 0;
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const { keys, plan } = keySet;
    const first = firstPositions(keySet);
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    prefixes.setCount(plan.length);
    for (let i = keySet.start; i < end; i++) {
      const changed = columns.changedFrom[i]!;
      for (let level = changed; level < keys.length; level++) levelValues[level] = columns.newValues[next++]!;
      // The first series of a key set renders every position; later ones from their first changed level.
      for (let p = i === keySet.start ? 0 : (first[changed] ?? plan.length); p < plan.length; p++) {
        const slot = plan[p]!;
        if (typeof slot === 'number') prefixes.set(p, keys[slot]!, levelValues[slot]!);
        else prefixes.set(p, slot.key, slot.value);
      }
      const labels = prefixes.closed();
      const exemplar = exemplars === undefined ? '' : exemplarSuffix(exemplars[i]);
      out.write(`${sample}${labels}${formatSampleValue(columns.values[i]!)}${exemplar}\n`);
      let full = line(writing);
      if (created !== undefined) {
        out.write(`${created}${labels}${formatSampleValue(columns.startTimes[i]! / 1000)}\n`);
        full = line(writing) || full;
      }
      if (full) yield out.take();
    }
  }
}

function* writeHistogramPoints(
  writing: Writing,
  metric: HistogramMetricSnapshot,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out, dialect } = writing;
  const prefixes = new LabelPrefixes();
  const bound = boundFormatter(dialect);
  const bucketName = `${names.sample}_bucket`;
  const sumName = `${names.sample}_sum`;
  const countName = `${names.sample}_count`;
  const exemplars = dialect.writesExemplars === true;
  let previous: readonly Tag[] = [];
  for (const point of metric.points) {
    const tags = point.tags;
    // Core's points share the very same Tag objects for the index levels consecutive series share.
    let shared = 0;
    const common = Math.min(tags.length, previous.length);
    while (shared < common && tags[shared] === previous[shared]) shared++;
    for (let p = shared; p < tags.length; p++) prefixes.set(p, tags[p]!.key, tags[p]!.value);
    prefixes.setCount(tags.length);
    previous = tags;
    const open = `${bucketName}${prefixes.open('le')}`;
    let sawInfinity = false;
    for (const bucket of point.buckets) {
      const exemplar = exemplars ? exemplarSuffix(bucket.exemplar) : '';
      out.write(`${open}${bound(bucket.upperBound)}${countText(bucket.count)}${exemplar}\n`);
      if (bucket.upperBound === Number.POSITIVE_INFINITY) sawInfinity = true;
    }
    // Both formats require the +Inf bucket; core always has it, hand-built snapshots may not.
    if (!sawInfinity) out.write(`${open}+Inf"} ${countText(point.count)}\n`);
    let full = line(writing, point.buckets.length + 1);
    const labels = prefixes.closed();
    if (dialect.histogramHasSum(point)) {
      out.write(
        `${sumName}${labels}${formatSampleValue(point.sum)}\n${countName}${labels}${countText(point.count)}\n`,
      );
      full = line(writing, 2) || full;
    }
    if (created !== undefined) {
      const start = point.startTime ?? metric.startTime;
      out.write(`${created}${labels}${formatSampleValue(start / 1000)}\n`);
      full = line(writing) || full;
    }
    if (full) yield out.take();
  }
}
