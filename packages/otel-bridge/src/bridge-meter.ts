import {
  type GaugeOptions,
  type HistogramOptions,
  type InstrumentationScope,
  InvalidMetricOptionsError,
  type Provider,
  type Tag,
  validateMetricName,
} from '@meterkit/core';
import {
  type BatchObservableCallback,
  type Counter,
  createNoopMeter,
  diag,
  type Gauge,
  type Histogram,
  type Meter,
  type MetricOptions,
  type Observable,
  type ObservableCounter,
  type ObservableGauge,
  type ObservableUpDownCounter,
  type UpDownCounter,
  ValueType,
} from '@opentelemetry/api';
import { AttributeSeriesCache } from './attribute-series-cache.js';
import { isValidInstrumentName } from './instrument-names.js';
import { BridgeObservable, type ObservableCallbacks, type ObservableKind } from './observable-instruments.js';
import { meterkitUnit } from './otel-units.js';
import { BridgeCounter, BridgeGauge, BridgeHistogram, BridgeUpDownCounter } from './sync-instruments.js';

/**
 * The SDK's default explicit bucket boundaries, used when an instrument gives no
 * `advice.explicitBucketBoundaries` (OpenTelemetry instruments are often in milliseconds, so
 * meterkit's seconds-based defaults would put everything in the last bucket).
 * @see https://opentelemetry.io/docs/specs/otel/metrics/sdk/#explicit-bucket-histogram-aggregation
 */
export const OTEL_DEFAULT_BOUNDARIES: readonly number[] = Object.freeze([
  0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
]);

/** Stands in for an instrument the bridge could not create: the API never throws. */
const NOOP_METER = createNoopMeter();

/**
 * An OpenTelemetry `Meter` whose instruments are meterkit metrics. Synchronous instruments are
 * meterkit metrics of the provider (Counter → counter, UpDownCounter → gauge marked
 * `upDownCounter`, Gauge → gauge, Histogram → histogram); observable ones are read at each
 * collection through a core collector. Whatever cannot be created (an invalid name, a name taken
 * by another type) is reported through `diag.error` and answered with a no-op instrument.
 */
export class BridgeMeter implements Meter {
  constructor(
    private readonly provider: Provider,
    private readonly scope: InstrumentationScope,
    /** `otel_scope_name`/`otel_scope_version` tags when asked for, else empty. */
    private readonly scopeTags: readonly Tag[],
    private readonly observables: ObservableCallbacks,
  ) {}

  createCounter(name: string, options?: MetricOptions): Counter {
    return this.create(
      name,
      'Counter',
      (m) => m.createCounter(name),
      () => {
        const counter = this.provider.counter(name, this.metricOptions(options));
        return new BridgeCounter(new AttributeSeriesCache(counter, name), name, isInteger(options));
      },
    );
  }

  createUpDownCounter(name: string, options?: MetricOptions): UpDownCounter {
    return this.create(
      name,
      'UpDownCounter',
      (m) => m.createUpDownCounter(name),
      () => {
        const gaugeOptions: GaugeOptions = { ...this.metricOptions(options), upDownCounter: true };
        const gauge = this.provider.gauge(name, gaugeOptions);
        return new BridgeUpDownCounter(new AttributeSeriesCache(gauge, name), name, isInteger(options));
      },
    );
  }

  createGauge(name: string, options?: MetricOptions): Gauge {
    return this.create(
      name,
      'Gauge',
      (m) => m.createGauge(name),
      () => {
        const gauge = this.provider.gauge(name, this.metricOptions(options));
        return new BridgeGauge(new AttributeSeriesCache(gauge, name), name, isInteger(options));
      },
    );
  }

  createHistogram(name: string, options?: MetricOptions): Histogram {
    return this.create(
      name,
      'Histogram',
      (m) => m.createHistogram(name),
      () => {
        const histogram = this.histogram(name, options);
        return new BridgeHistogram(new AttributeSeriesCache(histogram, name), name, isInteger(options));
      },
    );
  }

  createObservableCounter(name: string, options?: MetricOptions): ObservableCounter {
    return this.observable(name, 'ObservableCounter', options, (m) => m.createObservableCounter(name));
  }

  createObservableUpDownCounter(name: string, options?: MetricOptions): ObservableUpDownCounter {
    return this.observable(name, 'ObservableUpDownCounter', options, (m) =>
      m.createObservableUpDownCounter(name),
    );
  }

  createObservableGauge(name: string, options?: MetricOptions): ObservableGauge {
    return this.observable(name, 'ObservableGauge', options, (m) => m.createObservableGauge(name));
  }

  addBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this.observables.addBatch(callback, observables);
  }

  removeBatchObservableCallback(callback: BatchObservableCallback, observables: Observable[]): void {
    this.observables.removeBatch(callback, observables);
  }

  /** A histogram with the advised boundaries, else the SDK's defaults. */
  private histogram(name: string, options: MetricOptions | undefined) {
    const advised = options?.advice?.explicitBucketBoundaries;
    const histogramOptions: HistogramOptions = {
      ...this.metricOptions(options),
      buckets: advised ?? OTEL_DEFAULT_BOUNDARIES,
    };
    try {
      return this.provider.histogram(name, histogramOptions);
    } catch (error) {
      if (!(error instanceof InvalidMetricOptionsError)) throw error;
      // Unusable advice, or a histogram of this name that already has other buckets: the advice is
      // only advice, so the histogram is used with the buckets it has (or the defaults).
      diag.warn(`meterkit: advice of histogram ${name} ignored: ${error.message}`);
      const existing = {
        ...histogramOptions,
        buckets: advised === undefined ? undefined : OTEL_DEFAULT_BOUNDARIES,
      };
      try {
        return this.provider.histogram(name, existing);
      } catch {
        return this.provider.histogram(name, { ...histogramOptions, buckets: undefined });
      }
    }
  }

  private observable<T>(
    name: string,
    kind: ObservableKind,
    options: MetricOptions | undefined,
    noop: (meter: Meter) => T,
  ): T {
    return this.create(name, kind, noop, () => {
      validateMetricName(name);
      let metric = this.observables.metrics.find((m) => m.metricName === name);
      if (metric !== undefined && metric.kind !== kind) {
        throw new TypeError(`${name} is already an ${metric.kind}; it cannot also be an ${kind}`);
      }
      if (metric === undefined) {
        metric = {
          kind,
          instrumentName: name,
          metricName: name,
          description: options?.description ?? '',
          unit: meterkitUnit(options?.unit) ?? '',
          scope: this.scope,
          integer: isInteger(options),
          startTime: Date.now(),
          baseTags: this.scopeTags,
        };
        this.observables.metrics.push(metric);
      }
      return new BridgeObservable(metric, this.observables) as T;
    });
  }

  private create<T>(name: string, kind: string, noop: (meter: Meter) => T, build: () => T): T {
    if (!isValidInstrumentName(name)) {
      diag.error(
        `Invalid instrument name ${JSON.stringify(name)}: it must match ^[A-Za-z][A-Za-z0-9_./-]{0,254}$; ` +
          `a no-op ${kind} was returned`,
      );
      return noop(NOOP_METER);
    }
    try {
      return build();
    } catch (error) {
      diag.error(
        `meterkit: cannot create ${kind} ${name}: ${(error as Error).message}; a no-op was returned`,
      );
      return noop(NOOP_METER);
    }
  }

  private metricOptions(options: MetricOptions | undefined) {
    return {
      description: options?.description,
      unit: meterkitUnit(options?.unit),
      scope: this.scope,
      ...(this.scopeTags.length > 0 && { tags: this.scopeTags }),
    };
  }
}

function isInteger(options: MetricOptions | undefined): boolean {
  return options?.valueType === ValueType.INT;
}
