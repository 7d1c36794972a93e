import type { RequestHandler, Snapshot } from '@meterkit/core';
import {
  ANY_PATH,
  createScrapeHandler,
  type ExpositionSerializer,
  type ResolvedPrometheusSettings,
  type ScrapeHandler,
  type StandaloneServer,
  startServer,
} from '@meterkit/exporter-prometheus';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { Resource } from '@opentelemetry/resources';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import type { PrometheusSettings } from './otel-settings.js';
import { OtlpRequestBuilder } from './otlp-request-builder.js';
import { PACKAGE_VERSION, SCOPE_NAME } from './version.js';

/** The interface the standalone server listens on unless `opentelemetry.prometheus.host` says otherwise. */
export const DEFAULT_OTEL_PROMETHEUS_HOST = '127.0.0.1';

/**
 * meterkit's metrics served in the Prometheus text format written by OpenTelemetry's own
 * `PrometheusSerializer`, for teams whose dashboards follow OpenTelemetry's Prometheus naming
 * (`_total` on monotonic sums, `target_info`, `otel_scope_*` labels). Summaries appear as gauges
 * with a `quantile` label plus `_count` and `_sum` series, because the SDK has no summary type.
 *
 * The transport is `@meterkit/exporter-prometheus`'s scrape handler and standalone server, so this
 * endpoint has exactly the protections of the Prometheus exporter's, from the same settings
 * (`prometheus.scrapeAuth`, `prometheus.tls` and their `METERKIT_PROMETHEUS_*` variables, the scrape
 * limits): credentials checked before anything else, HTTPS, one collection per burst of scrapes,
 * `maxConcurrentScrapes`, `maxResponseBytes`, `responseTimeout`. The server listens on 127.0.0.1
 * unless `host` is given.
 */
export class OtelPrometheusEndpoint {
  private readonly translator = new OtlpRequestBuilder({
    temporality: 'cumulative',
    summaries: 'gauges',
    // The SDK's Prometheus serializer has no exponential type: explicit buckets instead.
    exponential: 'explicit',
  });
  private readonly serializer = new PrometheusSerializer();
  private mounted: ScrapeHandler | undefined;
  private server: StandaloneServer | undefined;
  private shutDown = false;

  constructor(
    private readonly settings: PrometheusSettings,
    private readonly scrape: ResolvedPrometheusSettings,
    private readonly resource: Resource,
    private readonly collect: () => Promise<Snapshot>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Starts the standalone server when a port is configured; called by `provider.start()`. */
  async start(): Promise<void> {
    if (this.settings.port === undefined || this.server !== undefined || this.shutDown) return;
    this.server = await startServer(this.createHandler(this.settings.endpoint), {
      host: this.settings.host ?? DEFAULT_OTEL_PROMETHEUS_HOST,
      port: this.settings.port,
      tls: this.scrape.tls,
    });
  }

  /** A node:http handler serving the same text on any path, for mounting in the application's server. */
  handler(): RequestHandler {
    this.mounted ??= this.createHandler(ANY_PATH);
    return this.mounted;
  }

  /** Closes the server. */
  async shutdown(): Promise<void> {
    this.shutDown = true;
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  private createHandler(path: string): ScrapeHandler {
    const scrape = this.scrape;
    return createScrapeHandler({
      collect: this.collect,
      path,
      // The SDK's serializer writes text 0.0.4 only.
      openMetrics: false,
      protobuf: false,
      gzip: scrape.gzip,
      auth: scrape.scrapeAuth,
      minCollectionIntervalMs: scrape.minCollectionIntervalMs,
      maxResponseBytes: scrape.maxResponseBytes,
      maxConcurrentScrapes: scrape.maxConcurrentScrapes,
      responseTimeoutMs: scrape.responseTimeoutMs,
      selfMetrics: scrape.selfMetrics,
      serialize: this.serialize,
      onError: (error) => this.onError(error),
    });
  }

  /** Snapshot → OpenTelemetry metric data → the SDK's Prometheus text, in one piece. */
  private readonly serialize: ExpositionSerializer = (snapshot) => {
    const metrics =
      snapshot.metrics.length === 0 ? [] : (this.translator.translate(snapshot) as MetricData[]);
    const scopeMetrics =
      metrics.length === 0 ? [] : [{ scope: { name: SCOPE_NAME, version: PACKAGE_VERSION }, metrics }];
    return [this.serializer.serialize({ resource: this.resource, scopeMetrics })];
  };
}
