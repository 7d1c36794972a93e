import type { Bucket, ExponentialBuckets, ExponentialLimits, HistogramPoint } from '../snapshot.js';
import { type CanonicalTags, EMPTY_TAGS, type TagsArgument } from '../tags.js';
import type { Histogram, HistogramSnapshot } from '../types.js';
import { installHistogramExemplars } from './exemplar-series.js';
import { ExponentialHistogram } from './exponential-histogram.js';
import { exponentialQuantile } from './exponential-quantile.js';
import { type FamilyDescriptor, type IdleTracked, MetricFamily, Series } from './family.js';
import { histogramQuantile } from './histogram-quantile.js';
import { ObservationReservoir } from './observation-reservoir.js';
import { checkQuantile } from './quantile-check.js';
import { NAN_REASON, rejectedValue } from './rejected-value.js';

/** One series of a histogram, and its `Histogram` handle. */
export class HistogramSeries extends Series implements IdleTracked, Histogram {
  declare readonly family: HistogramFamily;
  /** Per-bucket (not cumulative) counts; the last slot is the `+Inf` bucket. Smis until 2^30. */
  readonly counts: number[];
  /** The family's upper bounds, held here so `observe` reads one field, not two. */
  readonly bounds: readonly number[];
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Observations since the last push, only when an exporter asked for them. */
  readonly reservoir: ObservationReservoir | undefined;
  /** 1 / sampleRate: what one kept observation stands for (1 without sampling). */
  readonly weight: number;
  /** OpenTelemetry's exponential buckets, only on exponential histograms. */
  exponential: ExponentialHistogram | undefined;
  /** `count` at the previous idle check (collection only). */
  private checked = 0;
  /** The idle check's clock (see `IdleTracked`); series of every kind but counters carry it. */
  activeOffset = this.startOffset;

  constructor(family: HistogramFamily) {
    super(family);
    this.bounds = family.searchBounds;
    const capacity = family.descriptor.observationReservoir ?? 0;
    this.reservoir = capacity > 0 ? new ObservationReservoir(capacity) : undefined;
    this.weight = 1 / (family.descriptor.sampleRate ?? 1);
    this.counts = new Array<number>(this.bounds.length + 1).fill(0);
    const exponential = family.descriptor.exponential;
    this.exponential = exponential === undefined ? undefined : new ExponentialHistogram(exponential);
  }

  /**
   * Records `value`. -Infinity counts into the first bucket and +Infinity into the last (`+Inf`), and
   * into the sum, as IEEE 754 says. NaN would poison `sum` for the life of the process and a
   * non-number would be written into the scrape: both throw, and nothing is recorded.
   */
  observe(value: number): void {
    if (typeof value !== 'number' || Number.isNaN(value))
      throw rejectedValue(this.family.name, 'observe', value, NAN_REASON);
    // A dropped series' handle re-attaches itself first (one well-predicted branch on the hot path).
    if (this.trieTail === null) {
      this.family.reattach(this).observe(value);
      return;
    }
    // Opt-in sampling: keep 1 in 1/sampleRate observations at random and weight each kept one by
    // 1/sampleRate, so counts and sums stay unbiased estimates of the totals.
    const weight = this.weight;
    if (weight !== 1 && Math.random() * weight >= 1) return;
    const bounds = this.bounds;
    const n = bounds.length;
    let i = 0;
    if (n <= 16) {
      while (i < n && value > bounds[i]!) i++;
    } else {
      let hi = n;
      while (i < hi) {
        const mid = (i + hi) >>> 1;
        if (value > bounds[mid]!) i = mid + 1;
        else hi = mid;
      }
    }
    this.counts[i]! += weight;
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.reservoir !== undefined) this.reservoir.add(value);
    if (this.exponential !== undefined) this.exponential.record(value, weight);
  }

  // The declared signature is the API's; the implementation reads `arguments` so a one-argument
  // call allocates no rest array on the hot path.
  withTags(...tags: TagsArgument[]): Histogram;
  withTags(): Histogram {
    if (arguments.length === 1) {
      const hit = this.family.lookup(this, arguments[0]);
      if (hit !== undefined) return hit;
    }
    return this.family.resolve(this, arguments);
  }

  snapshot(): HistogramSnapshot {
    return new FrozenHistogramSnapshot(
      this.count,
      this.sum,
      this.cumulativeBuckets(),
      this.exponential?.toBuckets(),
    );
  }

  remove(...tags: TagsArgument[]): boolean;
  remove(): boolean {
    return this.family.remove(this, arguments);
  }

  clear(): void {
    this.family.clear();
  }

  recordedSinceLastCheck(): boolean {
    const moved = this.count !== this.checked;
    this.checked = this.count;
    return moved;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.checked = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
    this.reservoir?.drain();
    const limits = this.family.descriptor.exponential;
    this.exponential = limits === undefined ? undefined : new ExponentialHistogram(limits);
  }

  /** Cumulative buckets ending with `+Inf`, as every exposition format wants them. */
  cumulativeBuckets(): Bucket[] {
    const bounds = this.bounds;
    const buckets: Bucket[] = new Array(bounds.length + 1);
    let running = 0;
    for (let i = 0; i < bounds.length; i++) {
      running += this.counts[i]!;
      buckets[i] = { upperBound: bounds[i]!, count: running };
    }
    buckets[bounds.length] = {
      upperBound: Number.POSITIVE_INFINITY,
      count: running + this.counts[bounds.length]!,
    };
    return buckets;
  }

  /** The snapshot point of this series. */
  point(tags: CanonicalTags, drain: boolean): HistogramPoint {
    const empty = this.count === 0;
    const point: { -readonly [K in keyof HistogramPoint]: HistogramPoint[K] } = {
      tags,
      startTime: this.startTime,
      count: this.count,
      sum: this.sum,
      min: empty ? undefined : this.min,
      max: empty ? undefined : this.max,
      buckets: this.cumulativeBuckets(),
    };
    if (this.exponential !== undefined) point.exponential = this.exponential.toBuckets();
    return drain && this.reservoir !== undefined ? { ...point, recent: this.reservoir.drain() } : point;
  }

  isPristine(): boolean {
    return this.count === 0;
  }
}

/** The value returned by `histogram.snapshot()`. */
export class FrozenHistogramSnapshot implements HistogramSnapshot {
  declare readonly exponential?: ExponentialBuckets;

  constructor(
    readonly count: number,
    readonly sum: number,
    readonly buckets: readonly Bucket[],
    exponential?: ExponentialBuckets,
  ) {
    // Only exponential histograms carry the property at all, as in snapshot points.
    if (exponential !== undefined) this.exponential = exponential;
    Object.freeze(this);
  }

  quantile(q: number): number {
    checkQuantile(q);
    if (this.exponential !== undefined) return exponentialQuantile(q, this.exponential);
    return histogramQuantile(q, this.buckets);
  }
}

/** A family descriptor plus validated bucket bounds. */
export interface HistogramDescriptor extends FamilyDescriptor {
  readonly bounds: readonly number[];
  /** Fraction of observations recorded (0 < r <= 1); default 1. */
  readonly sampleRate?: number;
  /** Settings of the exponential buckets; undefined for a classic histogram. */
  readonly exponential?: ExponentialLimits | undefined;
}

// Series that get exemplars installed are made by a constructor of their own: V8 sizes the objects
// of a constructor by every shape its first few instances grow into, so the exemplar fields added
// to plain series widened every later series of the process (56 bytes per histogram series).
class ExemplarHostHistogramSeries extends HistogramSeries {}

/** All series of one histogram name; also the base of timers. */
export class HistogramFamily<S extends HistogramSeries = HistogramSeries> extends MetricFamily<S> {
  declare readonly descriptor: HistogramDescriptor;
  /**
   * An unfrozen copy of the bounds for `observe`: V8 scans a frozen array (PACKED_FROZEN_ELEMENTS)
   * about three times slower, which the benchmark showed as 35 ns of a 45 ns observe.
   */
  declare searchBounds: number[];

  constructor(descriptor: HistogramDescriptor) {
    super(descriptor);
  }

  protected newSeries(): S {
    // The root series is built inside the base constructor, before fields of this class exist.
    this.searchBounds ??= Array.from(this.descriptor.bounds);
    if (this.descriptor.exemplars !== true) return new HistogramSeries(this) as S;
    const series = new ExemplarHostHistogramSeries(this);
    installHistogramExemplars(series);
    return series as S;
  }

  /** Points with `global` tags merged in; `drain` hands the observation reservoirs over (pushes only). */
  collect(global: CanonicalTags = EMPTY_TAGS, drain = false): HistogramPoint[] {
    const points: HistogramPoint[] = [];
    this.forEachSeries(global, (tags, series) => points.push(series.point(tags, drain)));
    return points;
  }
}
