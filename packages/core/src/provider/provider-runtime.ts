import type { ResolvedConfig } from '../config/resolved-config.js';
import type { Exporter } from '../export/exporter.js';
import { FlushScheduler } from '../export/flush-scheduler.js';
import { MultiExporter } from '../export/multi-exporter.js';
import { collectSnapshot } from '../registry/collect-snapshot.js';
import type { MetricStore } from '../registry/metric-store.js';
import type { Snapshot } from '../snapshot.js';
import type { RequestHandler } from '../types.js';
import { noPullBackendHandler } from './no-pull-backend-handler.js';

/**
 * The lifecycle shared by a provider and its `withTags` views: one store, the exporters, and a
 * flush schedule per distinct export interval (exporters with the same interval share one snapshot).
 */
export class ProviderRuntime {
  private readonly schedulers: FlushScheduler[] = [];
  private state: 'new' | 'started' | 'stopped' = 'new';
  private stopping: Promise<void> | undefined;
  private readonly all: MultiExporter;

  constructor(
    readonly store: MetricStore,
    readonly exporters: readonly Exporter[],
    private readonly config: ResolvedConfig,
    /** Releases live collectors (event-loop monitor, GC observer) after the final flush. */
    private readonly disposers: ReadonlyArray<() => void> = [],
  ) {
    this.all = new MultiExporter(exporters, config.onError, config.exportTimeoutMs);
  }

  collect(): Promise<Snapshot> {
    return collectSnapshot(this.store);
  }

  handler(): RequestHandler {
    for (const exporter of this.exporters) if (exporter.handler) return exporter.handler();
    return noPullBackendHandler(this.config.providers);
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'started';
    try {
      for (const exporter of this.exporters) await exporter.start?.();
    } catch (error) {
      // A listener that could not open (a busy port): let the application fix it and call start() again.
      this.state = 'new';
      throw error;
    }
    const groups = new Map<number, Exporter[]>();
    for (const exporter of this.exporters) {
      const interval = exporter.exportIntervalMs ?? this.config.flushIntervalMs;
      if (interval === 0) continue;
      groups.set(interval, [...(groups.get(interval) ?? []), exporter]);
    }
    for (const [interval, group] of groups) {
      const fanOut = new MultiExporter(group, this.config.onError, this.config.exportTimeoutMs);
      const drain = group.some((exporter) => (exporter.observationReservoir ?? 0) > 0);
      const scheduler = new FlushScheduler(interval, () => this.flushTo(fanOut, drain));
      this.schedulers.push(scheduler);
      scheduler.start();
    }
  }

  /** Final collection and export through every exporter, then shutdown. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    this.state = 'stopped';
    // Exporters' own timers are unref()ed so they never keep an application alive, but a graceful
    // stop must finish (final push, retries, socket close) even when nothing else holds the event
    // loop: this one ref'd timer does, until the last exporter has shut down.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      await this.finalFlushAndShutdown();
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async finalFlushAndShutdown(): Promise<void> {
    await Promise.all(this.schedulers.map((scheduler) => scheduler.stop()));
    if (this.exporters.length > 0) {
      await this.flushTo(
        this.all,
        this.exporters.some((exporter) => (exporter.observationReservoir ?? 0) > 0),
      );
      await this.all.shutdown();
    }
    for (const dispose of this.disposers) dispose();
  }

  /** Collects one snapshot and fans it out; never rejects. */
  private async flushTo(target: MultiExporter, drainObservations: boolean): Promise<void> {
    let snapshot: Snapshot;
    try {
      snapshot = await collectSnapshot(this.store, { drainObservations });
    } catch (error) {
      this.config.onError(error instanceof Error ? error : new Error(String(error)), 'collect');
      return;
    }
    await target.export(snapshot);
  }
}
