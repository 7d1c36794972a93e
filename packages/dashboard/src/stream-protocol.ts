/**
 * What the server sends to the page over the event stream. Shared by the server (src/) and the page
 * (src/page/), so both sides agree on one shape. Every message is one server-sent event whose data
 * is JSON; numbers that JSON cannot carry (NaN, ±Infinity) travel as `null` and draw as a gap.
 */

/** The kinds of metric the page draws; `info` draws like a gauge (its value is always 1). */
export type StreamMetricType = 'counter' | 'gauge' | 'info' | 'histogram' | 'timer' | 'summary';

/** First event of every connection: how the page should set itself up. */
export interface HelloMessage {
  /** Milliseconds between two frames. */
  readonly intervalMs: number;
  /** Longest window the page keeps, in milliseconds (60 minutes). */
  readonly historyMs: number;
  /** Most series drawn in one chart; more are listed in a note. */
  readonly maxSeriesPerChart: number;
  /** True for the noop provider: the page says that nothing is recorded. */
  readonly noop: boolean;
}

/** A series the page has not seen on this connection. Sent once, with its first values. */
export interface SeriesDescriptor {
  /** Short id used by later frames; valid for this connection only. */
  readonly id: number;
  /** Full metric name: the family the series belongs to. */
  readonly family: string;
  readonly type: StreamMetricType;
  readonly unit: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Histograms and timers: the buckets' upper bounds (the last is `null`, meaning +Inf). */
  readonly bounds?: readonly (number | null)[];
  /** Summaries: the configured quantiles, in the order of their values. */
  readonly quantiles?: readonly number[];
}

/**
 * The cumulative numbers of one series at one instant, as a flat array:
 * counter, gauge, info: `[value]`; histogram, timer: `[count, sum, ...cumulativeBucketCounts]`;
 * summary: `[count, sum, ...quantileValues]`.
 */
export type SeriesValues = readonly (number | null)[];

/**
 * One collection. Only series whose values changed since the previous frame are listed; every other
 * series still has its previous values at `t` (a counter that did not move has a rate of 0).
 */
export interface FrameMessage {
  /** Wall-clock milliseconds of the collection (the snapshot's timestamp). */
  readonly t: number;
  /** Series new to this connection, with their values at `t`. */
  readonly added: readonly SeriesDescriptor[];
  /** `[id, ...values]` for every known series whose values changed. */
  readonly changed: readonly (readonly (number | null)[])[];
  /** Ids of series that no longer exist. */
  readonly removed: readonly number[];
  /** Values of the series in `added`, in the same order. */
  readonly addedValues: readonly SeriesValues[];
  /** Series left out because the provider has more than `maxSeries`. */
  readonly omitted: number;
}

/** A collection failed: the page keeps its data and shows the reason until the next frame. */
export interface ProblemMessage {
  readonly message: string;
}

/** Server-sent event names. */
export const STREAM_EVENTS = { hello: 'hello', frame: 'frame', problem: 'problem' } as const;
