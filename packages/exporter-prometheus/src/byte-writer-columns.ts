import type { ColumnKeySet, HistogramColumns, TagColumns, ValueColumns } from '@meterkit/core/exporter-kit';
import { keepShape, TAG_VALUE_CHUNK_BITS } from '@meterkit/core/exporter-kit';
import {
  boundBytes,
  CHUNK_MASK,
  endLine,
  firstPositions,
  histogramNameBytes,
  type LabelEnds,
  LINE_END_ROOM,
  labelHeads,
  line,
  NEWLINE,
  type Writing,
  writeLabel,
  writeSibling,
} from './byte-lines.js';
import type { ExpositionBytes } from './exposition-bytes.js';
import type { ExposedNames } from './metric-naming.js';
import { exemplarSuffix } from './openmetrics-exemplar.js';

/*
 * Core's columns (counters, gauges, classic histograms) as text 0.0.4 or OpenMetrics bytes: the
 * tags are walked as the columns list them, each level's values only where they change, so a
 * series' labels start from the bytes of the previous series' line.
 */

/**
 * The series of core's value columns. `counter`: whether they are a counter's, whose exemplars
 * OpenMetrics writes (a flag, not the snapshot metric: the metric object's shape dies with its
 * snapshot, and code that read it would be thrown away by the next full garbage collection).
 */
export function* writeColumns(
  writing: Writing,
  counter: boolean,
  columns: ValueColumns,
  names: ExposedNames,
  created: string | undefined,
): Generator<Buffer> {
  const { out } = writing;
  const sample = Buffer.from(names.sample);
  const createdBytes = created === undefined ? undefined : Buffer.from(created);
  const exemplars = writing.dialect.writesExemplars === true && counter ? columns.exemplars : undefined;
  const labels = new ColumnLabels(out, columns, sample);
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const labelCount = labels.startKeySet(keySet);
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    for (let i = keySet.start; i < end; i++) {
      const lineStart = labels.write(i);
      endLine(
        out,
        labelCount,
        columns.values[i]!,
        exemplars === undefined ? '' : exemplarSuffix(exemplars[i]),
      );
      let full = line(writing);
      if (createdBytes !== undefined) {
        writeSibling(out, createdBytes, lineStart, labels.ends, labelCount, columns.startTimes[i]! / 1000);
        full = line(writing) || full;
      }
      if (full) yield out.take();
    }
  }
}

/**
 * The histogram series of core's columns: as {@link writeHistogramPoints} writes points, with the
 * tags walked as {@link writeColumns} walks them.
 */
export function* writeHistogramColumns(
  writing: Writing,
  columns: HistogramColumns,
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
  const { buckets } = columns;
  const labels = new ColumnLabels(out, columns, bucketName);
  const { ends } = labels;
  for (let k = 0; k < columns.keySets.length; k++) {
    const keySet = columns.keySets[k]!;
    const labelCount = labels.startKeySet(keySet);
    const end = columns.keySets[k + 1]?.start ?? columns.size;
    // The bucket suffixes of this key set (`,le="0.5"} ` or `{le="0.5"} `), looked up once.
    const bucketSuffixes = upperBounds.map((upperBound) => bound(upperBound, labelCount));
    for (let i = keySet.start; i < end; i++) {
      // The series' first bucket line carries its labels; every other line of the series repeats them.
      const labelsLine = labels.write(i);
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

/**
 * Writes `name{labels` for the series of core's columns in walk order. A series' line starts as a
 * copy of the previous series' line up to the label position where their tags first differ; only
 * the labels from there on are written (each level's values come from the columns only where they
 * change). `ends` says where each label of the latest line ends, for lines that repeat them.
 */
class ColumnLabels {
  readonly ends: LabelEnds;
  private readonly levelValues: string[] = [];
  private next = 0;
  private previousLine = -1;
  private keySet: ColumnKeySet | undefined;
  private first: number[] = [];
  private heads: Uint8Array[] = [];

  constructor(
    private readonly out: ExpositionBytes,
    private readonly columns: TagColumns,
    private readonly name: Uint8Array,
  ) {
    this.ends = [name.length];
    keepShape(this);
  }

  /** Starts the series of `keySet`; returns their label count. */
  startKeySet(keySet: ColumnKeySet): number {
    const { keys, plan } = keySet;
    this.keySet = keySet;
    this.first = firstPositions(keySet);
    this.heads = labelHeads(plan.map((slot) => (typeof slot === 'number' ? keys[slot]! : slot.key)));
    return plan.length;
  }

  /** Writes series `i`'s name and labels (without the closing brace); returns where its line starts. */
  write(i: number): number {
    const { out, columns, levelValues, ends } = this;
    const { keys, plan, start } = this.keySet!;
    const changed = columns.changedFrom[i]!;
    for (let level = changed; level < keys.length; level++, this.next++) {
      levelValues[level] = columns.newValues[this.next >> TAG_VALUE_CHUNK_BITS]![this.next & CHUNK_MASK]!;
    }
    // The first series of a key set renders every position; later ones from their first changed level.
    const from = i === start ? 0 : (this.first[changed] ?? plan.length);
    const lineStart = out.at;
    if (this.previousLine < 0) out.bytes(this.name);
    else out.repeat(this.previousLine, ends[from]!);
    for (let p = from; p < plan.length; p++) {
      const slot = plan[p]!;
      writeLabel(
        out,
        lineStart,
        ends,
        p,
        this.heads[p]!,
        typeof slot === 'number' ? levelValues[slot]! : slot.value,
      );
    }
    this.previousLine = lineStart;
    return lineStart;
  }
}
