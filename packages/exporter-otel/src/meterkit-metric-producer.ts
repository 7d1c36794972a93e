import type { Provider, Registry, Snapshot } from '@meterkit/core';
import { emptyResource, type Resource } from '@opentelemetry/resources';
import type { CollectionResult, MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Temporality } from './otel-data-points.js';
import { SnapshotTranslator, type SummaryMode } from './snapshot-to-otel.js';
import { PACKAGE_VERSION, SCOPE_NAME } from './version.js';

/**
 * Where a producer reads meterkit's metrics: a provider, a registry, or a function returning a
 * snapshot. A function may return `undefined` when there is nothing new to export.
 */
export type SnapshotSource =
  | Pick<Provider, 'registry'>
  | Pick<Registry, 'snapshot'>
  | (() => Snapshot | undefined | Promise<Snapshot | undefined>);

/** Options of {@link createMeterkitProducer}. */
export interface MeterkitProducerOptions {
  /**
   * Temporality of counters and histograms. Default `cumulative`. With `delta`, attach the
   * producer to ONE reader: it remembers what it last reported, and a second reader would
   * receive only what the first one left.
   */
  temporality?: Temporality;
  /**
   * Default `gauges`: the SDK's own exporters (OTLP, Prometheus, console) cannot serialize OTLP
   * summaries. Use `otlp` with a {@link MeterkitOtlpMetricExporter}.
   */
  summaries?: SummaryMode;
  /** Called when reading the source fails (the collection then reports no meterkit metrics). */
  onError?: (error: Error) => void;
  /**
   * The resource returned with the metrics. SDK readers replace it with their MeterProvider's
   * resource, so it only matters to code calling `collect()` directly. Default: empty.
   */
  resource?: Resource;
}

/**
 * An OpenTelemetry SDK `MetricProducer` serving meterkit's metrics. Give it to a
 * `PeriodicExportingMetricReader` (or any `MetricReader`) as `metricProducers: [producer]`; the
 * reader merges its output with the SDK's own instruments under one scope named
 * `@meterkit/exporter-otel`. Nothing of OpenTelemetry runs when meterkit records a value: the
 * translation happens at collection time, from a snapshot.
 */
export class MeterkitMetricProducer implements MetricProducer {
  private readonly translator: SnapshotTranslator;
  private readonly readSnapshot: () => Promise<Snapshot | undefined>;

  constructor(
    source: SnapshotSource,
    private readonly options: MeterkitProducerOptions = {},
  ) {
    this.translator = new SnapshotTranslator({
      temporality: options.temporality ?? 'cumulative',
      summaries: options.summaries ?? 'gauges',
    });
    this.readSnapshot = snapshotReader(source);
  }

  async collect(): Promise<CollectionResult> {
    const resource = this.options.resource ?? emptyResource();
    let snapshot: Snapshot | undefined;
    try {
      snapshot = await this.readSnapshot();
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.options.onError?.(error);
      return { resourceMetrics: { resource, scopeMetrics: [] }, errors: [error] };
    }
    // An empty batch is no batch: the periodic reader skips exports with no scopes.
    if (snapshot === undefined || snapshot.metrics.length === 0) {
      return { resourceMetrics: { resource, scopeMetrics: [] }, errors: [] };
    }
    // Summaries ride in the SDK's list under a marker type (see summary-metric-data.ts). Metrics
    // created through an OpenTelemetry meter (@meterkit/otel-bridge) keep that meter's scope.
    const scopeMetrics = this.translator.translateByScope(snapshot).map(({ scope, metrics }) => ({
      scope: scope ?? { name: SCOPE_NAME, version: PACKAGE_VERSION },
      metrics: metrics as MetricData[],
    }));
    return { resourceMetrics: { resource, scopeMetrics }, errors: [] };
  }
}

/**
 * A `MetricProducer` for an application that runs its own OpenTelemetry `MeterProvider`:
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [createMeterkitProducer(provider)] })`.
 */
export function createMeterkitProducer(
  source: SnapshotSource,
  options?: MeterkitProducerOptions,
): MeterkitMetricProducer {
  return new MeterkitMetricProducer(source, options);
}

function snapshotReader(source: SnapshotSource): () => Promise<Snapshot | undefined> {
  if (typeof source === 'function') return async () => source();
  if ('snapshot' in source) return () => source.snapshot();
  return () => source.registry().snapshot();
}
