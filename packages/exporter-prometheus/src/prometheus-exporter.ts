import type { Exporter, ExporterContext, ExporterFactory, Snapshot } from '@meterkit/core';
import { type ResolvedPrometheusSettings, resolvePrometheusSettings } from './prometheus-config.js';
import { PushgatewayClient } from './pushgateway-client.js';
import { createScrapeHandler, type ScrapeHandler } from './scrape-handler.js';

/**
 * The Prometheus backend: a pull handler that collects a fresh snapshot per scrape, and, when
 * `prometheus.pushGateway` is configured, a push of every snapshot to the Pushgateway.
 *
 * Lifecycle: nothing listens and no timer runs until asked. The provider calls `export()` every
 * `exportIntervalMs` (the push interval; 0, i.e. never, for a pull-only setup) and once more on
 * `stop()` (the final push); `shutdown()` then deletes the group when `deleteOnStop` is set.
 */
export class PrometheusExporter implements Exporter {
  readonly name = 'prometheus';
  readonly exportIntervalMs: number;
  /** Set when a Pushgateway is configured. */
  readonly pushgateway: PushgatewayClient | undefined;
  private readonly scrapeHandler: ScrapeHandler;
  /** The Config's `exportTimeout`: a push still going on after it is abandoned. */
  private readonly exportTimeoutMs: number;

  constructor(
    context: ExporterContext,
    readonly settings: ResolvedPrometheusSettings,
  ) {
    const push = settings.push;
    this.exportTimeoutMs = context.config.exportTimeoutMs;
    this.exportIntervalMs = push?.intervalMs ?? 0;
    this.pushgateway =
      push === undefined
        ? undefined
        : new PushgatewayClient({
            url: push.url,
            job: push.job,
            groupings: push.groupings,
            auth: push.auth,
            headers: push.headers,
            timeoutMs: push.timeoutMs,
            retries: push.retries,
          });
    // One handler for every handler() call, so concurrent scrapes share one collection.
    const handler = createScrapeHandler({
      collect: () => context.collect(),
      path: settings.path,
      openMetrics: settings.openMetrics,
      utf8Names: settings.utf8Names,
      createdTimestamps: settings.createdTimestamps,
      gzip: settings.gzip,
      onError: context.onError,
      auth: settings.scrapeAuth,
      minCollectionIntervalMs: settings.minCollectionIntervalMs,
      maxResponseBytes: settings.maxResponseBytes,
      maxConcurrentScrapes: settings.maxConcurrentScrapes,
      responseTimeoutMs: settings.responseTimeoutMs,
      selfMetrics: settings.selfMetrics,
      selfMetricTags: context.config.tags,
      now: () => context.clock.monotonic(),
    });
    // startServer(provider) reaches the Config's TLS through the handler the provider hands out.
    this.scrapeHandler =
      settings.tls === undefined ? handler : Object.assign(handler, { serverTls: settings.tls });
  }

  /**
   * Pushes the snapshot to the Pushgateway (PUT: it replaces the group); a no-op for pull only. A
   * push (with its retries) still going on at `exportTimeout` is abandoned, its request aborted:
   * core has reported the timeout by then, and a stale push retrying on could land after the next,
   * newer one. A newer push also supersedes an older one still retrying (see `PushgatewayClient`).
   */
  async export(snapshot: Snapshot): Promise<void> {
    if (this.pushgateway === undefined) return;
    const deadline = AbortSignal.timeout(this.exportTimeoutMs);
    try {
      await this.pushgateway.push(snapshot, { signal: deadline });
    } catch (error) {
      // Already reported by core as an ExportTimeoutError: one failure, one report.
      if (deadline.aborted) return;
      throw error;
    }
  }

  /** The node:http pull handler; see `createScrapeHandler`. */
  handler(): ScrapeHandler {
    return this.scrapeHandler;
  }

  /** Deletes the pushed group when `deleteOnStop` is set; the final push already happened in `export()`. */
  async shutdown(): Promise<void> {
    if (this.pushgateway !== undefined && this.settings.push?.deleteOnStop) await this.pushgateway.delete();
  }
}

/** The entry point `createProvider` loads for `provider: 'prometheus'`. Validates the `prometheus` section. */
export const createExporter: ExporterFactory = (context: ExporterContext): Exporter =>
  new PrometheusExporter(context, resolvePrometheusSettings(context.config));
