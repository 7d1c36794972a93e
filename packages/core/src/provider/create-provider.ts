import type { Config } from '../config/config.js';
import { checkExporter } from '../config/config-checks.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { validateConfig } from '../config/validate-config.js';
import type { Exporter, ExporterContext, ExporterFactory } from '../export/exporter.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import { registerOpenTelemetryRuntimeMetrics } from '../runtime/opentelemetry-runtime-metrics.js';
import { registerRuntimeMetrics } from '../runtime/runtime-metrics.js';
import { registerSystemMetrics } from '../runtime/system-metrics.js';
import type { Provider } from '../types.js';
import { loadExporterFactory } from './load-exporter.js';
import { MeterkitProvider } from './meterkit-provider.js';
import { NoopProvider } from './noop-provider.js';
import { ProviderRuntime } from './provider-runtime.js';

/**
 * Builds a provider from a {@link Config}: validates it (a `ConfigError` per bad field), loads the
 * exporter package of each named backend, and wires them to one in-memory store. `enabled: false`
 * or `provider: 'noop'` gives the {@link NoopProvider}. Call `start()` to begin periodic pushes and
 * `stop()` for the final flush.
 */
export async function createProvider(config: Config): Promise<Provider> {
  const resolved = validateConfig(config);
  if (!resolved.enabled || (resolved.providers.length === 1 && resolved.providers[0] === 'noop')) {
    return new NoopProvider();
  }
  const store = createMetricStore({
    namespace: resolved.namespace,
    subsystem: resolved.subsystem,
    globalTags: resolved.tags,
    clock: resolved.clock,
    callbackTimeoutMs: resolved.callbackTimeoutMs,
    cardinalityLimit: resolved.cardinalityLimit,
    seriesExpiryMs: resolved.seriesExpiryMs,
    exponentialHistograms: resolved.exponentialHistograms,
    exemplars: resolved.exemplars,
    filters: resolved.filters,
    onError: resolved.onError,
  });
  const registry = new MemoryRegistry(store);
  const context: ExporterContext = {
    config: resolved,
    collect: () => registry.snapshot(),
    onError: resolved.onError,
    clock: resolved.clock,
  };
  const exporters = await createExporters(resolved, context);
  // Exporters that compute percentiles from raw samples ask for a per-series reservoir.
  store.observationReservoir = Math.max(
    0,
    ...exporters.map((exporter) => exporter.observationReservoir ?? 0),
  );
  const disposers: Array<() => void> = [];
  // Standard names (prom-client's), never prefixed by the namespace, so dashboards work unchanged.
  if (resolved.enableRuntimeMetrics) {
    const register =
      resolved.runtimeMetricsNaming === 'opentelemetry'
        ? registerOpenTelemetryRuntimeMetrics
        : registerRuntimeMetrics;
    disposers.push(register(registry.withoutNamespace()));
  }
  if (resolved.enableSystemMetrics) registerSystemMetrics(registry.withoutNamespace());
  return new MeterkitProvider(new ProviderRuntime(store, exporters, resolved, disposers), registry);
}

/** What a factory returned, checked like an exporter given in the Config. */
function checked(exporter: unknown, field: string): Exporter {
  checkExporter(exporter, field);
  return exporter;
}

async function createExporters(config: ResolvedConfig, context: ExporterContext): Promise<Exporter[]> {
  const factories: Array<[string, ExporterFactory]> = [];
  for (const name of config.providers) {
    if (name === 'memory' || name === 'noop') continue;
    factories.push([name, await loadExporterFactory(name)]);
  }
  const exporters: Exporter[] = [];
  try {
    for (const [name, factory] of factories) {
      exporters.push(checked(await factory(context), `the ${name} exporter`));
    }
    for (const [i, extra] of config.exporters.entries()) {
      exporters.push(
        typeof extra === 'function' ? checked(await extra(context), `exporters[${i}]()`) : extra,
      );
    }
  } catch (error) {
    // One backend refused its config: release the sockets of those already created, then report.
    await Promise.allSettled(exporters.map((exporter) => exporter.shutdown()));
    throw error;
  }
  return exporters;
}
