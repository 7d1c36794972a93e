import { type Clock, systemClock } from '../clock.js';
import { reportToStderr } from '../config/default-error-handler.js';
import { type CanonicalTags, EMPTY_TAGS } from '../tags.js';
import type { MetricStore } from './metric-store.js';

/** Options of a standalone store; `createProvider` fills them from the Config. */
export interface MetricStoreOptions {
  namespace?: string | undefined;
  subsystem?: string | undefined;
  globalTags?: CanonicalTags;
  clock?: Clock;
  callbackTimeoutMs?: number;
  onError?: (error: Error, source: string) => void;
}

/** An empty store. */
export function createMetricStore(options: MetricStoreOptions = {}): MetricStore {
  return {
    entries: new Map(),
    namespace: options.namespace,
    subsystem: options.subsystem,
    globalTags: options.globalTags ?? EMPTY_TAGS,
    clock: options.clock ?? systemClock,
    callbackTimeoutMs: options.callbackTimeoutMs ?? 5_000,
    onError: options.onError ?? reportToStderr,
  };
}
