import type { Exporter, ExporterContext, RequestHandler, Snapshot } from '@meterkit/core';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { getSharedConfigurationFromEnvironment } from '@opentelemetry/otlp-exporter-base/node-http';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { FailureReportingExporter } from './failure-reporting-exporter.js';
import { MeterkitMetricProducer } from './meterkit-metric-producer.js';
import type { OtelPrometheusEndpoint } from './otel-prometheus-endpoint.js';
import type { OtelSettings } from './otel-settings.js';
import { OtlpExportError } from './otlp-export-error.js';
import { MeterkitOtlpMetricExporter } from './otlp-metric-exporter.js';

/** setInterval's largest delay (~24.8 days): the SDK reader's own timer then never matters. */
const NEVER_MS = 2 ** 31 - 1;
/** The SDK's default OTLP timeout. */
const SDK_DEFAULT_TIMEOUT_MS = 10_000;
/** The reader waits this much longer than the OTLP exporter, so the exporter's error wins. */
const READER_TIMEOUT_MARGIN_MS = 1_000;

/** The SDK objects that push: created at the first export, so nothing runs before it. */
interface OtlpPipeline {
  readonly meterProvider: MeterProvider;
  readonly reader: PeriodicExportingMetricReader;
  readonly url: string;
}

/**
 * meterkit's OpenTelemetry exporter. meterkit decides when to export (`exportIntervalMs`); each
 * `export()` hands the snapshot to a `MeterkitMetricProducer` and calls `forceFlush()` on an SDK
 * `PeriodicExportingMetricReader`, so the SDK collects, serializes (OTLP JSON or protobuf), and
 * sends with its own timeout and retries. Failures reject `export()`, which meterkit reports.
 */
export class OtelExporter implements Exporter {
  readonly name = 'opentelemetry';
  readonly exportIntervalMs: number;
  /** Present when `opentelemetry.prometheus` is configured. */
  readonly handler?: () => RequestHandler;

  private pending: Snapshot | undefined;
  private pipeline: OtlpPipeline | undefined;
  private flushFailures: Error[] | undefined;
  private closed = false;
  private started = false;

  constructor(
    private readonly settings: OtelSettings,
    private readonly context: ExporterContext,
    private readonly resource: Resource,
    private readonly prometheus: OtelPrometheusEndpoint | undefined,
  ) {
    this.exportIntervalMs = settings.push ? settings.exportIntervalMs : 0;
    if (prometheus) this.handler = () => prometheus.handler();
  }

  /**
   * Called by `provider.start()`: opens the `opentelemetry.prometheus` listener when a port is
   * configured (a busy port rejects here). Nothing listens before this; OTLP needs no start, its
   * SDK objects are created at the first export.
   */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    await this.prometheus?.start();
  }

  async export(snapshot: Snapshot): Promise<void> {
    if (!this.settings.push || this.closed) return;
    this.pending = snapshot;
    const pipeline = (this.pipeline ??= this.createPipeline());
    const failures: Error[] = [];
    this.flushFailures = failures;
    try {
      await pipeline.reader.forceFlush();
    } finally {
      if (this.flushFailures === failures) this.flushFailures = undefined;
    }
    const failure = failures[0];
    if (failure) throw new OtlpExportError(pipeline.url, failure);
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // The final export() already ran; shutting the reader down flushes only what is still pending.
    await Promise.all([this.pipeline?.meterProvider.shutdown(), this.prometheus?.shutdown()]);
  }

  private createPipeline(): OtlpPipeline {
    const timeoutMillis = this.otlpTimeoutMs();
    const otlp = new MeterkitOtlpMetricExporter({
      url: this.settings.collectorUrl,
      headers: { ...this.settings.headers },
      protocol: this.settings.protocol,
      compression: compressionAlgorithm(this.settings.compression),
      timeoutMillis,
      // `insecure` with an https:// collector: accept its certificate unverified (self-signed).
      httpAgentOptions: this.settings.insecure ? { keepAlive: true, rejectUnauthorized: false } : undefined,
    });
    const exporter = new FailureReportingExporter(otlp, (error) => this.onExportFailure(error, otlp.url));
    // The snapshot is taken once: a later collection by the reader (its shutdown flush) finds
    // nothing pending instead of sending the same data twice (or zero deltas).
    const producer = new MeterkitMetricProducer(() => this.takePending(), {
      temporality: this.settings.temporality,
      summaries: 'otlp',
    });
    const reader = new PeriodicExportingMetricReader({
      exporter,
      metricProducers: [producer],
      exportIntervalMillis: NEVER_MS,
      exportTimeoutMillis: timeoutMillis + READER_TIMEOUT_MARGIN_MS,
    });
    const meterProvider = new MeterProvider({ resource: this.resource, readers: [reader] });
    return { meterProvider, reader, url: otlp.url };
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

  private takePending(): Snapshot | undefined {
    const snapshot = this.pending;
    this.pending = undefined;
    return snapshot;
  }

  /** During export() the failure rejects it; a straggler after its timeout is reported directly. */
  private onExportFailure(error: Error, url: string): void {
    if (this.flushFailures) this.flushFailures.push(error);
    else this.context.onError(new OtlpExportError(url, error), this.name);
  }
}

/** Undefined leaves the choice to `OTEL_EXPORTER_OTLP_(METRICS_)COMPRESSION` (default none). */
function compressionAlgorithm(compression: OtelSettings['compression']): CompressionAlgorithm | undefined {
  if (compression === undefined) return undefined;
  return compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE;
}
