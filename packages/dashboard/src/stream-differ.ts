import { type SeriesEntry, sameValues } from './series-state.js';
import type { FrameMessage, SeriesDescriptor } from './stream-protocol.js';

interface KnownSeries {
  readonly id: number;
  entry: SeriesEntry;
}

/**
 * Turns successive collections into frames that carry only what changed. It remembers the last
 * values of each series (nothing older: the server keeps no history), gives every series a short
 * id, and can describe its whole current state for a page that connects later.
 */
export class StreamDiffer {
  private readonly known = new Map<string, KnownSeries>();
  private nextId = 1;
  private lastTime: number | undefined;
  private lastOmitted = 0;

  /** Number of series currently known. */
  get size(): number {
    return this.known.size;
  }

  /** Applies a collection and returns what changed since the previous one. */
  update(t: number, entries: ReadonlyMap<string, SeriesEntry>, omitted: number): FrameMessage {
    const added: SeriesDescriptor[] = [];
    const addedValues: SeriesEntry['values'][] = [];
    const changed: (number | null)[][] = [];
    const removed: number[] = [];
    for (const [key, series] of this.known) {
      if (!entries.has(key)) {
        removed.push(series.id);
        this.known.delete(key);
      }
    }
    for (const [key, entry] of entries) {
      const series = this.known.get(key);
      if (series === undefined) {
        const id = this.nextId++;
        this.known.set(key, { id, entry });
        added.push({ id, ...entry.descriptor });
        addedValues.push(entry.values);
      } else if (!sameValues(series.entry.values, entry.values)) {
        series.entry = entry;
        changed.push([series.id, ...entry.values]);
      }
    }
    this.lastTime = t;
    this.lastOmitted = omitted;
    return { t, added, addedValues, changed, removed, omitted };
  }

  /** Everything known, as one frame a newly connected page starts from; undefined before any update. */
  fullFrame(): FrameMessage | undefined {
    if (this.lastTime === undefined) return undefined;
    const added: SeriesDescriptor[] = [];
    const addedValues: SeriesEntry['values'][] = [];
    for (const { id, entry } of this.known.values()) {
      added.push({ id, ...entry.descriptor });
      addedValues.push(entry.values);
    }
    return { t: this.lastTime, added, addedValues, changed: [], removed: [], omitted: this.lastOmitted };
  }

  /** Forgets everything (when the last page disconnects). */
  reset(): void {
    this.known.clear();
    this.lastTime = undefined;
    this.lastOmitted = 0;
  }
}
