import type { Bucket, Exemplar, HistogramPoint } from '../snapshot.js';
import type { CanonicalTags } from '../tags.js';
import { CounterSeries } from './counter.js';
import { makeExemplar } from './exemplar.js';
import { ExponentialExemplars } from './exponential-exemplars.js';
import { HistogramSeries } from './histogram.js';
import { TimerSeries } from './timer.js';

// Exemplars are installed as own methods on the series of metrics created with `exemplars: true`, so
// the prototype methods every other series runs stay exactly as they were: no flag is read per call.

/** A counter series with exemplars on: the latest one of the series. */
export interface ExemplarCounterSeries extends CounterSeries {
  exemplar: Exemplar | undefined;
  inc(exemplarTags?: Record<string, string>): void;
  add(value: number, exemplarTags?: Record<string, string>): void;
}

/** A histogram or timer series with exemplars on: the latest one per (non-cumulative) bucket. */
export interface ExemplarHistogramSeries extends HistogramSeries {
  bucketExemplars: (Exemplar | undefined)[];
  /** The latest per exponential bucket, on exponential histograms only. */
  exponentialExemplars: ExponentialExemplars | undefined;
  observe(value: number, exemplarTags?: Record<string, string>): void;
}

/** A timer series with exemplars on. */
interface ExemplarTimerSeries extends TimerSeries {
  bucketExemplars: (Exemplar | undefined)[];
  observe(value: number, exemplarTags?: Record<string, string>): void;
  record(seconds: number, exemplarTags?: Record<string, string>): void;
}

function warner(series: {
  family: { name: string; descriptor: { onExemplarDropped?: (name: string, length: number) => void } };
}) {
  return (length: number) => series.family.descriptor.onExemplarDropped?.(series.family.name, length);
}

/**
 * The series a held handle records into: itself, or, once its series was dropped, what
 * `reattach` gives (itself re-attached, the series re-created meanwhile, or the overflow series).
 * Resolved before recording so the explicit exemplar tags go along to that series: the prototype
 * methods re-attach on their own but call on with the value only.
 */
function liveSeries<S extends CounterSeries | HistogramSeries>(series: S): S {
  if (series.trieTail !== null) return series;
  return (series.family as unknown as { reattach(series: S): S }).reattach(series);
}

/** Makes `series` keep exemplars on `inc` and `add`. */
export function installCounterExemplars(series: CounterSeries): void {
  const target = series as ExemplarCounterSeries;
  const warn = warner(series);
  const clock = series.family.descriptor.clock;
  target.exemplar = undefined;
  target.inc = function inc(exemplarTags?: Record<string, string>): void {
    const live = liveSeries(target);
    if (live !== target) {
      live.inc(exemplarTags);
      return;
    }
    CounterSeries.prototype.inc.call(this);
    const exemplar = makeExemplar(1, exemplarTags, clock.now(), warn);
    if (exemplar !== undefined) target.exemplar = exemplar;
  };
  target.add = function add(value: number, exemplarTags?: Record<string, string>): void {
    // A value the counter rejects throws below before anything re-attaches.
    const live = typeof value === 'number' && value >= 0 && value !== Infinity ? liveSeries(target) : target;
    if (live !== target) {
      live.add(value, exemplarTags);
      return;
    }
    CounterSeries.prototype.add.call(this, value);
    const exemplar = makeExemplar(value, exemplarTags, clock.now(), warn);
    if (exemplar !== undefined) target.exemplar = exemplar;
  };
  const reset = target.reset;
  target.reset = function resetWithExemplar(): void {
    reset.call(this);
    target.exemplar = undefined;
  };
}

/** Index of the (non-cumulative) bucket `value` falls into; the last one is `+Inf`. */
function bucketIndex(bounds: readonly number[], value: number): number {
  let i = 0;
  while (i < bounds.length && value > bounds[i]!) i++;
  return i;
}

/** Makes `series` (histogram or timer) keep the latest exemplar per bucket. */
export function installHistogramExemplars(series: HistogramSeries): void {
  const target = series as ExemplarHistogramSeries;
  const warn = warner(series);
  const clock = series.family.descriptor.clock;
  target.bucketExemplars = new Array<Exemplar | undefined>(series.bounds.length + 1).fill(undefined);
  const limits = series.family.descriptor.exponential;
  target.exponentialExemplars =
    limits === undefined ? undefined : new ExponentialExemplars(limits.maxScale, limits.maxBuckets);
  const keep = (value: number, exemplarTags: Record<string, string> | undefined) => {
    const exemplar = makeExemplar(value, exemplarTags, clock.now(), warn);
    if (exemplar === undefined) return;
    target.bucketExemplars[bucketIndex(target.bounds, value)] = exemplar;
    // Read after `observe`: the histogram's scale is the one that holds this value.
    if (target.exponential !== undefined)
      target.exponentialExemplars?.keep(exemplar, target.exponential.scale);
  };
  target.observe = function observe(value: number, exemplarTags?: Record<string, string>): void {
    const live = typeof value === 'number' && !Number.isNaN(value) ? liveSeries(target) : target;
    if (live !== target) {
      live.observe(value, exemplarTags);
      return;
    }
    HistogramSeries.prototype.observe.call(this, value);
    keep(value, exemplarTags);
  };
  if (series instanceof TimerSeries) {
    const timer = series as ExemplarTimerSeries;
    // `record` and the measured path call `this.observe`, which is now the exemplar one above;
    // `record` is replaced only to carry the explicit tags through.
    timer.record = function record(seconds: number, exemplarTags?: Record<string, string>): void {
      const live = typeof seconds === 'number' && seconds >= 0 ? liveSeries(timer) : timer;
      if (live !== timer) {
        live.record(seconds, exemplarTags);
        return;
      }
      const before = timer.count;
      TimerSeries.prototype.record.call(this, seconds);
      // `record` drops negative durations; only a recorded one leaves an exemplar.
      if (exemplarTags !== undefined && timer.count !== before) keep(seconds, exemplarTags);
    };
  }
  const cumulative = target.cumulativeBuckets;
  target.cumulativeBuckets = function cumulativeWithExemplars(): Bucket[] {
    const buckets = cumulative.call(this);
    return buckets.map((bucket, i) => {
      const exemplar = target.bucketExemplars[i];
      return exemplar === undefined ? bucket : { ...bucket, exemplar };
    });
  };
  if (target.exponentialExemplars !== undefined) {
    const point = target.point;
    target.point = function pointWithExemplars(tags: CanonicalTags, drain: boolean): HistogramPoint {
      const plain = point.call(this, tags, drain);
      const exemplars = plain.exponential && target.exponentialExemplars?.list(plain.exponential.scale);
      return exemplars ? { ...plain, exponential: { ...plain.exponential!, exemplars } } : plain;
    };
  }
  const reset = target.reset;
  target.reset = function resetWithExemplars(): void {
    reset.call(this);
    target.bucketExemplars.fill(undefined);
    if (limits !== undefined) target.exponentialExemplars?.clear(limits.maxScale);
  };
}
