import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExponentialBuckets, InstrumentationScope, MetricSnapshot, Snapshot } from './snapshot.js';
import type { Tag, TagsArgument, TagsInput } from './tags.js';

/** The metric kinds a {@link Registry} holds. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'timer';

/** Options every metric accepts. */
export interface MetricOptions {
  /** HELP text. */
  description?: string;
  /** Unit such as `bytes` or `seconds`; carried to backends that have units. */
  unit?: string;
  /** Tags of the series this call returns. */
  tags?: TagsInput;
  /** When given, `withTags` accepts only these keys (a typo becomes an error, not a new series). */
  labelNames?: readonly string[];
  /**
   * Most tagged series this metric keeps (default: the Config's `cardinalityLimit`, 2,000). Further
   * tag sets are folded into one series tagged `meterkit_overflow="true"`, so nothing recorded is lost.
   */
  cardinalityLimit?: number;
  /**
   * Drop a series nothing was recorded to for this long (`'5m'`, or milliseconds), at collection
   * time; default: the Config's `seriesExpiry`, else never. Callback gauges never expire.
   */
  expireAfter?: number | string;
  /**
   * The instrumentation scope (OpenTelemetry meter name and version) carried into snapshots; set by
   * bridges such as `@meterkit/otel-bridge`. The first creation of a name decides it.
   */
  scope?: InstrumentationScope;
  /**
   * Keep exemplars (counters: the latest per series; histograms and timers: the latest per bucket).
   * Default: the Config's `exemplars`, else off.
   */
  exemplars?: boolean;
}

/** Options for gauges. */
export interface GaugeOptions extends MetricOptions {
  /**
   * The gauge is only moved by `add`/`sub`/`inc`/`dec` (an OpenTelemetry UpDownCounter): OTLP gets a
   * non-monotonic sum instead of a gauge. The first creation of a name decides it.
   */
  upDownCounter?: boolean;
}

/** Options for `registerCallback`. */
export interface CallbackOptions extends MetricOptions {
  /**
   * The value is a monotonic total (like OpenTelemetry's ObservableCounter), e.g. CPU seconds used:
   * exported as a counter instead of a gauge.
   */
  monotonic?: boolean;
}

/** Options for histograms and timers. */
export interface HistogramOptions extends MetricOptions {
  /** Upper bounds, strictly increasing; `+Inf` is implied. Default: prom-client's (0.005 … 10). */
  buckets?: readonly number[];
  /**
   * Opt-in sampling for very high-volume histograms and timers: record each observation with this
   * probability (e.g. 0.01 = 1 in 100) and weight it by 1/sampleRate, so counts, bucket counts and
   * sums remain unbiased estimates (relative standard error of the count: sqrt((1 - r) / (n r))).
   * Min and max are those of the kept observations. Default 1 (every observation).
   */
  sampleRate?: number;
  /**
   * Also (or, without `buckets`, only) keep OpenTelemetry's base-2 exponential buckets: no layout to
   * choose, a relative error of at most (base - 1) / (base + 1) at any magnitude, exact merging.
   * `true` uses the defaults; `maxBuckets` (160, an integer >= 2) caps the buckets per sign and
   * `maxScale` (20, an integer in [-10, 20]) is the finest resolution. Default: `Config.histograms`.
   */
  exponential?: boolean | ExponentialHistogramOptions;
}

/** Limits of an exponential histogram (OpenTelemetry's `ExponentialHistogramAggregation` options). */
export interface ExponentialHistogramOptions {
  /** Most buckets per sign; past it the scale drops by one (two buckets merge). Default 160. */
  maxBuckets?: number;
  /** The starting, finest scale: base = 2^(2^-maxScale). Default 20. */
  maxScale?: number;
}

/** Options for summaries. */
export interface SummaryOptions extends MetricOptions {
  /** Quantiles reported, each in [0, 1]. Default `[0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999]` (prom-client's). */
  quantiles?: readonly number[];
  /** Sliding window length in seconds. Default 600 (Prometheus' client_golang). */
  maxAgeSeconds?: number;
  /** How many sub-windows the window is split into; it slides by one every `maxAgeSeconds / ageBuckets`. Default 5. */
  ageBuckets?: number;
}

/** A monotonically increasing value. */
/**
 * Dropping series (every metric kind has these). A dropped series disappears from the next
 * collection; a held handle that records again brings it back from zero with a new start time.
 */
export interface SeriesLifecycle {
  /** Drops the series with these tags (relative to this handle's own); true if it existed. */
  remove(...tags: TagsArgument[]): boolean;
  /** Drops every series of the metric. */
  clear(): void;
}

export interface Counter extends SeriesLifecycle {
  /**
   * Adds 1. With exemplars on, `exemplarTags` (else the active sampled span's `trace_id`/`span_id`)
   * become the series' exemplar; over 128 characters in all, they are dropped with one warning.
   */
  inc(exemplarTags?: Record<string, string>): void;
  /**
   * Adds `value`; a negative, NaN or infinite value throws a `RangeError`, a non-number an
   * `InvalidValueError` (a TypeError naming the metric), and nothing is recorded.
   */
  add(value: number, exemplarTags?: Record<string, string>): void;
  /** The child series with these tags added; hold it for the fastest path. */
  withTags(...tags: TagsArgument[]): Counter;
  value(): number;
}

/**
 * A value that goes up and down. `set`, `add` and `sub` take any number, NaN and ±Infinity included;
 * a non-number throws an `InvalidValueError` (a TypeError naming the metric) and changes nothing.
 */
export interface Gauge extends SeriesLifecycle {
  set(value: number): void;
  inc(): void;
  dec(): void;
  add(value: number): void;
  sub(value: number): void;
  withTags(...tags: TagsArgument[]): Gauge;
  value(): number;
}

/** A point-in-time view of a histogram or timer series. */
export interface HistogramSnapshot {
  readonly count: number;
  readonly sum: number;
  /**
   * Estimated from the buckets exactly as PromQL's `histogram_quantile` does, or, for an exponential
   * histogram, from its exponential buckets within their relative error. `0 <= q <= 1`.
   */
  quantile(q: number): number;
  /** Cumulative; the last `upperBound` is `Infinity`. */
  readonly buckets: ReadonlyArray<{ upperBound: number; count: number }>;
  /** The exponential buckets of an exponential histogram (then `quantile` reads these). */
  readonly exponential?: ExponentialBuckets;
}

/** A point-in-time view of a summary series. */
export interface SummarySnapshot {
  readonly count: number;
  readonly sum: number;
  /** Any quantile over the sliding window, from the sketch. */
  quantile(q: number): number;
  /** Configured quantile → value over the sliding window. */
  readonly quantiles: ReadonlyMap<number, number>;
}

/** A distribution with configurable buckets. */
export interface Histogram extends SeriesLifecycle {
  /**
   * Records a value; -Infinity counts into the first bucket, +Infinity into `+Inf`. NaN throws a
   * `RangeError` (it would make `sum` NaN forever), a non-number an `InvalidValueError`; neither records.
   */
  observe(value: number, exemplarTags?: Record<string, string>): void;
  withTags(...tags: TagsArgument[]): Histogram;
  snapshot(): HistogramSnapshot;
}

/** Quantiles over a sliding time window, from a mergeable relative-error sketch. */
export interface Summary extends SeriesLifecycle {
  /**
   * Records a value; ±Infinity counts below / above every finite value. NaN throws a `RangeError`, a
   * non-number an `InvalidValueError`; neither records.
   */
  observe(value: number): void;
  withTags(...tags: TagsArgument[]): Summary;
  snapshot(): SummarySnapshot;
}

/** A running measurement started by {@link Timer.newStopwatch}. */
export interface Stopwatch {
  /** Records the seconds since start (or the last reset) and returns them. */
  stop(): number;
  /** Restarts the measurement from now. */
  reset(): void;
}

/** A histogram of durations in seconds. */
export interface Timer extends SeriesLifecycle {
  /**
   * Records a duration; a finite negative one (a clock that stepped back) is dropped, +Infinity counts
   * into `+Inf`. NaN and -Infinity throw a `RangeError`, a non-number an `InvalidValueError`.
   */
  record(seconds: number, exemplarTags?: Record<string, string>): void;
  /** Runs `fn` and records its duration; for a promise, when it settles (either way), returning the same promise. */
  time<T>(fn: () => T): T;
  withTags(...tags: TagsArgument[]): Timer;
  snapshot(): HistogramSnapshot;
  newStopwatch(): Stopwatch;
}

/** Static labels exported as a gauge of 1 whose name ends in `_info` (seed 003's `Info`). */
export interface Info {
  /** Replaces the labels. */
  set(labels: Readonly<Record<string, string>>): void;
  /** The current labels. */
  labels(): Readonly<Record<string, string>>;
}

/** Any metric a registry holds. */
export type Metric = Counter | Gauge | Histogram | Summary | Timer;

/** The registry of a provider: lookup, registration, callbacks and snapshots. */
export interface Registry {
  get(name: string, type: MetricType): Metric | undefined;
  getOrCreate(name: string, type: MetricType, options?: MetricOptions): Metric;
  /** Adds a metric created elsewhere under `name`; throws if the name is taken. */
  register(name: string, metric: Metric, options?: MetricOptions): void;
  unregister(name: string): boolean;
  visit(visitor: (metric: Metric, name: string, type: MetricType) => void): void;
  withTags(...tags: TagsArgument[]): Registry;
  /** Collects every series; async because callbacks may be. */
  snapshot(): Promise<Snapshot>;
  /** A gauge whose value is read from `fn` at each collection (scrape or flush). */
  registerCallback(name: string, fn: () => number | Promise<number>, options?: CallbackOptions): void;
  /**
   * Adds metrics computed elsewhere (another library's registry, observable instruments) to every
   * collection. Returns a function that removes the collector. See {@link MetricCollector}.
   */
  registerCollector(collector: MetricCollector): () => void;
}

/**
 * A source of whole metrics read at each collection (scrape or flush), beside the registry's own:
 * the seam bridges use (`@meterkit/otel-bridge`'s `fromPromClient` and observable instruments).
 * Its metrics get the global tags and the Config's filters; their names are used as given unless
 * `prefixNames`. A metric with a tag meterkit refuses is skipped and reported. A metric whose
 * name is already taken (by the registry or an earlier collector) is skipped and reported to the
 * error handler as a `DuplicateMetricError` naming both; so is a collector that throws, rejects or
 * exceeds the callback timeout, and the rest of the snapshot is still produced. Collectors are read
 * before the registry's own series, so a collector may also record into the registry's metrics.
 */
export interface MetricCollector {
  /** Names the source in error messages, e.g. `prom-client Registry`. */
  readonly name: string;
  /**
   * Prefix the metrics' names with the Config's `namespace_subsystem_`, as the registry's own
   * metrics are (for instruments created through a bridge). Default: names are used as given.
   */
  readonly prefixNames?: boolean;
  /** Tags of each point must be canonical (sorted by key, keys unique). */
  collect(): readonly MetricSnapshot[] | Promise<readonly MetricSnapshot[]>;
}

/** The node:http request listener shape. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The entry point: create metrics, expose or push them, and manage the lifecycle. */
export interface Provider {
  counter(name: string, options?: MetricOptions): Counter;
  gauge(name: string, options?: GaugeOptions): Gauge;
  histogram(name: string, options?: HistogramOptions): Histogram;
  summary(name: string, options?: SummaryOptions): Summary;
  timer(name: string, options?: HistogramOptions): Timer;
  /** An info metric (static labels as a gauge of 1, named `…_info`). */
  info(name: string, options?: MetricOptions): Info;
  registry(): Registry;
  /** The pull handler of the configured pull backend; 404 with an explanation when there is none. */
  handler(): RequestHandler;
  /** Starts periodic flushes and pushes. Idempotent. */
  start(): Promise<void>;
  /** Final collection and export through every exporter, then releases timers and sockets. Idempotent. */
  stop(): Promise<void>;
  withTags(...tags: TagsArgument[]): Provider;
}

export type { Tag };
