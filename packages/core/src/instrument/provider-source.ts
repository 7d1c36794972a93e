import type { Provider } from '../types.js';

/**
 * Where an instrumentation helper finds its provider: the provider itself, or a function returning
 * it. The function form suits decorators, which run when the class is defined, often before the
 * (asynchronously created) provider exists. While it returns `undefined` the code runs unmeasured.
 */
export type ProviderSource = Provider | (() => Provider | undefined);

/** The provider of a source now, or `undefined` if a getter has none yet. */
export function resolveProvider(source: ProviderSource): Provider | undefined {
  return typeof source === 'function' ? source() : source;
}
