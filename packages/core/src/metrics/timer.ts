import { InvalidValueError } from '../errors.js';
import type { TagsArgument } from '../tags.js';
import type { Stopwatch, Timer } from '../types.js';
import { installHistogramExemplars } from './exemplar-series.js';
import { HistogramFamily, HistogramSeries } from './histogram.js';
import { rejectedValue } from './rejected-value.js';

/** One series of a timer: a histogram of seconds with timing helpers. */
export class TimerSeries extends HistogramSeries implements Timer {
  /**
   * Records a duration in seconds. A finite negative one (a clock that stepped back) is dropped: no
   * backend can use it, and the StatsD daemons reject `-…|ms` lines outright. +Infinity counts into
   * the `+Inf` bucket; NaN, -Infinity and non-numbers throw, and nothing is recorded.
   */
  record(seconds: number): void {
    // `>= 0` is false for NaN and negatives; `typeof` first because `'5' >= 0` is true.
    if (typeof seconds === 'number' && seconds >= 0) this.observe(seconds);
    else if (typeof seconds !== 'number' || Number.isNaN(seconds) || seconds === Number.NEGATIVE_INFINITY)
      throw rejectedValue(
        this.family.name,
        'record',
        seconds,
        'a duration is a number of seconds, never NaN or -Infinity',
      );
  }

  /**
   * Records a duration meterkit measured itself (`time`, stopwatches). A clock that returns garbage
   * must not throw from here: this runs inside promise callbacks, where a throw would become an
   * unhandled rejection in the application.
   */
  recordMeasured(seconds: number): void {
    if (seconds >= 0) this.observe(seconds);
  }

  time<T>(fn: () => T): T {
    // Checked before the clock is read, so a bad argument records nothing.
    if (typeof fn !== 'function') throw new InvalidValueError(this.family.name, 'time', fn);
    const clock = this.family.descriptor.clock;
    const start = clock.monotonic();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.recordMeasured((clock.monotonic() - start) / 1000);
      throw error;
    }
    if (isPromiseLike(result)) {
      // Record when the promise settles, either way, and hand back the very same promise.
      const settle = () => this.recordMeasured((clock.monotonic() - start) / 1000);
      result.then(settle, settle);
      return result;
    }
    this.recordMeasured((clock.monotonic() - start) / 1000);
    return result;
  }

  newStopwatch(): Stopwatch {
    return new TimerStopwatch(this);
  }

  // The declared signature is the API's; the implementation reads `arguments` so a one-argument
  // call allocates no rest array on the hot path.
  override withTags(...tags: TagsArgument[]): TimerSeries;
  override withTags(): TimerSeries {
    if (arguments.length === 1) {
      const hit = this.family.lookup(this, arguments[0]);
      if (hit !== undefined) return hit as TimerSeries;
    }
    return this.family.resolve(this, arguments) as TimerSeries;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Measures from creation (or `reset()`) to `stop()`, in seconds. */
class TimerStopwatch implements Stopwatch {
  private start: number;

  constructor(private readonly timer: TimerSeries) {
    this.start = timer.family.descriptor.clock.monotonic();
  }

  stop(): number {
    const seconds = (this.timer.family.descriptor.clock.monotonic() - this.start) / 1000;
    this.timer.recordMeasured(seconds);
    return seconds;
  }

  reset(): void {
    this.start = this.timer.family.descriptor.clock.monotonic();
  }
}

class ExemplarHostTimerSeries extends TimerSeries {}

/** All series of one timer name. */
export class TimerFamily extends HistogramFamily<TimerSeries> {
  protected override newSeries(): TimerSeries {
    this.searchBounds ??= Array.from(this.descriptor.bounds);
    // The family is a HistogramFamily of TimerSeries; TypeScript's Map invariance needs the cast.
    const family = this as unknown as HistogramFamily;
    if (this.descriptor.exemplars !== true) return new TimerSeries(family);
    // A constructor of its own, for the reason given in histogram.ts.
    const series = new ExemplarHostTimerSeries(family);
    installHistogramExemplars(series);
    return series;
  }
}
