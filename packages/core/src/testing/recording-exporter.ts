import type { Exporter } from '../export/exporter.js';
import type { Snapshot } from '../snapshot.js';

/**
 * An exporter that keeps every snapshot it is given: for unit tests of instrumented code
 * (`config.exporters: [recorder]`) and for exercising the fan-out.
 */
export class RecordingExporter implements Exporter {
  readonly snapshots: Snapshot[] = [];
  shutdownCalls = 0;

  constructor(
    readonly name = 'recording',
    readonly exportIntervalMs?: number,
  ) {}

  async export(snapshot: Snapshot): Promise<void> {
    this.snapshots.push(snapshot);
  }

  async shutdown(): Promise<void> {
    this.shutdownCalls++;
  }

  /** The most recent snapshot, or undefined before the first export. */
  last(): Snapshot | undefined {
    return this.snapshots[this.snapshots.length - 1];
  }

  /** The value of one counter/gauge series in the last snapshot (tags given as a record), or undefined. */
  valueOf(name: string, tags: Readonly<Record<string, string>> = {}): number | undefined {
    const metric = this.last()?.metrics.find((m) => m.name === name);
    if (metric === undefined || !('value' in (metric.points[0] ?? {}))) return undefined;
    const wanted = JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : 1)));
    for (const point of metric.points) {
      if (JSON.stringify(point.tags.map((t) => [t.key, t.value])) === wanted)
        return (point as { value: number }).value;
    }
    return undefined;
  }
}
