import { type Clock, systemClock } from '../clock.js';
import { createStderrReporter } from '../config/default-error-handler.js';
import { FilterChain, type MetricFilter } from '../filters/metric-filter.js';
import { type CanonicalTags, EMPTY_TAGS } from '../tags.js';
import type { MetricStore } from './metric-store.js';

/** Tagged series per metric before folding into the overflow series: OpenTelemetry's default. */
export const DEFAULT_CARDINALITY_LIMIT = 2_000;

/** Options of a standalone store; `createProvider` fills them from the Config. */
export interface MetricStoreOptions {
  namespace?: string | undefined;
  subsystem?: string | undefined;
  globalTags?: CanonicalTags;
  clock?: Clock;
  callbackTimeoutMs?: number;
  cardinalityLimit?: number;
  /** Default `expireAfter` of every metric, in ms (`Config.seriesExpiry`). */
  seriesExpiryMs?: number | undefined;
  filters?: readonly MetricFilter[];
  /** Histograms and timers are exponential unless their options say otherwise. Default false. */
  exponentialHistograms?: boolean;
  onError?: (error: Error, source: string) => void;
  /** Counters, histograms and timers keep exemplars unless their options say otherwise. Default false. */
  exemplars?: boolean;
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
    cardinalityLimit: options.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT,
    seriesExpiryMs: options.seriesExpiryMs,
    overflowReported: new Set(),
    builtInNames: new Set(),
    nameParts: new Map(),
    collectors: new Set(),
    observationReservoir: 0,
    exponentialHistograms: options.exponentialHistograms ?? false,
    exemplars: options.exemplars ?? false,
    exemplarDropReported: new Set(),
    filters: new FilterChain(options.filters ?? []),
    onError: options.onError ?? createStderrReporter(),
  };
}
