import type { CanonicalTags, HistogramPoint, SummaryPoint } from '@meterkit/core';
import { tagsKey } from '@meterkit/core';
import type { SeriesLine, StatsdLineFormatter } from './statsd-line-formatter.js';

/** What was sent last for a series: a counter's cumulative value, or a distribution's point. */
export type LastSent = number | HistogramPoint | SummaryPoint;

/** One live series: its formatted line halves and the exporter's "last sent" state. */
export interface SeriesEntry {
  readonly line: SeriesLine;
  last: LastSent | undefined;
  /** The flush that last saw the series; older entries are swept. */
  seen: number;
  /** The series' own start time when last seen: a new one means the series was re-created. */
  startTime: number | undefined;
}

/**
 * Every series the exporter has seen, by metric name and tag set: its formatted name (built and
 * sanitized once, not at every flush) and what was sent for it last. Core builds new tag arrays for
 * each snapshot, so series are found by a string key of their tags, in one map per metric name.
 * Series absent from a snapshot are forgotten at the end of that flush: a series that comes back
 * starts over (a counter sends its whole value again, which is right if it was re-created).
 */
export class SeriesCatalog {
  private readonly byName = new Map<string, Map<string, SeriesEntry>>();
  private flush = 0;

  constructor(private readonly formatter: StatsdLineFormatter) {}

  /** Starts a flush: entries not looked up before {@link endFlush} will be swept. */
  beginFlush(): void {
    this.flush++;
  }

  /**
   * The entry of one series, created on first sight. A `startTime` other than the one seen before
   * means the series was removed (or expired) and re-created between flushes: what was sent for
   * the old series is forgotten, so a counter sends its new value from zero.
   */
  entry(name: string, tags: CanonicalTags, startTime?: number): SeriesEntry {
    let byTags = this.byName.get(name);
    if (byTags === undefined) {
      byTags = new Map();
      this.byName.set(name, byTags);
    }
    const key = tagsKey(tags);
    let entry = byTags.get(key);
    if (entry === undefined) {
      entry = { line: this.formatter.series(name, tags), last: undefined, seen: this.flush, startTime };
      byTags.set(key, entry);
    } else if (startTime !== entry.startTime) {
      entry.last = undefined;
      entry.startTime = startTime;
    }
    entry.seen = this.flush;
    return entry;
  }

  /** Forgets the series (and metric names) the current flush did not see. */
  endFlush(): void {
    for (const [name, byTags] of this.byName) {
      for (const [key, entry] of byTags) if (entry.seen !== this.flush) byTags.delete(key);
      if (byTags.size === 0) this.byName.delete(name);
    }
  }

  /** How many series are remembered. */
  get size(): number {
    let size = 0;
    for (const byTags of this.byName.values()) size += byTags.size;
    return size;
  }
}
