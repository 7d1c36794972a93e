import type { MetricSnapshot } from '@meterkit/core';
import type { HistogramColumns, ValueColumns } from '@meterkit/core/exporter-kit';
import { TAG_VALUE_CHUNK_BITS } from '@meterkit/core/exporter-kit';
import {
  boundBytes,
  CHUNK_MASK,
  endLine,
  firstPositions,
  type LabelEnds,
  LINE_END_ROOM,
  labelHeads,
  line,
  NEWLINE,
  type Writing,
  writeLabel,
  writeSibling,
} from './byte-lines.js';
import type { ExposedNames } from './metric-naming.js';
import { exemplarSuffix } from './openmetrics-exemplar.js';

/*
 * Core's columns (counters, gauges, classic histograms) as text 0.0.4 or OpenMetrics bytes: the
 * tags are walked as the columns list them, each level's values only where they change, so a
 * series' labels start from the bytes of the previous series' line.
 */

export function* writeColumns(
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
