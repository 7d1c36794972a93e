import type { TagsArgument } from '../tags.js';
import type { Stopwatch, Timer } from '../types.js';
import { HistogramFamily, HistogramSeries } from './histogram.js';

/** One series of a timer: a histogram of seconds with timing helpers. */
export class TimerSeries extends HistogramSeries implements Timer {
  /** Records a duration; a negative one (a clock that stepped back) is dropped, like NaN. */
  record(seconds: number): void {
    // `>= 0` is false for NaN and negatives: no backend can use a negative duration, and the
    // StatsD daemons reject `-…|ms` lines outright.
    if (seconds >= 0) this.observe(seconds);
  }

  time<T>(fn: () => T): T {
    const clock = this.family.descriptor.clock;
    const start = clock.monotonic();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.observe((clock.monotonic() - start) / 1000);
      throw error;
    }
    if (isPromiseLike(result)) {
      // Record when the promise settles, either way, and hand back the very same promise.
      const settle = () => this.observe((clock.monotonic() - start) / 1000);
      result.then(settle, settle);
      return result;
    }
    this.observe((clock.monotonic() - start) / 1000);
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
    this.timer.observe(seconds);
    return seconds;
  }

  reset(): void {
    this.start = this.timer.family.descriptor.clock.monotonic();
  }
}

/** All series of one timer name. */
export class TimerFamily extends HistogramFamily<TimerSeries> {
  protected override newSeries(): TimerSeries {
    this.searchBounds ??= Array.from(this.descriptor.bounds);
    // The family is a HistogramFamily of TimerSeries; TypeScript's Map invariance needs the cast.
    return new TimerSeries(this as unknown as HistogramFamily);
  }
}
