import type { Exemplar } from '../snapshot.js';
import { exponentialIndex } from './exponential-index.js';

/*
 * Exemplars of exponential buckets are kept with their value, not with a bucket slot: the value says
 * which bucket holds it at any scale, so a scale change (the histogram downscaling, two cluster
 * workers merged at a coarser scale, Prometheus' schema 8) only re-keys them, keeping the latest of
 * the buckets that became one.
 */

/** The zero bucket's key: no finite index doubled (plus one) can equal it. */
const ZERO_BUCKET = Number.POSITIVE_INFINITY;

/**
 * The bucket of `value` at `scale` as one number (positive index `i` → 2i, negative → 2i + 1, zero
 * → +Infinity), or undefined for ±Infinity and NaN, which have no exponential bucket.
 */
function bucketKey(value: number, scale: number): number | undefined {
  if (value > 0 && value !== Number.POSITIVE_INFINITY) return 2 * exponentialIndex(value, scale);
  if (value < 0 && value !== Number.NEGATIVE_INFINITY) return 2 * exponentialIndex(-value, scale) + 1;
  return value === 0 ? ZERO_BUCKET : undefined;
}

/** The latest exemplar of each bucket at `scale`, oldest first (ties: the later in the list wins). */
export function latestExemplarPerBucket(exemplars: readonly Exemplar[], scale: number): Exemplar[] {
  const byBucket = new Map<number, Exemplar>();
  for (const exemplar of exemplars) {
    const key = bucketKey(exemplar.value, scale);
    if (key === undefined) continue;
    const kept = byBucket.get(key);
    if (kept === undefined || exemplar.timestamp >= kept.timestamp) byBucket.set(key, exemplar);
  }
  return [...byBucket.values()].sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * The latest exemplar per exponential bucket of one series, at the scale of the histogram it
 * belongs to. Bounded: a histogram has at most `maxBuckets` buckets per sign plus the zero bucket,
 * and past that (a sampled histogram keeps exemplars of values it did not count) the oldest goes.
 */
export class ExponentialExemplars {
  private byBucket = new Map<number, Exemplar>();
  private scale: number;

  constructor(
    scale: number,
    private readonly maxBuckets: number,
  ) {
    this.scale = scale;
  }

  /** Keeps `exemplar` as the latest of its bucket at `scale` (the histogram's current one). */
  keep(exemplar: Exemplar, scale: number): void {
    if (scale !== this.scale) this.rescale(scale);
    const key = bucketKey(exemplar.value, scale);
    if (key === undefined) return;
    this.byBucket.set(key, exemplar);
    // Only a sampled histogram gets here (see the class comment): a rare linear scan is cheaper than
    // keeping the Map in age order on every observation.
    if (this.byBucket.size > 2 * this.maxBuckets + 1) this.evictOldest();
  }

  private evictOldest(): void {
    let oldestKey: number | undefined;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [key, exemplar] of this.byBucket) {
      if (exemplar.timestamp < oldest) {
        oldest = exemplar.timestamp;
        oldestKey = key;
      }
    }
    if (oldestKey !== undefined) this.byBucket.delete(oldestKey);
  }

  /** The kept exemplars at `scale`, oldest first; undefined when there are none. */
  list(scale: number): Exemplar[] | undefined {
    if (this.byBucket.size === 0) return undefined;
    if (scale !== this.scale) this.rescale(scale);
    return [...this.byBucket.values()].sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Forgets every exemplar (the series restarted) and follows the new histogram's scale. */
  clear(scale: number): void {
    this.byBucket.clear();
    this.scale = scale;
  }

  private rescale(scale: number): void {
    const byBucket = new Map<number, Exemplar>();
    for (const exemplar of latestExemplarPerBucket([...this.byBucket.values()], scale)) {
      byBucket.set(bucketKey(exemplar.value, scale)!, exemplar);
    }
    this.byBucket = byBucket;
    this.scale = scale;
  }
}
