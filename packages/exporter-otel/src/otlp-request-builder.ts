import type {
  HistogramMetricSnapshot,
  HistogramPoint,
  InstrumentationScope,
  MetricSnapshot,
  Snapshot,
  SummaryMetricSnapshot,
  ValueMetricSnapshot,
} from '@meterkit/core';
import { firstHistogramPoint } from '@meterkit/core/exporter-kit';
import type { HrTime } from '@opentelemetry/api';
import { emptyResource, type Resource } from '@opentelemetry/resources';
import {
  type DataPoint,
  DataPointType,
  type GaugeMetricData,
  type Histogram,
  type HistogramMetricData,
  type MetricData,
  type ResourceMetrics,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { exponentialHistogramData, isExponential, withExplicitBuckets } from './exponential-to-otel.js';
import { millisToHrTime } from './hr-time.js';
import {
  descriptorOf,
  pointAt,
  seriesStartOf,
  type Temporality,
  temporalityOf,
  withExemplars,
} from './otel-data-points.js';
import { OtlpDeltas } from './otlp-deltas.js';
import { type ExemplarCarrier, histogramExemplars, valueExemplars } from './otlp-exemplars.js';
import { hasBoundaries, sourcedMetricData } from './snapshot-metric-data.js';
import type { MeterkitMetricData } from './summary-metric-data.js';
import { summaryAsGaugesAndSums, summaryAsOtlpSummary } from './summary-to-otel.js';
import { PACKAGE_VERSION, SCOPE_NAME } from './version.js';

/**
 * How summaries are written. `otlp`: OTLP `Summary` points, which only this package's
 * {@link MeterkitOtlpMetricExporter} can serialize. `gauges`: a gauge per quantile (attribute
 * `quantile`) plus `<name>_count` and `<name>_sum` sums, which every SDK reader understands.
 */
export type SummaryMode = 'otlp' | 'gauges';

/** Options of an {@link OtlpRequestBuilder}. */
export interface TranslationOptions {
  /** The resource of every request {@link OtlpRequestBuilder.build} returns. Default: empty. */
  readonly resource?: Resource;
  readonly temporality: Temporality;
  readonly summaries: SummaryMode;
  /**
   * `explicit` sends exponential histograms as explicit-bucket histograms (bounds: their classic
   * buckets, or else their exponential bucket bounds), for readers without an exponential type
   * (the SDK's Prometheus exporter writes those as empty `untyped`). Default `native`.
   */
  readonly exponential?: 'native' | 'explicit';
}

/**
 * Builds the OTLP request data of a meterkit snapshot, once, in the SDK's own metric types (which
 * its OTLP exporters and readers take): counters become monotonic sums, up-down counters
 * non-monotonic sums, gauges gauges, histograms and timers explicit-bucket histograms (exponential
 * histograms OTLP `ExponentialHistogram`s), info metrics gauges of 1, and summaries OTLP summaries
 * (see {@link SummaryMode}). Tags become attributes; exemplars ride on sum and histogram points
 * ({@link ExemplarCarrier}). One builder per destination: in delta mode it remembers what it
 * reported last (otlp-deltas.ts, on the exporter kit's SeriesMemory).
 */
export class OtlpRequestBuilder {
  private readonly deltas = new OtlpDeltas();
  private readonly resource: Resource;

  constructor(private readonly options: TranslationOptions) {
    this.resource = options.resource ?? emptyResource();
  }

  /**
   * The request of one snapshot: its metrics grouped by instrumentation scope (meterkit's own under
   * `@meterkit/exporter-otel`), under the builder's resource. Advances the delta state.
   */
  build(snapshot: Snapshot): ResourceMetrics {
    const scopeMetrics = this.translateByScope(snapshot).map(({ scope, metrics }) => ({
      scope: scope ?? { name: SCOPE_NAME, version: PACKAGE_VERSION },
      // Summaries ride in the SDK's list under a marker type (see summary-metric-data.ts).
      metrics: metrics as MetricData[],
    }));
    return { resource: this.resource, scopeMetrics };
  }

  /** The OpenTelemetry metrics of one snapshot; advances the delta state. */
  translate(snapshot: Snapshot): MeterkitMetricData[] {
    const out: MeterkitMetricData[] = [];
    this.deltas.beginCollection();
    for (const metric of snapshot.metrics) this.translateMetric(metric, snapshot.timestamp, out);
    this.deltas.endCollection();
    return out;
  }

  /**
   * The same metrics grouped by the scope that created them (`MetricSnapshot.scope`, set by
   * `@meterkit/otel-bridge`), in order of first appearance; metrics without one are grouped under
   * `undefined`, for the caller to name.
   */
  translateByScope(snapshot: Snapshot): ScopedMetricData[] {
    const groups = new Map<string, ScopedMetricData>();
    this.deltas.beginCollection();
    for (const metric of snapshot.metrics) {
      const key = metric.scope === undefined ? '' : `${metric.scope.name}\u0000${metric.scope.version ?? ''}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { scope: metric.scope, metrics: [] };
        groups.set(key, group);
      }
      this.translateMetric(metric, snapshot.timestamp, group.metrics);
    }
    this.deltas.endCollection();
    return [...groups.values()];
  }

  private translateMetric(metric: MetricSnapshot, now: number, out: MeterkitMetricData[]): void {
    switch (metric.type) {
      case 'counter':
        out.push(this.counter(metric, now));
        break;
      case 'gauge':
      case 'info':
        out.push(
          metric.upDownCounter === true
            ? upDownSum(metric, now)
            : gauge(metric, now, this.options.temporality),
        );
        break;
      case 'histogram':
      case 'timer':
        out.push(
          isExponential(metric) && this.options.exponential !== 'explicit'
            ? exponentialHistogramData(metric, now, this.options.temporality, this.deltas)
            : this.histogram(metric, now),
        );
        break;
      case 'summary':
        out.push(...this.summary(metric, now));
        break;
    }
  }

  private counter(metric: ValueMetricSnapshot, now: number): SumMetricData {
    const delta = this.options.temporality === 'delta';
    const end = millisToHrTime(now);
    if (!delta) {
      // Cumulative points need no state: the encoders write them straight from the snapshot.
      return sourcedMetricData<SumMetricData>(
        {
          descriptor: descriptorOf(metric),
          aggregationTemporality: temporalityOf('cumulative'),
          dataPointType: DataPointType.SUM,
          isMonotonic: true,
        },
        {
          kind: 'counter',
          metric,
          start: millisToHrTime(metric.startTime),
          end,
          pointOf: (point) => {
            const seriesStart = seriesStartOf(metric, point);
            return withExemplars(
              pointAt(millisToHrTime(seriesStart), end, point.tags, point.value),
              valueExemplars(point, seriesStart),
            );
          },
        },
      );
    }
    const dataPoints = metric.points.map((point): DataPoint<number> & ExemplarCarrier => {
      const seriesStart = seriesStartOf(metric, point);
      const change = this.deltas.counter(metric.name, point.tags, point.value, seriesStart, now);
      return withExemplars(
        pointAt(millisToHrTime(change.startTime), end, point.tags, change.value),
        valueExemplars(point, change.startTime),
      );
    });
    return {
      descriptor: descriptorOf(metric),
      aggregationTemporality: temporalityOf('delta'),
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints,
    };
  }

  private histogram(metric: HistogramMetricSnapshot, now: number): HistogramMetricData {
    const times: PointTimes = { start: millisToHrTime(metric.startTime), end: millisToHrTime(now) };
    // Only the first series: the encoders read the others one at a time (core's columns, if any).
    const first = firstHistogramPoint(metric);
    if (this.options.temporality === 'cumulative' && first !== undefined && first.exponential === undefined) {
      // Cumulative points need no state: the encoders write them straight from the snapshot.
      const boundaries = boundariesOf(first);
      return sourcedMetricData<HistogramMetricData>(
        {
          descriptor: descriptorOf(metric),
          aggregationTemporality: temporalityOf('cumulative'),
          dataPointType: DataPointType.HISTOGRAM,
        },
        {
          kind: 'histogram',
          metric,
          boundaries,
          start: times.start,
          end: times.end,
          pointOf: (point) =>
            this.histogramPoint(
              metric,
              point,
              hasBoundaries(point, boundaries) ? boundaries : boundariesOf(point),
              times,
              now,
            ),
        },
      );
    }
    // Every series of a meterkit histogram has the same buckets: one boundaries array serves all
    // of them (as in the SDK) unless a point disagrees.
    let shared: number[] | undefined;
    const dataPoints = metric.points.map((original) => {
      const point = withExplicitBuckets(original);
      const boundaries = shared && sameBoundaries(shared, point) ? shared : (shared = boundariesOf(point));
      return this.histogramPoint(metric, point, boundaries, times, now);
    });
    return {
      descriptor: descriptorOf(metric),
      aggregationTemporality: temporalityOf(this.options.temporality),
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints,
    };
  }

  private histogramPoint(
    metric: HistogramMetricSnapshot,
    point: HistogramPoint,
    boundaries: number[],
    times: PointTimes,
    now: number,
  ): DataPoint<Histogram> & ExemplarCarrier {
    const counts = perBucketCounts(point);
    const seriesStart = seriesStartOf(metric, point);
    if (this.options.temporality === 'cumulative') {
      const value = histogramValue(boundaries, counts, point.count, point.sum, point.min, point.max);
      const start = point.startTime === undefined ? times.start : millisToHrTime(seriesStart);
      return withExemplars(
        pointAt(start, times.end, point.tags, value),
        histogramExemplars(point, seriesStart),
      );
    }
    const totals = { count: point.count, sum: point.sum, bounds: boundaries, bucketCounts: counts };
    const change = this.deltas.histogram(metric.name, point.tags, totals, seriesStart, now);
    // meterkit keeps all-time min/max; they describe the interval only when the interval holds
    // everything, so other delta points carry none (OTLP makes both optional).
    const min = change.fresh ? point.min : undefined;
    const max = change.fresh ? point.max : undefined;
    const value = histogramValue(boundaries, change.bucketCounts, change.count, change.sum, min, max);
    return withExemplars(
      pointAt(millisToHrTime(change.startTime), times.end, point.tags, value),
      histogramExemplars(point, change.startTime),
    );
  }

  private summary(metric: SummaryMetricSnapshot, now: number): MeterkitMetricData[] {
    if (this.options.summaries === 'otlp') return [summaryAsOtlpSummary(metric, now)];
    return summaryAsGaugesAndSums(metric, now, this.options.temporality, this.deltas);
  }
}

function gauge(metric: ValueMetricSnapshot, now: number, temporality: Temporality): GaugeMetricData {
  const end = millisToHrTime(now);
  return {
    descriptor: descriptorOf(metric),
    aggregationTemporality: temporalityOf(temporality),
    dataPointType: DataPointType.GAUGE,
    dataPoints: metric.points.map((point) =>
      pointAt(millisToHrTime(seriesStartOf(metric, point)), end, point.tags, point.value),
    ),
  };
}

/**
 * An up-down counter (a gauge moved only by add/sub) as a non-monotonic sum, always cumulative:
 * OpenTelemetry's delta temporality preference keeps UpDownCounters cumulative too.
 * @see https://opentelemetry.io/docs/specs/otel/metrics/sdk_exporters/otlp/#additional-environment-variable-configuration
 */
function upDownSum(metric: ValueMetricSnapshot, now: number): SumMetricData {
  const end = millisToHrTime(now);
  return {
    descriptor: descriptorOf(metric),
    aggregationTemporality: temporalityOf('cumulative'),
    dataPointType: DataPointType.SUM,
    isMonotonic: false,
    dataPoints: metric.points.map((point) =>
      pointAt(millisToHrTime(seriesStartOf(metric, point)), end, point.tags, point.value),
    ),
  };
}

/** The metrics of one instrumentation scope ({@link OtlpRequestBuilder.translateByScope}). */
export interface ScopedMetricData {
  readonly scope: InstrumentationScope | undefined;
  readonly metrics: MeterkitMetricData[];
}

/** Start and end of the cumulative points of one metric, converted once for all its series. */
interface PointTimes {
  readonly start: HrTime;
  readonly end: HrTime;
}

/** The finite upper bounds of a point's buckets (OTLP's +Inf bucket is implicit). */
function boundariesOf(point: HistogramPoint): number[] {
  const boundaries = new Array<number>(point.buckets.length - 1);
  for (let i = 0; i < boundaries.length; i++) boundaries[i] = point.buckets[i]!.upperBound;
  return boundaries;
}

function sameBoundaries(boundaries: readonly number[], point: HistogramPoint): boolean {
  if (point.buckets.length !== boundaries.length + 1) return false;
  for (let i = 0; i < boundaries.length; i++) {
    if (point.buckets[i]!.upperBound !== boundaries[i]) return false;
  }
  return true;
}

/** OTLP bucket counts are per bucket; meterkit's are cumulative (Prometheus `le` style). */
function perBucketCounts(point: HistogramPoint): number[] {
  const counts = new Array<number>(point.buckets.length);
  let previous = 0;
  for (let i = 0; i < counts.length; i++) {
    const cumulative = point.buckets[i]!.count;
    counts[i] = cumulative - previous;
    previous = cumulative;
  }
  return counts;
}

function histogramValue(
  boundaries: number[],
  counts: number[],
  count: number,
  sum: number,
  min: number | undefined,
  max: number | undefined,
): Histogram {
  // The SDK's field order, min and max always present (undefined when unknown): one object shape
  // for the serializer, see pointAt.
  const known = count > 0 && min !== undefined && max !== undefined;
  return {
    min: known ? min : undefined,
    max: known ? max : undefined,
    sum,
    buckets: { boundaries, counts },
    count,
  };
}
