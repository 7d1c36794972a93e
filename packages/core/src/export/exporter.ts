import type { Clock } from '../clock.js';
import type {
  LoggerConfig,
  OpenTelemetryConfig,
  PrometheusConfig,
  ProviderName,
  RemoteWriteConfig,
  StatsdConfig,
} from '../config/backend-config.js';
import type { MetricFilter } from '../filters/metric-filter.js';
import type { Snapshot } from '../snapshot.js';
import type { CanonicalTags } from '../tags.js';
import type { RequestHandler } from '../types.js';

/**
 * What every backend implements. Push exporters get `export()` called with each snapshot; pull
 * exporters serve `handler()` and collect a fresh snapshot per request through
 * {@link ExporterContext.collect}.
 */
export interface Exporter {
  /** Shown in error reports, e.g. `statsd`. */
  readonly name: string;
  /** Sends one snapshot. Rejections go to the error handler; they never reach the application. */
  export(snapshot: Snapshot): Promise<void>;
  /** A node:http handler for pull backends. */
  handler?(): RequestHandler;
  /**
   * Called by `provider.start()`: the place to open listeners or sockets, so that nothing listens
   * before the application asks. Errors reject `start()`.
   */
  start?(): Promise<void>;
  /** Flushes what is buffered and releases sockets. Called once, after the final `export()`. */
  shutdown(): Promise<void>;
  /**
   * How often the provider calls `export()`, in ms. Default: the Config's `flushInterval`.
   * `0` means never periodically (a pull-only exporter); the final export on `stop()` still happens.
   */
  readonly exportIntervalMs?: number;
  /**
   * Asks core to keep up to this many observations per histogram, timer and summary series between
   * this exporter's pushes (a uniform sample), delivered as `recent` on the points it is given: for
   * backends that compute percentiles from raw samples (StatsD). Metrics created after the provider
   * get a reservoir; scrapes never drain it.
   */
  readonly observationReservoir?: number;
}

/** Where errors go: the Config's `onError`, or a warning on stderr. Never throws. */
export type ErrorHandler = (error: Error, source: string) => void;

/** What the provider hands to an exporter package's `createExporter`. */
export interface ExporterContext {
  /** The validated Config with defaults filled in; the exporter reads its own section. */
  readonly config: ResolvedConfig;
  /** Collects a fresh snapshot of every metric (for scrapes). */
  collect(): Promise<Snapshot>;
  /** Reports an error without throwing. */
  readonly onError: ErrorHandler;
  readonly clock: Clock;
}

/** The entry point every exporter package exports under this name. */
export type ExporterFactory = (context: ExporterContext) => Exporter | Promise<Exporter>;

// ResolvedConfig lives here, with the factory and the context, because the three refer to each other
// (a factory gets a context holding the resolved config, which lists the factories): in separate
// files they formed an import cycle. config/resolved-config.ts re-exports it.
/** A validated `Config` with every default filled in and durations in milliseconds. */
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
