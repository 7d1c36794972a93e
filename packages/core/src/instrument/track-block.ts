import type { Provider } from '../types.js';
import { CallInstruments, type CallMetricsOptions, callMetricsOptions } from './call-instruments.js';

/** Instruments per provider (or provider view) and options key, so a hot block resolves nothing twice. */
const instrumentsByProvider = new WeakMap<Provider, Map<string, CallInstruments>>();

/**
 * Runs a block of code now and measures it like {@link instrumentFunction}: seed 003's context
 * manager (`with track_block('data_processing'):`) as a callback. Returns what the block returns
 * (the same promise for an async block) and rethrows what it throws.
 *
 * ```ts
 * const report = await trackBlock(provider, 'report_build', async () => buildReport(rows));
 * ```
 */
export function trackBlock<Result>(
  provider: Provider,
  options: CallMetricsOptions | string,
  block: () => Result,
): Result {
  return instrumentsFor(provider, options).call(block, undefined, []);
}

function instrumentsFor(provider: Provider, options: CallMetricsOptions | string): CallInstruments {
  let byKey = instrumentsByProvider.get(provider);
  if (byKey === undefined) instrumentsByProvider.set(provider, (byKey = new Map()));
  const key = typeof options === 'string' ? options : JSON.stringify(options);
  let instruments = byKey.get(key);
  if (instruments === undefined) {
    instruments = new CallInstruments(provider, callMetricsOptions('trackBlock', options));
    byKey.set(key, instruments);
  }
  return instruments;
}
