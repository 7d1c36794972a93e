import type { Provider, Registry, Snapshot } from '@meterkit/core';
import { emptyResource, type Resource } from '@opentelemetry/resources';
import type { CollectionResult, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { Temporality } from './otel-data-points.js';
import { OtlpRequestBuilder, type SummaryMode } from './otlp-request-builder.js';

/**
 * Where a producer reads meterkit's metrics: a provider, a registry, or a function returning a
 * snapshot. A function may return `undefined` when there is nothing new to export.
 */
export type ProducerSnapshotSource =
  | Pick<Provider, 'registry'>
  | Pick<Registry, 'snapshot'>
  | (() => Snapshot | undefined | Promise<Snapshot | undefined>);

/** @deprecated Renamed {@link ProducerSnapshotSource} (`@meterkit/cluster` has a `SnapshotSource` of another shape). */
export type SnapshotSource = ProducerSnapshotSource;

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
  /**
   * Default `native`: exponential histograms as OTLP `ExponentialHistogram` points. `explicit`:
   * as explicit-bucket histograms, for readers without an exponential type (the SDK's Prometheus
   * exporter).
   */
  exponential?: 'native' | 'explicit';
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
  private readonly translator: OtlpRequestBuilder;
  private readonly readSnapshot: () => Promise<Snapshot | undefined>;

  constructor(
    source: ProducerSnapshotSource,
    private readonly options: MeterkitProducerOptions = {},
  ) {
    this.translator = new OtlpRequestBuilder({
      resource: options.resource,
      temporality: options.temporality ?? 'cumulative',
      summaries: options.summaries ?? 'gauges',
      exponential: options.exponential ?? 'native',
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
    // Metrics created through an OpenTelemetry meter (@meterkit/otel-bridge) keep that meter's scope.
    return { resourceMetrics: this.translator.build(snapshot), errors: [] };
  }
}

/**
 * A `MetricProducer` for an application that runs its own OpenTelemetry `MeterProvider`:
 * `new PeriodicExportingMetricReader({ exporter, metricProducers: [createMeterkitProducer(provider)] })`.
 */
export function createMeterkitProducer(
  source: ProducerSnapshotSource,
  options?: MeterkitProducerOptions,
): MeterkitMetricProducer {
  return new MeterkitMetricProducer(source, options);
}

function snapshotReader(source: ProducerSnapshotSource): () => Promise<Snapshot | undefined> {
  if (typeof source === 'function') return async () => source();
  if ('snapshot' in source) return () => source.snapshot();
  return () => source.registry().snapshot();
}
