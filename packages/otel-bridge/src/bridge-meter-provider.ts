import type { InstrumentationScope, Provider, Tag } from '@meterkit/core';
import type { Meter, MeterOptions, MeterProvider } from '@opentelemetry/api';
import { BridgeMeter } from './bridge-meter.js';
import { ObservableCallbacks } from './observable-instruments.js';

/** Options of {@link createMeterProvider}. */
export interface MeterProviderBridgeOptions {
  /**
   * Also tag every series with `otel_scope_name` (and `otel_scope_version` when the meter has a
   * version), as OpenTelemetry's Prometheus compatibility rules do, for backends that cannot carry
   * an instrumentation scope (Prometheus, StatsD, logs). OTLP always gets the scope itself.
   * Default `false`.
   */
  scopeTags?: boolean;
}

/**
 * An OpenTelemetry `MeterProvider` recording into a meterkit provider. Meters are cached per name
 * and version, as the SDK does. Observable instruments of all its meters are read through one
 * collector, registered with the provider's registry when the first observable is created.
 */
export class BridgeMeterProvider implements MeterProvider {
  private readonly meters = new Map<string, BridgeMeter>();
  private readonly observables = new ObservableCallbacks();
  private removeCollector: (() => void) | undefined;

  constructor(
    private readonly provider: Provider,
    private readonly options: MeterProviderBridgeOptions = {},
  ) {}

  getMeter(name: string, version?: string, _options?: MeterOptions): Meter {
    const scopeName = typeof name === 'string' && name.length > 0 ? name : 'unknown';
    const scopeVersion = typeof version === 'string' && version.length > 0 ? version : undefined;
    const key = `${scopeName}\u0000${scopeVersion ?? ''}`;
    let meter = this.meters.get(key);
    if (meter === undefined) {
      const scope: InstrumentationScope =
        scopeVersion === undefined ? { name: scopeName } : { name: scopeName, version: scopeVersion };
      this.ensureCollector();
      meter = new BridgeMeter(this.provider, scope, this.scopeTagsOf(scope), this.observables);
      this.meters.set(key, meter);
    }
    return meter;
  }

  /** Stops reading this provider's observable instruments (their metrics leave later snapshots). */
  shutdown(): void {
    this.removeCollector?.();
    this.removeCollector = undefined;
  }

  private ensureCollector(): void {
    if (this.removeCollector !== undefined) return;
    const observables = this.observables;
    this.removeCollector = this.provider.registry().registerCollector({
      name: 'OpenTelemetry observable instruments',
      prefixNames: true,
      collect: () => observables.collect(),
    });
  }

  private scopeTagsOf(scope: InstrumentationScope): Tag[] {
    if (this.options.scopeTags !== true) return [];
    const tags: Tag[] = [{ key: 'otel_scope_name', value: scope.name }];
    if (scope.version !== undefined) tags.push({ key: 'otel_scope_version', value: scope.version });
    return tags;
  }
}

/**
 * An OpenTelemetry `MeterProvider` whose instruments record into `provider`: give it to
 * `metrics.setGlobalMeterProvider(...)` and code written against `@opentelemetry/api` (libraries,
 * auto-instrumentations) records through meterkit, to every backend meterkit exports to.
 */
export function createMeterProvider(
  provider: Provider,
  options?: MeterProviderBridgeOptions,
): BridgeMeterProvider {
  return new BridgeMeterProvider(provider, options);
}
