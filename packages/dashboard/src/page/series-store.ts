import type { FrameMessage, SeriesDescriptor, SeriesValues, StreamMetricType } from '../stream-protocol.js';
import { HISTOGRAM_QUANTILES, histogramLines, quantileLabel, ratePerSecond } from './series-math.js';
import { createLine, TimeRing } from './time-ring.js';

/** One series as the page keeps it: its identity, its last reading and one ring per drawn line. */
export interface PageSeries {
  readonly key: string;
  readonly family: PageFamily;
  readonly tags: Readonly<Record<string, string>>;
  /** `k=v, k=v`, or `(no tags)`. */
  readonly label: string;
  readonly bounds: readonly (number | null)[] | undefined;
  /** Latest cumulative reading (see `SeriesValues`). */
  reading: SeriesValues | undefined;
  /** One ring per entry of `family.lines`, aligned with the store's {@link TimeRing}. */
  readonly lines: Float32Array[];
}

/** A metric family: one chart. */
export interface PageFamily {
  readonly name: string;
  readonly type: StreamMetricType;
  readonly unit: string;
  readonly description: string;
  /** What each line of a series is: `rate`, `value`, `p50`… */
  readonly lines: readonly string[];
  /** Series in order of arrival. */
  readonly series: PageSeries[];
}

/** What a frame changed, so the page redraws only what it must. */
export interface FrameEffect {
  /** Families created or removed, or series added or removed: charts need rebuilding. */
  readonly structureChanged: boolean;
}

function linesOf(descriptor: SeriesDescriptor): string[] {
  switch (descriptor.type) {
    case 'counter':
      return ['rate'];
    case 'gauge':
    case 'info':
      return ['value'];
    case 'histogram':
    case 'timer':
      return [...HISTOGRAM_QUANTILES.map(quantileLabel), 'rate'];
    case 'summary':
      return (descriptor.quantiles ?? []).map(quantileLabel);
  }
}

function labelOf(tags: Readonly<Record<string, string>>): string {
  const pairs = Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key]}`);
  return pairs.length === 0 ? '(no tags)' : pairs.join(', ');
}

function num(value: number | null | undefined): number {
  return value === null || value === undefined ? Number.NaN : value;
}

/** The values of each line of a series for one frame, from its previous and current readings. */
export function lineValues(
  series: Pick<PageSeries, 'family' | 'bounds'>,
  previous: SeriesValues | undefined,
  current: SeriesValues,
  seconds: number,
): number[] {
  switch (series.family.type) {
    case 'counter':
      return [
        previous === undefined ? Number.NaN : ratePerSecond(num(previous[0]), num(current[0]), seconds),
      ];
    case 'gauge':
    case 'info':
      return [num(current[0])];
    case 'histogram':
    case 'timer':
      return histogramLines(series.bounds ?? [], previous, current, seconds);
    case 'summary':
      return series.family.lines.map((_, i) => num(current[i + 2]));
  }
}

/**
 * Everything the page knows: families, series and their recent lines, for at most `capacity`
 * frames. Applies hello/frame messages from the stream; after a reconnect, series are matched by
 * name and tags, so their history survives and the rate across the gap is the average over it.
 */
export class SeriesStore {
  readonly times: TimeRing;
  readonly families = new Map<string, PageFamily>();
  private readonly byKey = new Map<string, PageSeries>();
  private byId = new Map<number, PageSeries>();
  private reconnected = false;
  /** Series the provider has beyond the stream's limit, as of the latest frame. */
  omitted = 0;

  constructor(capacity: number) {
    this.times = new TimeRing(capacity);
  }

  /** Number of series kept. */
  get seriesCount(): number {
    return this.byKey.size;
  }

  /** A new connection: ids start over and the next frame describes every series again. */
  connected(): void {
    this.byId = new Map();
    this.reconnected = this.byKey.size > 0;
  }

  /** Applies one frame: records its time and the lines of every series at that time. */
  applyFrame(frame: FrameMessage): FrameEffect {
    const previousTime = this.times.latest();
    const seconds = previousTime === undefined ? Number.NaN : (frame.t - previousTime) / 1000;
    let structureChanged = false;
    const readings = new Map<PageSeries, SeriesValues>();
    for (const id of frame.removed) {
      const series = this.byId.get(id);
      if (series) structureChanged = this.forget(series) || structureChanged;
    }
    frame.added.forEach((descriptor, i) => {
      const key = `${descriptor.family}\u0000${labelOf(descriptor.tags)}`;
      let series = this.byKey.get(key);
      if (series === undefined) {
        series = this.create(key, descriptor);
        structureChanged = true;
      }
      this.byId.set(descriptor.id, series);
      readings.set(series, frame.addedValues[i] ?? []);
    });
    for (const [id, ...values] of frame.changed) {
      const series = this.byId.get(id as number);
      if (series) readings.set(series, values);
    }
    if (this.reconnected) {
      // The first frame after a reconnect lists every series that still exists.
      this.reconnected = false;
      for (const series of [...this.byKey.values()])
        if (!readings.has(series)) structureChanged = this.forget(series) || structureChanged;
    }
    this.omitted = frame.omitted;
    // A page that connects between two collections first gets the latest one again: same readings.
    if (seconds <= 0) return { structureChanged };
    const slot = this.times.push(frame.t);
    for (const series of this.byKey.values()) {
      const current = readings.get(series) ?? series.reading;
      if (current === undefined) continue;
      const values = lineValues(series, series.reading, current, seconds);
      for (let line = 0; line < series.lines.length; line++) series.lines[line]![slot] = values[line]!;
      series.reading = current;
    }
    return { structureChanged };
  }

  private create(key: string, descriptor: SeriesDescriptor): PageSeries {
    let family = this.families.get(descriptor.family);
    if (family === undefined) {
      family = {
        name: descriptor.family,
        type: descriptor.type,
        unit: descriptor.unit,
        description: descriptor.description,
        lines: linesOf(descriptor),
        series: [],
      };
      this.families.set(family.name, family);
    }
    const series: PageSeries = {
      key,
      family,
      tags: descriptor.tags,
      label: labelOf(descriptor.tags),
      bounds: descriptor.bounds,
      reading: undefined,
      lines: family.lines.map(() => createLine(this.times.capacity)),
    };
    family.series.push(series);
    this.byKey.set(key, series);
    return series;
  }

  private forget(series: PageSeries): boolean {
    this.byKey.delete(series.key);
    const { family } = series;
    family.series.splice(family.series.indexOf(series), 1);
    if (family.series.length === 0) this.families.delete(family.name);
    return true;
  }
}
