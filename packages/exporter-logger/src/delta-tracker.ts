import type { Bucket, CanonicalTags, ExponentialBuckets, SnapshotMetricType } from '@meterkit/core';

/** What was last logged for one series: enough to compute deltas and to tell whether it changed. */
export interface SeriesState {
  /** Counter, gauge or info value. */
  readonly value?: number;
  /** Histogram, timer or summary observation count and sum. */
  readonly count?: number;
  readonly sum?: number;
  /** Cumulative histogram buckets. */
  readonly buckets?: readonly Bucket[];
  /** Exponential buckets of an exponential histogram. */
  readonly exponential?: ExponentialBuckets;
  /** The series' own start time: a different one later means it was removed and re-created. */
  readonly startTime?: number | undefined;
  /** What a "removed" line needs once the series is gone (name, type, unit, tags). */
  readonly identity?: SeriesIdentity;
}

/** Who a series is, as reported. */
export interface SeriesIdentity {
  readonly key: string;
  readonly name: string;
  readonly type: SnapshotMetricType;
  readonly unit: string;
  readonly tags: CanonicalTags;
}

/**
 * Remembers the state each series had at the previous flush, because snapshots are cumulative and
 * the delta temporality, the table's change column and `onlyChanged` all need "since last time".
 *
 * Usage per flush: {@link previous} and {@link remember} for each series, then {@link commit}.
 * Series absent from a flush are forgotten at commit, so memory follows the live series set.
 */
export class DeltaTracker {
  private last = new Map<string, SeriesState>();
  private current = new Map<string, SeriesState>();

  /** The state logged at the previous committed flush, or `undefined` for a new series. */
  previous(key: string): SeriesState | undefined {
    return this.last.get(key);
  }

  /** Records the state of a series in the flush being built. */
  remember(key: string, state: SeriesState): void {
    this.current.set(key, state);
  }

  /**
   * Ends the flush: what was remembered becomes "previous", everything else is dropped. Returns the
   * series the previous flush had and this one has not (removed, cleared or expired), once each.
   */
  commit(): SeriesState[] {
    const gone: SeriesState[] = [];
    for (const [key, state] of this.last) if (!this.current.has(key)) gone.push(state);
    this.last = this.current;
    this.current = new Map();
    return gone;
  }

  /** How many series the previous flush held. */
  get size(): number {
    return this.last.size;
  }
}

/**
 * `current - previous` for a monotonic total. A smaller current value means the series restarted
 * (e.g. the metric was unregistered and created again), so the whole current value is the delta,
 * as Prometheus' `increase()` treats counter resets.
 */
export function monotonicDelta(current: number, previous: number | undefined): number {
  if (previous === undefined || current < previous) return current;
  return current - previous;
}

/**
 * Per-bucket deltas of two cumulative bucket lists. When the previous list does not match (a new
 * series, a reset, other bounds), the current buckets are returned unchanged.
 */
export function bucketDeltas(
  current: readonly Bucket[],
  previous: readonly Bucket[] | undefined,
): readonly Bucket[] {
  if (previous === undefined || previous.length !== current.length) return current;
  const deltas: Bucket[] = [];
  for (let i = 0; i < current.length; i++) {
    const now = current[i]!;
    const before = previous[i]!;
    if (before.upperBound !== now.upperBound || now.count < before.count) return current;
    deltas.push({ upperBound: now.upperBound, count: now.count - before.count });
  }
  return deltas;
}
