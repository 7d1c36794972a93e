import type { ColumnKeySet } from '@meterkit/core/exporter-kit';
import { TAG_VALUE_CHUNK_BITS } from '@meterkit/core/exporter-kit';
import type { ExpositionBytes } from './exposition-bytes.js';
import { boundFormatter, type ExpositionDialect } from './exposition-writer.js';

/*
 * The pieces every fast-path writer of text 0.0.4 and OpenMetrics bytes shares: counting lines into
 * chunks, writing a series' labels once, and repeating them on its other lines.
 */

/** Value `n` of `TagColumns.newValues` is `newValues[n >> TAG_VALUE_CHUNK_BITS][n & CHUNK_MASK]`. */
export const CHUNK_MASK = (1 << TAG_VALUE_CHUNK_BITS) - 1;

/** What one exposition needs while it is written. */
export interface Writing {
  readonly out: ExpositionBytes;
  readonly dialect: ExpositionDialect;
  readonly limit: number;
  /** Keys already checked to be classic label names. */
  readonly classicKeys: Set<string>;
  lines: number;
}

/** Counts a line; true when a chunk is full and should be handed out. */
export function line(writing: Writing, count = 1): boolean {
  writing.lines += count;
  writing.out.linesWritten += count;
  if (writing.lines < writing.limit) return false;
  writing.lines = 0;
  return true;
}

/** For each level of a key set, the first plan position it appears at (plan levels ascend). */
export function firstPositions(keySet: ColumnKeySet): number[] {
  const first: number[] = [];
  keySet.plan.forEach((slot, position) => {
    if (typeof slot === 'number') first[slot] = position;
  });
  return first;
}

const CLOSE_BRACE = 0x7d;
const SPACE = 0x20;
export const NEWLINE = 0x0a;
/** Room for a line's end: `} `, a sample value (at most 25 characters), `\n`. */
export const LINE_END_ROOM = 32;

/**
 * Where the labels of the current series end, as byte offsets from the start of the line that
 * carries them: `ends[0]` after the sample name, `ends[p + 1]` after the label at position p. The
 * next series repeats its first line up to the position it starts to differ at.
 */
export type LabelEnds = number[];

/** `{key="` / `,key="` of each label position, encoded once per key set (keys are classic: ASCII). */
export function labelHeads(keys: readonly string[]): Uint8Array[] {
  return keys.map((key, position) => labelHead(position, key));
}

export function labelHead(position: number, key: string): Uint8Array {
  return Buffer.from(`${position === 0 ? '{' : ','}${key}="`);
}

/** The label at `position` of the current line (see {@link labelHeads}); records where it ends. */
export function writeLabel(
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
export function endLine(out: ExpositionBytes, labelCount: number, value: number, exemplar: string): void {
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
export function writeSibling(
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

/** The sample names of a histogram's lines, encoded once per metric. */
export interface HistogramNameBytes {
  readonly bucket: Uint8Array;
  readonly sum: Uint8Array;
  readonly count: Uint8Array;
  /** `_created`'s, when the exposition has those lines. */
  readonly created: Uint8Array | undefined;
}

export function histogramNameBytes(sample: string, created: string | undefined): HistogramNameBytes {
  return {
    bucket: Buffer.from(`${sample}_bucket`),
    sum: Buffer.from(`${sample}_sum`),
    count: Buffer.from(`${sample}_count`),
    created: created === undefined ? undefined : Buffer.from(created),
  };
}

/** `,le="0.5"} ` (or `{le="0.5"} ` without other labels) per bound, encoded once per metric. */
export function boundBytes(dialect: ExpositionDialect): (bound: number, labelCount: number) => Uint8Array {
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
