import type { QuantileValue, SummaryPoint } from '../snapshot.js';
import { type CanonicalTags, EMPTY_TAGS, type TagsArgument } from '../tags.js';
import type { Summary, SummarySnapshot } from '../types.js';
import { type FamilyDescriptor, type IdleTracked, MetricFamily, Series } from './family.js';
import { ObservationReservoir } from './observation-reservoir.js';
import { checkQuantile } from './quantile-check.js';
import { NAN_REASON, rejectedValue } from './rejected-value.js';
import type { RelativeErrorSketch } from './relative-error-sketch.js';
import { SlidingWindowSketch } from './sliding-window-sketch.js';

/** prom-client's default summary quantiles. */
export const DEFAULT_QUANTILES: readonly number[] = Object.freeze([0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999]);

/** A family descriptor plus the validated summary options. */
export interface SummaryDescriptor extends FamilyDescriptor {
  readonly quantiles: readonly number[];
  readonly maxAgeMs: number;
  readonly ageBuckets: number;
  readonly relativeAccuracy: number;
}

/** One series of a summary, and its `Summary` handle. */
export class SummarySeries extends Series implements IdleTracked, Summary {
  declare readonly family: SummaryFamily;
  count = 0;
  sum = 0;
  private window: SlidingWindowSketch;
  /** `count` at the previous idle check (collection only). */
  private checked = 0;
  /** The idle check's clock (see `IdleTracked`); series of every kind but counters carry it. */
  activeOffset = this.startOffset;
  /** Observations since the last push, only when an exporter asked for them. */
  readonly reservoir: ObservationReservoir | undefined;

  constructor(family: SummaryFamily) {
    super(family);
    const d = family.descriptor;
    const capacity = d.observationReservoir ?? 0;
    this.reservoir = capacity > 0 ? new ObservationReservoir(capacity) : undefined;
    this.window = SummarySeries.newWindow(family);
  }

  private static newWindow(family: SummaryFamily): SlidingWindowSketch {
    const d = family.descriptor;
    return new SlidingWindowSketch(d.maxAgeMs, d.ageBuckets, d.clock.monotonic(), d.relativeAccuracy);
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
    this.count = 0;
    this.sum = 0;
    this.checked = 0;
    this.reservoir?.drain();
    this.window = SummarySeries.newWindow(this.family);
  }

  /**
   * Records `value`. ±Infinity is counted at the matching end of the sketch (a quantile that reaches
   * it is ±Infinity) and in the sum; NaN and non-numbers throw, and nothing is recorded.
   */
  observe(value: number): void {
    if (typeof value !== 'number' || Number.isNaN(value))
      throw rejectedValue(this.family.name, 'observe', value, NAN_REASON);
    // A dropped series' handle re-attaches itself first (one well-predicted branch on the hot path).
    if (this.trieTail === null) {
      this.family.reattach(this).observe(value);
      return;
    }
    this.window.add(value, this.family.descriptor.clock.monotonic());
    this.count += 1;
    this.sum += value;
    if (this.reservoir !== undefined) this.reservoir.add(value);
  }

  // The declared signature is the API's; the implementation reads `arguments` so a one-argument
  // call allocates no rest array on the hot path.
  withTags(...tags: TagsArgument[]): Summary;
  withTags(): Summary {
    if (arguments.length === 1) {
      const hit = this.family.lookup(this, arguments[0]);
      if (hit !== undefined) return hit;
    }
    return this.family.resolve(this, arguments);
  }

  snapshot(): SummarySnapshot {
    const sketch = this.window.merged(this.family.descriptor.clock.monotonic());
    return new FrozenSummarySnapshot(this.count, this.sum, sketch, this.family.descriptor.quantiles);
  }

  point(tags: CanonicalTags, drain: boolean): SummaryPoint {
    const sketch = this.window.merged(this.family.descriptor.clock.monotonic());
    const quantiles: QuantileValue[] = this.family.descriptor.quantiles.map((quantile) => ({
      quantile,
      value: sketch.quantile(quantile),
    }));
    const point: SummaryPoint = {
      tags,
      startTime: this.startTime,
      count: this.count,
      sum: this.sum,
      quantiles,
      sketch: sketch.toData(),
    };
    return drain && this.reservoir !== undefined ? { ...point, recent: this.reservoir.drain() } : point;
  }

  isPristine(): boolean {
    return this.count === 0;
  }
}

/** The value returned by `summary.snapshot()`. */
export class FrozenSummarySnapshot implements SummarySnapshot {
  readonly quantiles: ReadonlyMap<number, number>;

  constructor(
    readonly count: number,
    readonly sum: number,
    private readonly sketch: RelativeErrorSketch,
    configured: readonly number[],
  ) {
    this.quantiles = new Map(configured.map((q) => [q, sketch.quantile(q)]));
    Object.freeze(this);
  }

  quantile(q: number): number {
    checkQuantile(q);
    return this.sketch.quantile(q);
  }
}

/** All series of one summary name. */
export class SummaryFamily extends MetricFamily<SummarySeries> {
  declare readonly descriptor: SummaryDescriptor;

  constructor(descriptor: SummaryDescriptor) {
    super(descriptor);
  }

  protected newSeries(): SummarySeries {
    return new SummarySeries(this);
  }

  /** Points with `global` tags merged in; `drain` hands the observation reservoirs over (pushes only). */
  collect(global: CanonicalTags = EMPTY_TAGS, drain = false): SummaryPoint[] {
    const points: SummaryPoint[] = [];
    this.forEachSeries(global, (tags, series) => points.push(series.point(tags, drain)));
    return points;
  }
}
