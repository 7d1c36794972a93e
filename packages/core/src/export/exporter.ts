import type { Clock } from '../clock.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Snapshot } from '../snapshot.js';
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
