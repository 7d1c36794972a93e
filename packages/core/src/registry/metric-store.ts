import type { Clock } from '../clock.js';
import type { FilterChain } from '../filters/metric-filter.js';
import type { CallbackGauge } from '../metrics/callback-gauge.js';
import type { CounterFamily } from '../metrics/counter.js';
import type { GaugeFamily } from '../metrics/gauge.js';
import type { HistogramFamily } from '../metrics/histogram.js';
import type { InfoMetric } from '../metrics/info.js';
import type { SummaryFamily } from '../metrics/summary.js';
import type { TimerFamily } from '../metrics/timer.js';
import type { MetricNameParts } from '../snapshot.js';
import type { CanonicalTags } from '../tags.js';
import type { MetricCollector, MetricType } from '../types.js';

/** A registered family of recorded series. */
export type FamilyEntry = (
  | { readonly kind: 'counter'; readonly family: CounterFamily }
  | { readonly kind: 'gauge'; readonly family: GaugeFamily }
  | { readonly kind: 'histogram'; readonly family: HistogramFamily }
  | { readonly kind: 'summary'; readonly family: SummaryFamily }
  | { readonly kind: 'timer'; readonly family: TimerFamily }
) & {
  /** Denied by a filter: the handles work, no backend sees it. */
  readonly hidden?: boolean;
};

/** Everything a name can be registered as. */
export type StoreEntry =
  | FamilyEntry
  | { readonly kind: 'callback'; readonly gauges: CallbackGauge[] }
  | { readonly kind: 'info'; readonly info: InfoMetric };

/** The shared state behind a registry and all its `withTags` views. */
export interface MetricStore {
  /** Full name → entry, in registration order (snapshots keep that order). */
  readonly entries: Map<string, StoreEntry>;
  readonly namespace: string | undefined;
  readonly subsystem: string | undefined;
  readonly globalTags: CanonicalTags;
  readonly clock: Clock;
  readonly callbackTimeoutMs: number;
  /** Default most tagged series per metric (OpenTelemetry's default: 2,000). */
  readonly cardinalityLimit: number;
  /** `Config.seriesExpiry` in ms: the default `expireAfter` of every metric; undefined: never. */
  readonly seriesExpiryMs: number | undefined;
  /** Observations kept per histogram/summary series between pushes; 0 = none (set by createProvider). */
  observationReservoir: number;
  /** Sources of whole metrics read at each collection (`Registry.registerCollector`). */
  readonly collectors: Set<MetricCollector>;
  /** `Config.histograms.exponential`: the default of histograms and timers that do not say. */
  readonly exponentialHistograms: boolean;
  /** `Config.exemplars`: the default of counters, histograms and timers that do not say. */
  readonly exemplars: boolean;
  /** Metrics whose dropped exemplar was already reported: the warning is given once per metric. */
  readonly exemplarDropReported: Set<string>;
  /** Config filters, applied when metrics and series are created. */
  readonly filters: FilterChain;
  /** Full name → its namespace, subsystem and given name, for names the registry prefixed (`MetricSnapshot.nameParts`). */
  readonly nameParts: Map<string, MetricNameParts>;
  /** Full names meterkit registered itself (runtime and system metrics): closed to the application. */
  readonly builtInNames: Set<string>;
  /** Metrics whose overflow was already reported: the warning is given once per metric. */
  readonly overflowReported: Set<string>;
  readonly onError: (error: Error, source: string) => void;
}

/** How an entry's kind is named in errors and in `Registry.get`. */
export function entryType(entry: StoreEntry): MetricType | 'callback gauge' | 'info' {
  return entry.kind === 'callback' ? 'callback gauge' : entry.kind;
}
