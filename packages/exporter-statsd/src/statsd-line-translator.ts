import type {
  HistogramMetricSnapshot,
  HistogramPoint,
  Snapshot,
  SummaryMetricSnapshot,
  SummaryPoint,
  ValueMetricSnapshot,
} from '@meterkit/core';
import {
  monotonicBaseline,
  SeriesMemory,
  type ValueColumns,
  valueColumns,
} from '@meterkit/core/exporter-kit';
import { ColumnSeriesMemory } from './column-series-memory.js';
import { synthesizeSamples } from './distribution-samples.js';
import { exponentialInterval } from './exponential-interval.js';
import { histogramInterval, summaryInterval } from './interval-distribution.js';
import { observedSamples, type WeightedSamples } from './observed-samples.js';
import type { PacketBuffer } from './packet-buffer.js';
import { rateForWeight, sampleCount, splitWeights } from './sample-weights.js';
import type { DistributionType, StatsdFlavor } from './statsd-config.js';
import { formatLine, type SeriesLine, type StatsdLineFormatter } from './statsd-line-formatter.js';

/** What was sent last for a series: a counter's cumulative value, or a distribution's point. */
export type LastSent = number | HistogramPoint | SummaryPoint;

/** How distributions are sampled. */
export interface TranslatorOptions {
  readonly sampleRate: number;
  readonly maxSamplesPerSeries: number;
  readonly histogramType: DistributionType;
  /**
   * With `datadog`, exponential histograms and timers are sent as DogStatsD distributions (`|d`);
   * `telegraf` sends whole counter increments (see {@link StatsdLineTranslator}).
   */
  readonly flavor?: StatsdFlavor;
  /** Picks which raw observations to send when not all of them fit (tests pass a seeded one). */
  readonly random?: () => number;
}

/**
 * Turns cumulative snapshots into StatsD lines, flush after flush. Counters send the increase since
 * the previous flush (`|c`), gauges and info metrics their value (`|g`), timers, histograms and
 * summaries their observations since the previous flush (`|ms`, or `|h`/`|d`): the raw ones core
 * kept (`observed-samples.ts`), or else samples rebuilt from buckets (`distribution-samples.ts`).
 * The state kept between flushes is the exporter kit's `SeriesMemory`: per live series, its line
 * halves (formatted once) and what was sent last, forgotten when a series is re-created or gone.
 *
 * Telegraf keeps a StatsD counter as an int64 and truncates each `|c` value (`int64(1.5)` is 1), so
 * fractional increments (`add(0.5)`, CPU seconds) would mostly vanish. For the `telegraf` flavor a
 * counter sends the whole units it crossed since the previous flush, `floor(now) - floor(before)`:
 * the fraction is carried to the next flush, and what Telegraf adds up is always the floor of the
 * true total (less than 1 below it), never drifting further.
 */
export class StatsdLineTranslator {
  private readonly wholeCounterIncrements: boolean;
  private readonly memory: SeriesMemory<LastSent, SeriesLine>;
  /** Counters and gauges read from value columns: their memory by metric name (see {@link ColumnSeriesMemory}). */
  private readonly columnMemories = new Map<string, ColumnSeriesMemory>();
  /** The metrics read from columns in the current flush. */
  private readonly columnMetricsSeen = new Set<string>();
  /** The StatsD name of the metric being translated: series are remembered by full name and tags. */
  private stat = '';

  constructor(
    private readonly formatter: StatsdLineFormatter,
    private readonly options: TranslatorOptions,
  ) {
    this.wholeCounterIncrements = options.flavor === 'telegraf';
    // A series' line is formatted once, when first seen, under the StatsD name of its metric.
    this.memory = new SeriesMemory({ describe: (_name, tags) => formatter.series(this.stat, tags) });
  }

  /** How many series are remembered between flushes. */
  get rememberedSeries(): number {
    let size = this.memory.size;
    for (const memory of this.columnMemories.values()) size += memory.size;
    return size;
  }

  /** Adds the lines for `snapshot` to `out` and remembers what was sent. */
  translate(snapshot: Snapshot, out: PacketBuffer): void {
    this.memory.beginFlush();
    this.columnMetricsSeen.clear();
    for (const metric of snapshot.metrics) {
      this.stat = this.formatter.statName(metric);
      switch (metric.type) {
        case 'counter': {
          const memory = this.columnMemory(metric);
          if (memory === undefined) this.counter(metric, out);
          else this.counterColumns(valueColumns(metric)!, memory, out);
          break;
        }
        case 'gauge':
        case 'info': {
          const memory = this.columnMemory(metric);
          if (memory === undefined) this.gauge(metric, out);
          else this.gaugeColumns(valueColumns(metric)!, memory, out);
          break;
        }
        case 'histogram':
        case 'timer':
        case 'summary':
          this.distribution(metric, out);
          break;
      }
    }
    this.memory.endFlush();
    for (const name of this.columnMemories.keys()) {
      if (!this.columnMetricsSeen.has(name)) this.columnMemories.delete(name);
    }
  }

  /**
   * The column memory of a counter or gauge whose snapshot carries value columns, aligned with them;
   * undefined when it has none (or its name was already read from columns in this flush), and the
   * series go through the points and `SeriesMemory` instead.
   */
  private columnMemory(metric: ValueMetricSnapshot): ColumnSeriesMemory | undefined {
    const columns: ValueColumns | undefined = valueColumns(metric);
    if (columns === undefined || this.columnMetricsSeen.has(metric.name)) return undefined;
    this.columnMetricsSeen.add(metric.name);
    let memory = this.columnMemories.get(metric.name);
    if (memory === undefined || memory.stat !== this.stat) {
      const stat = this.stat;
      memory = new ColumnSeriesMemory(stat, (tags) => this.formatter.series(stat, tags));
      this.columnMemories.set(metric.name, memory);
    }
    memory.align(columns);
    return memory;
  }

  /** {@link counter} for columns: the same lines, with nothing looked up or allocated per series. */
  private counterColumns(columns: ValueColumns, memory: ColumnSeriesMemory, out: PacketBuffer): void {
    const { values } = columns;
    const { last, lineText, lineStart, statEnd, lineEnd } = memory;
    const whole = this.wholeCounterIncrements;
    for (let i = 0; i < columns.size; i++) {
      const value = values[i]!;
      if (!Number.isFinite(value)) {
        last[i] = Number.NaN; // forgotten, as a series missing from a flush
        continue;
      }
      const previous = last[i]!;
      last[i] = value;
      const isNew = Number.isNaN(previous);
      const before = monotonicBaseline(value, isNew ? undefined : previous);
      const delta = whole ? Math.floor(value) - Math.floor(before) : value - before;
      if (delta !== 0 || isNew)
        out.addLine(lineText, lineStart[i]!, statEnd[i]!, lineEnd[i]!, formatNumber(delta), 'c');
    }
  }

  /** {@link gauge} for columns. */
  private gaugeColumns(columns: ValueColumns, memory: ColumnSeriesMemory, out: PacketBuffer): void {
    const { values } = columns;
    const { lineText, lineStart, statEnd, lineEnd } = memory;
    for (let i = 0; i < columns.size; i++) {
      const value = values[i]!;
      if (!Number.isFinite(value)) continue;
      if (value < 0) {
        // As in {@link gauge}: `0` first in the same packet makes the negative value absolute.
        const line = memory.line(i);
        out.add(`${formatLine(line, '0', 'g')}\n${formatLine(line, formatNumber(value), 'g')}`);
      } else {
        out.addLine(lineText, lineStart[i]!, statEnd[i]!, lineEnd[i]!, formatNumber(value), 'g');
      }
    }
  }

  private counter(metric: ValueMetricSnapshot, out: PacketBuffer): void {
    for (const point of metric.points) {
      if (!Number.isFinite(point.value)) continue;
      const series = this.memory.see(metric.name, point.tags, point.startTime);
      const previous = series.last as number | undefined;
      series.last = point.value;
      // A lower value means the series was re-created: everything it holds is new.
      const before = monotonicBaseline(point.value, previous);
      const delta = this.wholeCounterIncrements
        ? Math.floor(point.value) - Math.floor(before)
        : point.value - before;
      // A new series is announced even at 0, so that it exists in the backend from the start.
      if (delta !== 0 || previous === undefined) out.add(formatLine(series.data, formatNumber(delta), 'c'));
    }
  }

  private gauge(metric: ValueMetricSnapshot, out: PacketBuffer): void {
    for (const point of metric.points) {
      if (!Number.isFinite(point.value)) continue;
      const line = this.memory.see(metric.name, point.tags).data;
      const value = formatNumber(point.value);
      // A leading '-' means "decrement" to the Etsy daemon, collectd and Telegraf. Setting 0 first,
      // in the same packet, makes the negative value absolute everywhere (DogStatsD keeps the last).
      out.add(
        point.value < 0
          ? `${formatLine(line, '0', 'g')}\n${formatLine(line, value, 'g')}`
          : formatLine(line, value, 'g'),
      );
    }
  }

  private distribution(metric: HistogramMetricSnapshot | SummaryMetricSnapshot, out: PacketBuffer): void {
    // Timers record seconds; StatsD timers are milliseconds.
    const scale = metric.type === 'timer' ? 1000 : 1;
    const type = this.wireType(metric);
    for (const point of metric.points) {
      const series = this.memory.see(metric.name, point.tags, point.startTime);
      const previous = series.last as HistogramPoint | SummaryPoint | undefined;
      const recent = point.recent;
      // Only the cumulative part is needed later (by the fallback); the observations are not kept.
      series.last = recent === undefined ? point : withoutRecent(point);
      const samples =
        recent !== undefined
          ? observedSamples(recent, { ...this.options, scale })
          : this.rebuiltSamples(metric.type, previous, point, scale);
      if (samples === undefined) continue;
      const { values, weights } = samples;
      for (let j = 0; j < values.length; j++) {
        const value = values[j]!;
        if (Number.isFinite(value))
          out.add(formatLine(series.data, formatNumber(value), type, rateForWeight(weights[j]!)));
      }
    }
  }

  /**
   * `|d` for exponential histograms and timers in the datadog flavor: the agent then computes
   * percentiles server-side over every host, as the exponential buckets would. Otherwise timers are
   * `|ms` and histograms and summaries the configured `histogramType`.
   */
  private wireType(metric: HistogramMetricSnapshot | SummaryMetricSnapshot): DistributionType {
    if (this.options.flavor === 'datadog' && metric.type !== 'summary' && isExponential(metric)) return 'd';
    return metric.type === 'timer' ? 'ms' : this.options.histogramType;
  }

  /**
   * Without raw observations (a metric created before the provider asked core for them), samples are
   * rebuilt from the change in count, sum, min, max and buckets since the previous flush.
   */
  private rebuiltSamples(
    type: 'histogram' | 'timer' | 'summary',
    previous: HistogramPoint | SummaryPoint | undefined,
    point: HistogramPoint | SummaryPoint,
    scale: number,
  ): WeightedSamples | undefined {
    const interval =
      type === 'summary'
        ? summaryInterval(previous as SummaryPoint | undefined, point as SummaryPoint)
        : (point as HistogramPoint).exponential !== undefined
          ? exponentialInterval(previous as HistogramPoint | undefined, point as HistogramPoint)
          : histogramInterval(previous as HistogramPoint | undefined, point as HistogramPoint);
    if (interval === undefined || !Number.isInteger(interval.count)) return undefined;
    const { sampleRate, maxSamplesPerSeries } = this.options;
    const weights = splitWeights(
      interval.count,
      sampleCount(interval.count, sampleRate, maxSamplesPerSeries),
    );
    const values = synthesizeSamples(interval.delta, weights);
    for (let j = 0; j < values.length; j++) values[j]! *= scale;
    return { values, weights };
  }
}

function isExponential(metric: HistogramMetricSnapshot): boolean {
  return metric.points.some((point) => point.exponential !== undefined);
}

function withoutRecent(point: HistogramPoint | SummaryPoint): HistogramPoint | SummaryPoint {
  const { recent: _, ...cumulative } = point;
  return cumulative;
}

/** The shortest text that parses back to the same double (what `strtod` and `Number` read). */
export function formatNumber(value: number): string {
  return value === 0 ? '0' : String(value);
}
