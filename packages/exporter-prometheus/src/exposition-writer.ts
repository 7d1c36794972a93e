import type {
  CanonicalTags,
  HistogramMetricSnapshot,
  HistogramPoint,
  MetricSnapshot,
  Snapshot,
  SummaryMetricSnapshot,
  ValueMetricSnapshot,
} from '@meterkit/core';
import { renderOpenSamplePrefix, renderSamplePrefix } from './label-escaping.js';
import { claimExposedNames, type ExposedNames, exposedNames } from './metric-naming.js';
import { formatSampleValue } from './number-format.js';
import { exemplarSuffix } from './openmetrics-exemplar.js';
import { renderUtf8OpenSamplePrefix, renderUtf8SamplePrefix, utf8MetricName } from './utf8-names.js';

/** What differs between text 0.0.4 and OpenMetrics; the sample lines are otherwise identical. */
export interface ExpositionDialect {
  /** HELP/TYPE(/UNIT) lines of one family, each ending in `\n`. */
  header(metric: MetricSnapshot, names: ExposedNames): string;
  /** Renders an `le` or `quantile` label value. */
  formatBound(value: number): string;
  /** Appended after the last family (`# EOF\n` for OpenMetrics). */
  readonly trailer: string;
  /** Whether a histogram series writes its `_sum` and `_count` lines (the buckets are always written). */
  histogramHasSum(point: HistogramPoint): boolean;
  /** Whether a summary series writes its `_sum` line (`_count` is always written). */
  summaryHasSum(sum: number): boolean;
  /** Whether a summary quantile line with this value is written. */
  writesQuantileValue(value: number): boolean;
  /** Whether `_created` lines exist in this format (OpenMetrics only); written when asked for. */
  readonly writesCreated?: boolean;
  /** Whether exemplars are written on counter and bucket lines (OpenMetrics only). */
  readonly writesExemplars?: boolean;
}

/** Options shared by both serializers. */
export interface SerializeOptions {
  /**
   * Sample lines per yielded chunk when serializing incrementally. Smaller chunks keep event-loop
   * stalls short during huge scrapes; larger ones cost fewer writes. Default 512 for the string
   * writer (`prometheusTextChunks`), 4,096 for the byte writers (`prometheusTextBytes`,
   * `openMetricsBytes`, the scrape handler).
   */
  readonly linesPerChunk?: number;
  /**
   * Receives a metric that was left out because its exposed names collide with an earlier one
   * (e.g. counters `jobs` and `jobs_total` both expose `jobs_total`): a scraper rejects a whole
   * exposition with a repeated family, so dropping one keeps the others visible.
   */
  readonly onConflict?: (error: Error) => void;
  /**
   * Write original (dotted, UTF-8) names quoted, as Prometheus 3 reads them (`escaping=allow-utf-8`);
   * only for the text format. Default false: names translated by OpenTelemetry's rules.
   */
  readonly utf8Names?: boolean;
  /**
   * Write a `_created` line (the series' start time, in seconds) after each counter, histogram and
   * summary series, in formats that have them (OpenMetrics). Default false.
   */
  readonly createdTimestamps?: boolean | undefined;
}

/**
 * The default chunk size: about 40 KB of text for typical series. Measured on 100,000 counter series,
 * 512 lines per chunk serialized faster than 2,048: the pieces array of a chunk stays small and dies
 * young.
 */
export const DEFAULT_LINES_PER_CHUNK = 512;

/**
 * Collects the pieces of a chunk and counts its lines. Pieces are joined once per chunk: appending
 * to one string would build a rope of 100,000s of cons cells that survive into the old generation
 * and make the garbage collector the dominant cost of a large scrape.
 */
export interface ChunkState {
  parts: string[];
  lines: number;
  readonly limit: number;
}

/** The chunk collected so far, and a fresh state for the next one. */
export function take(state: ChunkState): string {
  const chunk = state.parts.join('');
  state.parts = [];
  state.lines = 0;
  return chunk;
}

/**
 * The exposed names of a metric, claimed in `taken`; or undefined, after telling `onConflict`, when
 * one of them is already taken by an earlier metric. Every format (text, OpenMetrics, protobuf)
 * claims the same names, so a snapshot exposes the same metrics whichever format a scraper asks for.
 */
export function claimOrReportExposedNames(
  metric: MetricSnapshot,
  taken: Set<string>,
  onConflict: ((error: Error) => void) | undefined,
  utf8Names = false,
): ExposedNames | undefined {
  const names = exposedNames(metric, utf8Names);
  const clash = claimExposedNames(taken, metric, names);
  if (clash === undefined) return names;
  onConflict?.(
    new Error(
      `Metric "${metric.name}" (${metric.type}) was not exposed: the name "${clash}" is already used`,
    ),
  );
  return undefined;
}

/**
 * Serializes a snapshot incrementally, yielding chunks of about `linesPerChunk` sample lines. The
 * concatenation of all chunks is the complete exposition, trailer included.
 */
export function* writeExposition(
  snapshot: Snapshot,
  dialect: ExpositionDialect,
  options: SerializeOptions = {},
): Generator<string, void, undefined> {
  const state: ChunkState = { parts: [], lines: 0, limit: options.linesPerChunk ?? DEFAULT_LINES_PER_CHUNK };
  const taken = new Set<string>();
  for (const metric of snapshot.metrics) {
    if (metric.points.length === 0) continue;
    const claimed = claimOrReportExposedNames(metric, taken, options.onConflict, options.utf8Names);
    if (claimed === undefined) continue;
    yield* writeMetric(state, metric, claimed, dialect, options);
  }
  state.parts.push(dialect.trailer);
  yield take(state);
}

/**
 * The header and sample lines of one metric whose names were claimed, yielding full chunks (the
 * last, partial one stays in `state`).
 */
export function* writeMetric(
  state: ChunkState,
  metric: MetricSnapshot,
  claimed: ExposedNames,
  dialect: ExpositionDialect,
  options: SerializeOptions,
): Generator<string, void, undefined> {
  const names = options.utf8Names === true ? utf8Header(claimed) : claimed;
  state.parts.push(dialect.header(metric, names));
  const created = createdName(metric, names, dialect, options);
  if (options.utf8Names === true) {
    yield* writeUtf8Samples(state, metric, claimed.sample, dialect);
    return;
  }
  switch (metric.type) {
    case 'histogram':
    case 'timer':
      yield* writeHistogram(state, metric, names.sample, dialect, created);
      break;
    case 'summary':
      yield* writeSummary(state, metric, names.sample, dialect, created);
      break;
    default:
      yield* writeValues(state, metric, names.sample, created, dialect.writesExemplars === true);
  }
}

/** The `_created` sample name when this metric writes those lines, else undefined. */
export function createdName(
  metric: MetricSnapshot,
  names: ExposedNames,
  dialect: ExpositionDialect,
  options: SerializeOptions,
): string | undefined {
  const writesCreated = options.createdTimestamps === true && dialect.writesCreated === true;
  // Gauges and info metrics have no `_created` in OpenMetrics.
  return writesCreated && metric.type !== 'gauge' && metric.type !== 'info'
    ? `${names.openMetricsFamily}_created`
    : undefined;
}

/**
 * The `_created` line of a series: its start time in seconds since the epoch (the per-series start
 * time; the metric's for points that carry none). Returns the number of lines written.
 */
function pushCreated(
  parts: string[],
  created: string | undefined,
  tags: CanonicalTags,
  startTime: number | undefined,
  metricStart: number,
): number {
  if (created === undefined) return 0;
  parts.push(renderSamplePrefix(created, tags), formatSampleValue((startTime ?? metricStart) / 1000), '\n');
  return 1;
}

function* writeValues(
  state: ChunkState,
  metric: ValueMetricSnapshot,
  sample: string,
  created: string | undefined,
  exemplars = false,
): Generator<string> {
  for (const point of metric.points) {
    const exemplar = exemplars && metric.type === 'counter' ? exemplarSuffix(point.exemplar) : '';
    state.parts.push(renderSamplePrefix(sample, point.tags), formatSampleValue(point.value), exemplar, '\n');
    state.lines += pushCreated(state.parts, created, point.tags, point.startTime, metric.startTime);
    if (++state.lines >= state.limit) yield take(state);
  }
}

/** Bucket bounds repeat in every series of a family: format each distinct one, with its `"} `, once. */
export function boundFormatter(dialect: ExpositionDialect): (value: number) => string {
  const cache = new Map<number, string>();
  return (value) => {
    let text = cache.get(value);
    if (text === undefined) {
      text = `${dialect.formatBound(value)}"} `;
      cache.set(value, text);
    }
    return text;
  };
}

/** The `_sum` (unless `sum` is undefined) and `_count` lines that end a histogram or summary series. */
function pushSumAndCount(
  parts: string[],
  sample: string,
  tags: CanonicalTags,
  sum: number | undefined,
  count: number,
): number {
  const labels = renderSamplePrefix('', tags);
  if (sum !== undefined) parts.push(sample, '_sum', labels, formatSampleValue(sum), '\n');
  parts.push(sample, '_count', labels, String(count), '\n');
  return sum === undefined ? 1 : 2;
}

function* writeHistogram(
  state: ChunkState,
  metric: HistogramMetricSnapshot,
  sample: string,
  dialect: ExpositionDialect,
  created: string | undefined,
): Generator<string> {
  const bound = boundFormatter(dialect);
  const bucketName = `${sample}_bucket`;
  for (const point of metric.points) {
    const parts = state.parts;
    const open = renderOpenSamplePrefix(bucketName, point.tags, 'le');
    let sawInfinity = false;
    for (const bucket of point.buckets) {
      const exemplar = dialect.writesExemplars === true ? exemplarSuffix(bucket.exemplar) : '';
      parts.push(open, bound(bucket.upperBound), String(bucket.count), exemplar, '\n');
      if (bucket.upperBound === Number.POSITIVE_INFINITY) sawInfinity = true;
    }
    // Both formats require the +Inf bucket; core always has it, hand-built snapshots may not.
    if (!sawInfinity) parts.push(open, '+Inf"} ', String(point.count), '\n');
    state.lines += point.buckets.length + 1;
    if (dialect.histogramHasSum(point))
      state.lines += pushSumAndCount(parts, sample, point.tags, point.sum, point.count);
    state.lines += pushCreated(parts, created, point.tags, point.startTime, metric.startTime);
    if (state.lines >= state.limit) yield take(state);
  }
}

function* writeSummary(
  state: ChunkState,
  metric: SummaryMetricSnapshot,
  sample: string,
  dialect: ExpositionDialect,
  created: string | undefined,
): Generator<string> {
  const bound = boundFormatter(dialect);
  for (const point of metric.points) {
    const parts = state.parts;
    const open = renderOpenSamplePrefix(sample, point.tags, 'quantile');
    for (const quantile of point.quantiles) {
      if (!dialect.writesQuantileValue(quantile.value)) continue;
      parts.push(open, bound(quantile.quantile), formatSampleValue(quantile.value), '\n');
      state.lines++;
    }
    const sum = dialect.summaryHasSum(point.sum) ? point.sum : undefined;
    state.lines += pushSumAndCount(parts, sample, point.tags, sum, point.count);
    state.lines += pushCreated(parts, created, point.tags, point.startTime, metric.startTime);
    if (state.lines >= state.limit) yield take(state);
  }
}

/** Runs {@link writeExposition} to completion and returns the whole text. */
export function writeExpositionString(
  snapshot: Snapshot,
  dialect: ExpositionDialect,
  options: SerializeOptions = {},
): string {
  // Chunks of the default size keep each pieces array small; one join() at the end copies them once.
  const chunks: string[] = [];
  for (const chunk of writeExposition(snapshot, dialect, options)) chunks.push(chunk);
  return chunks.join('');
}

/** The family names of a HELP/TYPE line, quoted when not classic (Prometheus 3 UTF-8 names). */
function utf8Header(names: ExposedNames): ExposedNames {
  return {
    ...names,
    textFamily: utf8MetricName(names.textFamily),
    openMetricsFamily: utf8MetricName(names.openMetricsFamily),
  };
}

/**
 * The sample lines of one family with quoted UTF-8 names: the same lines as the other writers, in
 * the same order, only rendered by `utf8-names.ts`. A separate, simpler loop keeps the default
 * writers' hot paths untouched.
 */
function* writeUtf8Samples(
  state: ChunkState,
  metric: MetricSnapshot,
  sample: string,
  dialect: ExpositionDialect,
): Generator<string> {
  const bound = boundFormatter(dialect);
  const line = (name: string, tags: CanonicalTags, value: string) =>
    state.parts.push(renderUtf8SamplePrefix(name, tags), value, '\n');
  for (const point of metric.points) {
    if (metric.type === 'histogram' || metric.type === 'timer') {
      const p = point as HistogramPoint;
      const open = renderUtf8OpenSamplePrefix(`${sample}_bucket`, p.tags, 'le');
      let sawInfinity = false;
      for (const bucket of p.buckets) {
        state.parts.push(open, bound(bucket.upperBound), String(bucket.count), '\n');
        if (bucket.upperBound === Number.POSITIVE_INFINITY) sawInfinity = true;
      }
      if (!sawInfinity) state.parts.push(open, '+Inf"} ', String(p.count), '\n');
      state.lines += p.buckets.length + 1;
      if (dialect.histogramHasSum(p)) {
        if (p.sum !== undefined) line(`${sample}_sum`, p.tags, formatSampleValue(p.sum));
        line(`${sample}_count`, p.tags, String(p.count));
        state.lines += 2;
      }
    } else if (metric.type === 'summary') {
      const p = point as SummaryMetricSnapshot['points'][number];
      const open = renderUtf8OpenSamplePrefix(sample, p.tags, 'quantile');
      for (const quantile of p.quantiles) {
        if (!dialect.writesQuantileValue(quantile.value)) continue;
        state.parts.push(open, bound(quantile.quantile), formatSampleValue(quantile.value), '\n');
        state.lines++;
      }
      if (dialect.summaryHasSum(p.sum)) line(`${sample}_sum`, p.tags, formatSampleValue(p.sum));
      line(`${sample}_count`, p.tags, String(p.count));
      state.lines += 2;
    } else {
      const p = point as ValueMetricSnapshot['points'][number];
      line(sample, p.tags, formatSampleValue(p.value));
      state.lines++;
    }
    if (state.lines >= state.limit) yield take(state);
  }
}
