import type { RequestHandler, Snapshot } from '@meterkit/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { MeterkitMetricProducer } from './meterkit-metric-producer.js';
import type { PrometheusSettings } from './otel-settings.js';

/**
 * meterkit's metrics served in the Prometheus text format by OpenTelemetry's own
 * `PrometheusExporter` (a pull `MetricReader`), for teams whose dashboards follow OpenTelemetry's
 * Prometheus naming (`_total` on monotonic sums, `target_info`, `otel_scope_*` labels). Every
 * scrape collects a fresh snapshot; summaries appear as gauges with a `quantile` label plus
 * `_count` and `_sum` series, because the SDK exporter has no summary type.
 */
export class OtelPrometheusEndpoint {
  private readonly exporter: PrometheusExporter;
  private readonly meterProvider: MeterProvider;

  constructor(
    private readonly settings: PrometheusSettings,
    resource: Resource,
    collect: () => Promise<Snapshot>,
    onError: (error: Error) => void,
  ) {
    const producer = new MeterkitMetricProducer(collect, {
      temporality: 'cumulative',
      summaries: 'gauges',
      // The SDK's Prometheus serializer has no exponential type: explicit buckets instead.
      exponential: 'explicit',
      onError,
    });
    // preventServerStart: the SDK exporter listens in its constructor otherwise; here it listens
    // only when a port is configured, and only once start() is awaited (so a busy port is an error
    // that rejects provider.start()).
    this.exporter = new PrometheusExporter({
      host: settings.host,
      port: settings.port,
      endpoint: settings.endpoint,
      preventServerStart: true,
      metricProducers: [producer],
    });
    this.meterProvider = new MeterProvider({ resource, readers: [this.exporter] });
  }

  /** Starts the standalone server when a port is configured; called by `provider.start()`. */
  async start(): Promise<void> {
    if (this.settings.port !== undefined) await this.exporter.startServer();
  }

  /** A node:http handler serving the same text, for mounting in the application's server. */
  handler(): RequestHandler {
    return (request, response) => this.exporter.getMetricsRequestHandler(request, response);
  }

  /** Closes the server. */
  async shutdown(): Promise<void> {
    await this.meterProvider.shutdown();
  }
}
