import type {
  CanonicalTags,
  Exporter,
  ExporterContext,
  ExporterFactory,
  MetricSnapshot,
  Snapshot,
} from '@meterkit/core';
import { RemoteWriteClient } from './remote-write-client.js';
import { type ResolvedRemoteWriteSettings, resolveRemoteWriteSettings } from './remote-write-config.js';
import { SendQueue } from './send-queue.js';
import { SnapshotEncoder } from './snapshot-encoder.js';

/** This package's version, sent in the `User-Agent`. Kept in step with package.json by a unit test. */
export const EXPORTER_PROMETHEUS_VERSION = '0.1.0';

/** The exporter's own counters, as they are sent with every snapshot. */
export interface RemoteWriteStats {
  readonly sentSamples: number;
  readonly sentRequests: number;
  readonly retries: number;
  /** By reason: `queue_full`, `rejected` (4xx), `stop_timeout`, `superseded_at_stop`. */
  readonly droppedSamples: {
    readonly queue_full: number;
    readonly rejected: number;
    readonly stop_timeout: number;
    readonly superseded_at_stop: number;
  };
  /** Samples waiting or in flight right now. */
  readonly pendingSamples: number;
}

/** Margin kept from core's export timeout, so `shutdown()` reports its own leftovers first. */
const SHUTDOWN_MARGIN = 0.9;

/**
 * The `'remote-write'` backend: every snapshot (each `interval`, and a last one on `stop()`) is
 * encoded as Prometheus remote write 1.0, queued, and sent by one sender in order. `export()` only
 * encodes and queues, so a slow or absent receiver never holds up the provider; `shutdown()` sends
 * what is left, retrying until core's export timeout is nearly up, then reports what it could not.
 */
export class RemoteWriteExporter implements Exporter {
  readonly name = 'remote-write';
  readonly exportIntervalMs: number;
  private readonly encoder: SnapshotEncoder;
  private readonly client: RemoteWriteClient;
  private readonly queue: SendQueue;
  private readonly startTime: number;
  /** Requests the latest export() queued: what `shutdown()` keeps of a backlog. */
  private lastPushRequests = 0;

  constructor(
    private readonly context: ExporterContext,
    readonly settings: ResolvedRemoteWriteSettings,
  ) {
    this.exportIntervalMs = settings.intervalMs;
    this.startTime = context.clock.now();
    const report = (error: Error) => context.onError(error, 'remote-write');
    this.encoder = new SnapshotEncoder({
      labels: settings.labels,
      maxSamplesPerRequest: settings.maxSamplesPerRequest,
      nativeHistograms: settings.nativeHistograms,
      onConflict: report,
    });
    this.client = new RemoteWriteClient({
      url: settings.url,
      headers: settings.headers,
      bearerToken: settings.bearerToken,
      basicAuth: settings.basicAuth,
      timeoutMs: settings.timeoutMs,
      ca: settings.ca,
      userAgent: `meterkit-exporter-prometheus/${EXPORTER_PROMETHEUS_VERSION}`,
    });
    this.queue = new SendQueue({
      send: (body) => this.client.send(body),
      maxQueuedSamples: settings.maxQueuedSamples,
      minBackoffMs: settings.minBackoffMs,
      maxBackoffMs: settings.maxBackoffMs,
      maxRetryAfterMs: 5 * 60_000,
      shownUrl: this.client.shownUrl,
      onError: report,
    });
  }

  /** Counters of what was sent, retried and dropped. */
  stats(): RemoteWriteStats {
    const counts = this.queue.counts;
    return {
      sentSamples: counts.sentSamples,
      sentRequests: counts.sentRequests,
      retries: counts.retries,
      droppedSamples: {
        queue_full: counts.droppedQueueFull,
        rejected: counts.droppedRejected,
        stop_timeout: counts.droppedAtStop,
        superseded_at_stop: counts.supersededAtStop,
      },
      pendingSamples: this.queue.pendingSamples,
    };
  }

  /** Encodes, compresses and queues the snapshot; resolves before it is sent. */
  async export(snapshot: Snapshot): Promise<void> {
    const requests = this.encoder.encode(snapshot, this.selfMetrics());
    this.lastPushRequests = requests.length;
    this.queue.enqueue(
      requests.map((request) => ({
        body: RemoteWriteClient.compress(request.body),
        samples: request.samples,
      })),
    );
  }

  /**
   * Sends the final snapshot (queued by the provider's last export()) and gives up on what is left at
   * the deadline, reporting it. Older pushes still queued behind a slow receiver are dropped first:
   * the values are cumulative, so the final push carries every total they did.
   */
  async shutdown(): Promise<void> {
    this.queue.dropQueuedExceptLast(this.lastPushRequests);
    await this.queue.flush(Date.now() + this.context.config.exportTimeoutMs * SHUTDOWN_MARGIN);
  }

  /** The exporter's own counters, sent beside the application's metrics. */
  private selfMetrics(): MetricSnapshot[] {
    const tags: CanonicalTags = this.context.config.tags;
    const stats = this.stats();
    const withTag = (key: string, value: string) =>
      [...tags.filter((tag) => tag.key !== key), { key, value }].sort((a, b) => (a.key < b.key ? -1 : 1));
    const counter = (name: string, description: string, points: MetricSnapshot['points']): MetricSnapshot =>
      ({ name, type: 'counter', description, unit: '', startTime: this.startTime, points }) as MetricSnapshot;
    return [
      counter('meterkit_remote_write_samples_total', 'Samples the remote-write receiver accepted', [
        { tags, value: stats.sentSamples },
      ]),
      counter(
        'meterkit_remote_write_dropped_samples_total',
        'Samples dropped by the remote-write exporter, by reason',
        Object.entries(stats.droppedSamples).map(([reason, value]) => ({
          tags: withTag('reason', reason),
          value,
        })),
      ),
    ];
  }
}

/** The entry point `createProvider` loads for `provider: 'remote-write'`. Validates `remoteWrite`. */
export const createRemoteWriteExporter: ExporterFactory = (context: ExporterContext): Exporter =>
  new RemoteWriteExporter(context, resolveRemoteWriteSettings(context.config));
