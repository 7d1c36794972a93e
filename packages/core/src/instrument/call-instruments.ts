import { types } from 'node:util';
import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
import type { TagsInput } from '../tags.js';
import type { Counter, Provider, Timer } from '../types.js';

/** What to call the metrics of an instrumented function, method or block. */
export interface CallMetricsOptions {
  /**
   * Base name: calls are counted in `<name>_total` (tag `outcome` = `success` | `error`) and timed
   * in `<name>_duration_seconds`. Pick a name per operation (`user_lookup`), never per input.
   */
  name: string;
  /** Static tags added to both metrics, e.g. `{ operation: 'import' }`. */
  tags?: TagsInput;
  /** HELP text of the counter; the timer's says "Duration of …". */
  description?: string;
  /** Duration buckets in seconds. Default: prom-client's (0.005 … 10). */
  buckets?: readonly number[];
}

/** The tag value of a call that returned (or whose promise fulfilled). */
export const SUCCESS = 'success';
/** The tag value of a call that threw (or whose promise rejected). */
export const ERROR = 'error';

/**
 * The bound series of one instrumented operation and the logic shared by every helper: count the
 * outcome, record the duration, hand back exactly what the function returned or threw.
 */
export class CallInstruments {
  readonly succeeded: Counter;
  readonly failed: Counter;
  readonly duration: Timer;

  constructor(provider: Provider, options: CallMetricsOptions) {
    const calls = provider.counter(`${options.name}_total`, {
      description: options.description ?? `Calls of ${options.name}, by outcome`,
    });
    const timer = provider.timer(`${options.name}_duration_seconds`, {
      description: `Duration of ${options.name}, in seconds`,
      ...(options.buckets === undefined ? {} : { buckets: options.buckets }),
    });
    const tags = options.tags ?? {};
    this.succeeded = calls.withTags(tags, { outcome: SUCCESS });
    this.failed = calls.withTags(tags, { outcome: ERROR });
    this.duration = timer.withTags(tags);
  }

  /**
   * Calls `fn` with `thisArg` and `args` and measures it. A native promise is measured when it
   * settles and returned as is (the caller still sees its rejection). Other thenables are measured
   * as plain return values: calling `then` on, say, a query builder could run the query twice.
   */
  call<Result>(fn: (...args: never[]) => Result, thisArg: unknown, args: ArrayLike<unknown>): Result {
    // The timer's stopwatch reads the provider's clock, so a ManualClock makes durations exact in tests.
    const stopwatch = this.duration.newStopwatch();
    let result: Result;
    try {
      result = (fn as (...args: unknown[]) => Result).apply(thisArg, args as unknown[]);
    } catch (error) {
      stopwatch.stop();
      this.failed.inc();
      throw error;
    }
    if (types.isPromise(result)) {
      result.then(
        () => {
          stopwatch.stop();
          this.succeeded.inc();
        },
        () => {
          stopwatch.stop();
          this.failed.inc();
        },
      );
      return result;
    }
    stopwatch.stop();
    this.succeeded.inc();
    return result;
  }
}

/** Accepts `'name'` as shorthand for `{ name: 'name' }` and checks the options object. */
export function callMetricsOptions(helper: string, options: CallMetricsOptions | string): CallMetricsOptions {
  const resolved = typeof options === 'string' ? { name: options } : options;
  if (typeof resolved !== 'object' || resolved === null || typeof resolved.name !== 'string') {
    throw new InvalidInstrumentationOptionError(
      helper,
      'options',
      options,
      'must be a metric name or an object with a string `name`',
    );
  }
  return resolved;
}
