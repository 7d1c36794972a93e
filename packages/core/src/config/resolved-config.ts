import type { Clock } from '../clock.js';
import type { Exporter, ExporterFactory } from '../export/exporter.js';
import type { MetricFilter } from '../filters/metric-filter.js';
import type { CanonicalTags } from '../tags.js';
import type {
  LoggerConfig,
  OpenTelemetryConfig,
  PrometheusConfig,
  ProviderName,
  RemoteWriteConfig,
  StatsdConfig,
} from './config.js';

/** A validated {@link Config} with every default filled in and durations in milliseconds. */
export interface ResolvedConfig {
  readonly providers: readonly ProviderName[];
  readonly enabled: boolean;
  readonly namespace: string | undefined;
  readonly subsystem: string | undefined;
  readonly tags: CanonicalTags;
  readonly enableRuntimeMetrics: boolean;
  /** `Config.runtimeMetrics.naming`, defaulted. */
  readonly runtimeMetricsNaming: 'prometheus' | 'opentelemetry';
  readonly enableSystemMetrics: boolean;
  readonly endpoint: string;
  readonly flushIntervalMs: number;
  readonly exportTimeoutMs: number;
  readonly callbackTimeoutMs: number;
  readonly cardinalityLimit: number;
  /** `seriesExpiry` in ms; undefined: series never expire. */
  readonly seriesExpiryMs: number | undefined;
  /** `exemplars`: the default of every counter, histogram and timer. */
  readonly exemplars: boolean;
  /** `Config.histograms.exponential`: every histogram and timer is exponential unless it says otherwise. */
  readonly exponentialHistograms: boolean;
  readonly filters: readonly MetricFilter[];
  readonly prometheus: Readonly<PrometheusConfig>;
  readonly remoteWrite: Readonly<RemoteWriteConfig>;
  readonly opentelemetry: Readonly<OpenTelemetryConfig>;
  readonly statsd: Readonly<StatsdConfig>;
  readonly logger: Readonly<LoggerConfig>;
  readonly exporters: ReadonlyArray<Exporter | ExporterFactory>;
  readonly onError: (error: Error, source: string) => void;
  readonly clock: Clock;
}
