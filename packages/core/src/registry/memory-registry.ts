import { DuplicateMetricError, InvalidMetricOptionsError, MetricTypeConflictError } from '../errors.js';
import { validateBuckets } from '../metrics/buckets.js';
import { CallbackGauge } from '../metrics/callback-gauge.js';
import { CounterFamily } from '../metrics/counter.js';
import type { FamilyDescriptor, MetricFamily, Series } from '../metrics/family.js';
import { GaugeFamily } from '../metrics/gauge.js';
import { HistogramFamily } from '../metrics/histogram.js';
import { InfoMetric } from '../metrics/info.js';
import { SummaryFamily } from '../metrics/summary.js';
import { TimerFamily } from '../metrics/timer.js';
import { fullMetricName, validateMetricName } from '../names.js';
import type { ExponentialLimits, Snapshot } from '../snapshot.js';
import {
  type CanonicalTags,
  canonicalTags,
  EMPTY_TAGS,
  mergeCanonical,
  normalizeTags,
  type TagsArgument,
} from '../tags.js';
import type {
  CallbackOptions,
  Counter,
  Gauge,
  GaugeOptions,
  Histogram,
  HistogramOptions,
  Info,
  Metric,
  MetricCollector,
  MetricOptions,
  MetricType,
  Registry,
  Summary,
  SummaryOptions,
  Timer,
} from '../types.js';
import { reportOverflow } from './cardinality-overflow.js';
import { collectSnapshot } from './collect-snapshot.js';
import { reportDroppedExemplar } from './exemplar-warning.js';
import { checkSameExponential, validateExponentialOptions } from './exponential-options.js';
import { validateCollector } from './metric-collectors.js';
import {
  validateCardinalityLimit,
  validateCommonOptions,
  validateExemplars,
  validateExpireAfter,
  validateLabelNames,
  validateSampleRate,
  validateScope,
  validateSummaryOptions,
} from './metric-options.js';
import { entryType, type FamilyEntry, type MetricStore, type StoreEntry } from './metric-store.js';
import { claimPrometheusName } from './prometheus-name-claims.js';
import { checkNotReserved } from './reserved-names.js';

/**
 * The in-memory registry: get-or-create by name, typed errors on clashes, and snapshots. Views made
 * with `withTags` share the store and add their tags to every metric handle they return.
 */
export class MemoryRegistry implements Registry {
  constructor(
    readonly store: MetricStore,
    readonly baseTags: CanonicalTags = EMPTY_TAGS,
    /** False for the view behind runtime metrics, whose names are prom-client's and never prefixed. */
    private readonly namespaced = true,
  ) {}

  /** A view whose names are used as given: standard names such as `process_cpu_seconds_total`. */
  withoutNamespace(): MemoryRegistry {
    return new MemoryRegistry(this.store, this.baseTags, false);
  }

  counter(name: string, options?: MetricOptions): Counter {
    const family = this.family(name, 'counter', options, (d) => new CounterFamily(d));
    return this.handle(family, options);
  }

  gauge(name: string, options?: GaugeOptions): Gauge {
    const family = this.family(name, 'gauge', options, (d) => new GaugeFamily(d));
    return this.handle(family, options);
  }

  histogram(name: string, options?: HistogramOptions): Histogram {
    const full = this.creatableName(name, options);
    const exponential = validateExponentialOptions(
      full,
      options?.exponential,
      this.store.exponentialHistograms,
    );
    const filtered = this.store.filters.buckets({ name: full, type: 'histogram' });
    const bounds =
      filtered !== undefined
        ? validateBuckets(full, filtered)
        : classicBounds(full, options?.buckets, exponential);
    const sampleRate = validateSampleRate(full, options?.sampleRate);
    const family = this.family(
      name,
      'histogram',
      options,
      (d) => new HistogramFamily({ ...d, bounds, sampleRate, exponential, reservedTagKeys: ['le'] }),
    );
    checkSameBuckets(full, family.descriptor.bounds, bounds, options?.buckets !== undefined);
    checkSameExponential(
      full,
      family.descriptor.exponential,
      exponential,
      options?.exponential !== undefined,
    );
    return this.handle(family, options);
  }

  timer(name: string, options?: HistogramOptions): Timer {
    const full = this.creatableName(name, options);
    const exponential = validateExponentialOptions(
      full,
      options?.exponential,
      this.store.exponentialHistograms,
    );
    const filtered = this.store.filters.buckets({ name: full, type: 'timer' });
    const bounds =
      filtered !== undefined
        ? validateBuckets(full, filtered)
        : classicBounds(full, options?.buckets, exponential);
    const family = this.family(
      name,
      'timer',
      { ...options, unit: 'seconds' },
      (d) =>
        new TimerFamily({
          ...d,
          type: 'timer',
          bounds,
          sampleRate: validateSampleRate(full, options?.sampleRate),
          exponential,
          reservedTagKeys: ['le'],
        }),
    );
    checkSameBuckets(full, family.descriptor.bounds, bounds, options?.buckets !== undefined);
    checkSameExponential(
      full,
      family.descriptor.exponential,
      exponential,
      options?.exponential !== undefined,
    );
    return this.handle(family, options);
  }

  summary(name: string, options?: SummaryOptions): Summary {
    const full = this.creatableName(name, options);
    const summaryOptions = validateSummaryOptions(full, options);
    const family = this.family(
      name,
      'summary',
      options,
      (d) => new SummaryFamily({ ...d, ...summaryOptions, reservedTagKeys: ['quantile'] }),
    );
    return this.handle(family, options);
  }

  info(name: string, options?: MetricOptions): Info {
    // Validated before `endsWith`, so `info(42)` is an InvalidMetricNameError, not a JS-internal one.
    validateMetricName(name);
    const full = this.creatableName(name.endsWith('_info') ? name : `${name}_info`, options);
    const existing = this.store.entries.get(full);
    if (existing !== undefined) {
      if (existing.kind !== 'info') throw new MetricTypeConflictError(full, entryType(existing), 'info');
      return existing.info;
    }
    claimPrometheusName(this.store, full, 'info', '');
    const identity = { name: full, type: 'info' } as const;
    const info = new InfoMetric(
      full,
      options?.description ?? '',
      this.store.clock.now(),
      this.tagsFor(options),
      this.store.filters.tagMapper(identity),
    );
    if (!this.store.filters.accepts(identity)) return info;
    this.store.entries.set(full, { kind: 'info', info });
    return info;
  }

  get(name: string, type: MetricType): Metric | undefined {
    const entry = this.store.entries.get(this.fullName(name));
    if (entry === undefined || entry.kind !== type) return undefined;
    return entry.family.seriesFor(this.baseTags) as unknown as Metric;
  }

  getOrCreate(name: string, type: MetricType, options?: MetricOptions): Metric {
    switch (type) {
      case 'counter':
        return this.counter(name, options);
      case 'gauge':
        return this.gauge(name, options);
      case 'histogram':
        return this.histogram(name, options);
      case 'summary':
        return this.summary(name, options);
      case 'timer':
        return this.timer(name, options);
      default:
        throw new InvalidMetricOptionsError(
          this.fullName(name),
          'type',
          type,
          'is not a metric type: use counter, gauge, histogram, summary or timer',
        );
    }
  }

  register(name: string, metric: Metric, _options?: MetricOptions): void {
    const full = this.creatableName(name, _options);
    const family = familyOf(metric);
    if (family === undefined) {
      throw new InvalidMetricOptionsError(
        full,
        'metric',
        metric,
        'must be a metric created by a meterkit provider',
      );
    }
    const existing = this.store.entries.get(full);
    if (existing !== undefined) throw new DuplicateMetricError(full, `as a ${entryType(existing)}`);
    this.store.entries.set(full, { kind: family.type, family } as FamilyEntry);
  }

  unregister(name: string): boolean {
    return this.store.entries.delete(this.fullName(name));
  }

  visit(visitor: (metric: Metric, name: string, type: MetricType) => void): void {
    for (const [name, entry] of [...this.store.entries]) {
      if (entry.kind === 'callback' || entry.kind === 'info') continue;
      visitor(entry.family.seriesFor(this.baseTags) as unknown as Metric, name, entry.kind);
    }
  }

  withTags(...tags: TagsArgument[]): MemoryRegistry {
    return new MemoryRegistry(this.store, canonicalTags(this.baseTags, tags), this.namespaced);
  }

  snapshot(): Promise<Snapshot> {
    return collectSnapshot(this.store);
  }

  registerCallback(name: string, fn: () => number | Promise<number>, options?: CallbackOptions): void {
    const full = this.creatableName(name, options);
    if (typeof fn !== 'function')
      throw new InvalidMetricOptionsError(full, 'callback', fn, 'must be a function returning a number');
    const identity = { name: full, type: 'callback' } as const;
    // A denied callback is never called: its value would be computed for nobody.
    if (!this.store.filters.accepts(identity)) return;
    const mapTags = this.store.filters.tagMapper(identity);
    const ownTags = this.tagsFor(options);
    const tags = mapTags === undefined ? ownTags : canonicalTags(EMPTY_TAGS, [mapTags(ownTags)]);
    const gauge = new CallbackGauge(
      full,
      options?.description ?? '',
      options?.unit ?? '',
      tags,
      this.store.clock.now(),
      fn,
      options?.monotonic === true,
    );
    const existing = this.store.entries.get(full);
    if (existing === undefined) {
      claimPrometheusName(this.store, full, gauge.monotonic ? 'counter' : 'gauge', gauge.unit);
      this.store.entries.set(full, { kind: 'callback', gauges: [gauge] });
      return;
    }
    if (existing.kind !== 'callback')
      throw new MetricTypeConflictError(full, entryType(existing), 'callback gauge');
    if (existing.gauges[0]?.monotonic !== gauge.monotonic) {
      throw new MetricTypeConflictError(
        full,
        existing.gauges[0]?.monotonic ? 'monotonic callback' : 'callback gauge',
        gauge.monotonic ? 'monotonic callback' : 'callback gauge',
      );
    }
    const key = JSON.stringify(tags);
    if (existing.gauges.some((g) => JSON.stringify(g.tags) === key)) {
      throw new DuplicateMetricError(full, `a callback with tags ${key} exists`);
    }
    existing.gauges.push(gauge);
  }

  /**
   * The full name for a metric about to be created or registered, after checking the options every
   * kind shares and that the name is not meterkit's own (see {@link checkNotReserved}). Names the
   * built-in view creates are recorded as meterkit's.
   */
  private creatableName(name: string, options: unknown): string {
    const full = this.fullName(name);
    validateCommonOptions(full, options);
    if (this.namespaced) checkNotReserved(this.store, full);
    else this.store.builtInNames.add(full);
    if (this.namespaced) this.rememberNameParts(full, name);
    return full;
  }

  registerCollector(collector: MetricCollector): () => void {
    validateCollector(collector);
    this.store.collectors.add(collector);
    return () => {
      this.store.collectors.delete(collector);
    };
  }

  /** The full name for a name given by the caller, validated. */
  fullName(name: string): string {
    validateMetricName(name);
    const full = this.namespaced ? fullMetricName(this.store.namespace, this.store.subsystem, name) : name;
    if (this.store.filters.isEmpty) return full;
    const renamed = this.store.filters.rename(full);
    // A filter's rename is user code too: its result must still be a name every backend accepts.
    if (renamed !== full) validateMetricName(renamed, `name a filter renamed "${full}" to`);
    return renamed;
  }

  /** Records how a prefixed name was built, once per name (see `MetricSnapshot.nameParts`). */
  private rememberNameParts(full: string, name: string): void {
    const { namespace, subsystem } = this.store;
    // Nothing to record without a prefix, or when a filter renamed the prefixed name.
    if (full === name || full !== fullMetricName(namespace, subsystem, name)) return;
    if (this.store.nameParts.has(full)) return;
    this.store.nameParts.set(full, {
      ...(namespace ? { namespace } : {}),
      ...(subsystem ? { subsystem } : {}),
      name,
    });
  }

  private family<F extends MetricFamily<Series>>(
    name: string,
    kind: FamilyEntry['kind'],
    options: MetricOptions | undefined,
    create: (descriptor: FamilyDescriptor) => F,
  ): F {
    const full = this.creatableName(name, options);
    const existing: StoreEntry | undefined = this.store.entries.get(full);
    if (existing !== undefined) {
      if (existing.kind !== kind) throw new MetricTypeConflictError(full, entryType(existing), kind);
      return existing.family as unknown as F;
    }
    claimPrometheusName(this.store, full, kind, options?.unit ?? '');
    const identity = { name: full, type: kind } as const;
    const family = create({
      name: full,
      type: kind,
      description: options?.description ?? '',
      unit: options?.unit ?? '',
      labelNames: validateLabelNames(full, options?.labelNames),
      clock: this.store.clock,
      cardinalityLimit:
        validateCardinalityLimit(full, options?.cardinalityLimit) ?? this.store.cardinalityLimit,
      expireAfterMs: validateExpireAfter(full, options?.expireAfter) ?? this.store.seriesExpiryMs,
      exemplars: validateExemplars(full, options?.exemplars) ?? this.store.exemplars,
      onExemplarDropped: (metric, length) => reportDroppedExemplar(this.store, metric, length),
      onOverflow: (overflowing, tags) => reportOverflow(this.store, overflowing, tags),
      mapTags: this.store.filters.tagMapper(identity),
      observationReservoir: this.store.observationReservoir,
      scope: validateScope(full, options?.scope),
      upDownCounter: kind === 'gauge' && (options as GaugeOptions | undefined)?.upDownCounter === true,
    });
    const hidden = !this.store.filters.accepts(identity);
    this.store.entries.set(full, { kind, family, hidden } as unknown as FamilyEntry);
    return family;
  }

  /** The series a create call returns: the view's tags plus the options' tags. */
  private handle<S extends Series, T>(family: MetricFamily<S>, options: MetricOptions | undefined): T {
    const tags = this.tagsFor(options);
    if (tags.length === 0 && family.descriptor.labelNames === undefined) family.rootRequested = true;
    const series = family.seriesFor(family.filtered(tags));
    family.markBaseHandle(series);
    return series as unknown as T;
  }

  private tagsFor(options: MetricOptions | undefined): CanonicalTags {
    return options?.tags === undefined
      ? this.baseTags
      : mergeCanonical(this.baseTags, normalizeTags(options.tags));
  }
}

function familyOf(metric: Metric): MetricFamily<Series> | undefined {
  if (typeof metric !== 'object' || metric === null) return undefined;
  const family = (metric as unknown as { family?: unknown }).family;
  return family !== null && typeof family === 'object' && 'descriptor' in family
    ? (family as MetricFamily<Series>)
    : undefined;
}

/** No classic bounds (only the `+Inf` bucket): an exponential histogram given no `buckets`. */
const NO_BOUNDS: readonly number[] = Object.freeze([]);

/** The classic bounds: the given or default ones, none for an exponential-only histogram. */
function classicBounds(
  name: string,
  buckets: readonly number[] | undefined,
  exponential: ExponentialLimits | undefined,
): readonly number[] {
  return buckets === undefined && exponential !== undefined ? NO_BOUNDS : validateBuckets(name, buckets);
}

function checkSameBuckets(
  name: string,
  existing: readonly number[],
  requested: readonly number[],
  explicit: boolean,
) {
  if (!explicit || existing === requested) return;
  if (existing.length !== requested.length || existing.some((bound, i) => bound !== requested[i])) {
    throw new InvalidMetricOptionsError(
      name,
      'buckets',
      requested,
      `differ from the buckets it was created with [${existing.join(', ')}]`,
    );
  }
}
