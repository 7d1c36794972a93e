import type { Exporter, ExporterContext, RequestHandler, Snapshot } from '@meterkit/core';
import { ExportResultCode } from '@opentelemetry/core';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { getSharedConfigurationFromEnvironment } from '@opentelemetry/otlp-exporter-base/node-http';
import type { Resource } from '@opentelemetry/resources';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { OtelPrometheusEndpoint } from './otel-prometheus-endpoint.js';
import type { OtelSettings } from './otel-settings.js';
import { OtlpExportError } from './otlp-export-error.js';
import { MeterkitOtlpMetricExporter } from './otlp-metric-exporter.js';
import { OtlpRequestBuilder } from './otlp-request-builder.js';

/** The SDK's default OTLP timeout. */
const SDK_DEFAULT_TIMEOUT_MS = 10_000;

/**
 * meterkit's OpenTelemetry exporter. meterkit decides when to export (`exportIntervalMs`); each
 * `export()` builds the OTLP request data once from the snapshot ({@link OtlpRequestBuilder}) and
 * hands it straight to the SDK's OTLP/HTTP exporter, which encodes it (OTLP JSON or protobuf) and
 * sends it with its own timeout, retries and gzip. No SDK `MeterProvider` or reader sits between.
 * Failures reject `export()`, which meterkit reports.
 */
export class OtelExporter implements Exporter {
  readonly name = 'opentelemetry';
  readonly exportIntervalMs: number;
  /** Present when `opentelemetry.prometheus` is configured. */
  readonly handler?: () => RequestHandler;

  private readonly requests: OtlpRequestBuilder;
  /** Created at the first export, so nothing of the SDK runs before it. */
  private otlp: MeterkitOtlpMetricExporter | undefined;
  private closed = false;
  private started = false;

  constructor(
    private readonly settings: OtelSettings,
    private readonly context: ExporterContext,
    resource: Resource,
    private readonly prometheus: OtelPrometheusEndpoint | undefined,
  ) {
    this.exportIntervalMs = settings.push ? settings.exportIntervalMs : 0;
    if (prometheus) this.handler = () => prometheus.handler();
    this.requests = new OtlpRequestBuilder({
      resource,
      temporality: settings.temporality,
      summaries: 'otlp',
    });
  }

  /**
   * Called by `provider.start()`: opens the `opentelemetry.prometheus` listener when a port is
   * configured (a busy port rejects here). Nothing listens before this; OTLP needs no start, its
   * SDK exporter is created at the first export.
   */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    await this.prometheus?.start();
  }

  async export(snapshot: Snapshot): Promise<void> {
    if (!this.settings.push || this.closed) return;
    const request = this.requests.build(snapshot);
    // An empty batch is no batch, as the SDK's periodic reader skips exports with no scopes.
    if (request.scopeMetrics.length === 0) return;
    const otlp = (this.otlp ??= this.createOtlpExporter());
    await send(otlp, request);
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The final export() already ran; the SDK exporter waits for requests still in flight.
    await Promise.all([this.otlp?.shutdown(), this.prometheus?.shutdown()]);
  }

  private createOtlpExporter(): MeterkitOtlpMetricExporter {
    return new MeterkitOtlpMetricExporter({
      url: this.settings.collectorUrl,
      headers: { ...this.settings.headers },
      protocol: this.settings.protocol,
      compression: compressionAlgorithm(this.settings.compression),
      timeoutMillis: this.otlpTimeoutMs(),
      // `insecure` with an https:// collector: accept its certificate unverified (self-signed).
      httpAgentOptions: this.settings.insecure ? { keepAlive: true, rejectUnauthorized: false } : undefined,
    });
  }

  /**
   * The OTLP timeout: the option, else `OTEL_EXPORTER_OTLP_(METRICS_)TIMEOUT`, else the SDK's 10 s
   * trimmed below meterkit's `exportTimeout`, so the SDK reports its own timeout (naming the URL)
   * before meterkit gives up on the export.
   */
  private otlpTimeoutMs(): number {
    if (this.settings.timeoutMs !== undefined) return this.settings.timeoutMs;
    const fromEnv = getSharedConfigurationFromEnvironment('METRICS').timeoutMillis;
    if (fromEnv !== undefined) return fromEnv;
    return Math.max(
      1,
      Math.min(SDK_DEFAULT_TIMEOUT_MS, Math.floor(this.context.config.exportTimeoutMs * 0.9)),
    );
  }
}

/** One request through the SDK exporter; its failure (after the SDK's retries) rejects. */
function send(otlp: MeterkitOtlpMetricExporter, request: ResourceMetrics): Promise<void> {
  return new Promise((resolve, reject) => {
    otlp.export(request, (result) => {
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else
        reject(
          new OtlpExportError(otlp.url, result.error ?? new Error('OTLP export failed without an error')),
        );
    });
  });
}

/** Undefined leaves the choice to `OTEL_EXPORTER_OTLP_(METRICS_)COMPRESSION` (default none). */
function compressionAlgorithm(compression: OtelSettings['compression']): CompressionAlgorithm | undefined {
  if (compression === undefined) return undefined;
  return compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
}
