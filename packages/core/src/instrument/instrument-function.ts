import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
import { CallInstruments, type CallMetricsOptions, callMetricsOptions } from './call-instruments.js';
import { type ProviderSource, resolveProvider } from './provider-source.js';

/**
 * Wraps a function so every call is counted by outcome and timed (seed 003's decorator pattern):
 * `<name>_total{outcome="success"|"error"}` and `<name>_duration_seconds`. The wrapper keeps `this`,
 * the arguments, the return value (the very same promise for an async function, measured when it
 * settles) and rethrows whatever the function throws. Its `name` and `length` are the original's.
 *
 * ```ts
 * const findUser = instrumentFunction(db.findUser, provider, { name: 'user_lookup' });
 * ```
 * With a provider getter the metrics are created on the first call that finds a provider.
 */
export function instrumentFunction<Fn extends (...args: never[]) => unknown>(
  fn: Fn,
  source: ProviderSource,
  options: CallMetricsOptions | string,
): Fn {
  if (typeof fn !== 'function') {
    throw new InvalidInstrumentationOptionError('instrumentFunction', 'fn', fn, 'must be a function');
  }
  return measuredVersion(fn, source, callMetricsOptions('instrumentFunction', options));
}

/** The wrapper shared by {@link instrumentFunction}, the decorator and `instrumentMethod`. */
export function measuredVersion<Fn extends (...args: never[]) => unknown>(
  fn: Fn,
  source: ProviderSource,
  options: CallMetricsOptions,
): Fn {
  let instruments: CallInstruments | undefined =
    typeof source === 'function' ? undefined : new CallInstruments(source, options);
  const measured = function (this: unknown): unknown {
    if (instruments === undefined) {
      const provider = resolveProvider(source);
      if (provider === undefined) return fn.apply(this, arguments as unknown as never[]);
      instruments = new CallInstruments(provider, options);
    }
    return instruments.call(fn, this, arguments);
  };
  Object.defineProperty(measured, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(measured, 'length', { value: fn.length, configurable: true });
  return measured as unknown as Fn;
}
