import { ExportTimeoutError } from '../errors.js';
import type { Snapshot } from '../snapshot.js';
import type { ErrorHandler, Exporter } from './exporter.js';

/**
 * Fans one snapshot out to several exporters. Each runs concurrently under its own timeout; one that
 * throws, rejects or hangs is reported to the error handler and never delays or loses the others.
 * `export()` never rejects.
 */
export class MultiExporter implements Exporter {
  readonly name: string;

  constructor(
    readonly exporters: readonly Exporter[],
    private readonly onError: ErrorHandler,
    private readonly timeoutMs: number,
  ) {
    this.name = `multi(${exporters.map((e) => e.name).join(',')})`;
  }

  async export(snapshot: Snapshot): Promise<void> {
    await Promise.all(
      this.exporters.map((exporter) => this.guard(exporter, 'export', () => exporter.export(snapshot))),
    );
  }

  async shutdown(): Promise<void> {
    await Promise.all(
      this.exporters.map((exporter) => this.guard(exporter, 'shutdown', () => exporter.shutdown())),
    );
  }

  /** Runs one exporter call; resolves when it settles or times out, whichever is first. */
  private guard(exporter: Exporter, what: string, call: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.onError(new ExportTimeoutError(exporter.name, this.timeoutMs), `${exporter.name} ${what}`);
        resolve();
      }, this.timeoutMs);
      timer.unref();
      let pending: Promise<void>;
      try {
        pending = Promise.resolve(call());
      } catch (error) {
        pending = Promise.reject(error);
      }
      pending.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          this.onError(error instanceof Error ? error : new Error(String(error)), `${exporter.name} ${what}`);
          resolve();
        },
      );
    });
  }
}
