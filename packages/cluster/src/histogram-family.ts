import type {
  Bucket,
  CanonicalTags,
  Exemplar,
  ExponentialBuckets,
  ExponentialLimits,
  HistogramPoint,
} from '@meterkit/core';
import { DEFAULT_EXPONENTIAL_LIMITS } from '@meterkit/core';
import { mergeExponentialBuckets, tagsKey } from '@meterkit/core/exporter-kit';
import { MergeConflictError } from './cluster-errors.js';
import type { FamilyMerge, MergedPoints } from './family-merge.js';
import { withTag } from './series-key.js';
import { latestExemplar } from './wire-exemplars.js';

interface SummedHistogram {
  readonly tags: CanonicalTags;
  count: number;
  sum: number;
  min: number | undefined;
  max: number | undefined;
  /** Cumulative count per bound of the family's bounds. */
  readonly counts: number[];
  /** The latest exemplar per bucket over the workers (histograms with exemplars on). */
  readonly exemplars: (Exemplar | undefined)[];
  /** Exponential buckets merged so far; `null` once a worker sent the series without them. */
  exponential: ExponentialBuckets | null | undefined;
}

interface Contribution {
  readonly worker: string;
  readonly points: readonly HistogramPoint[];
}

function sameBounds(buckets: readonly Bucket[], bounds: readonly number[]): boolean {
  if (buckets.length !== bounds.length) return false;
  for (let i = 0; i < bounds.length; i++) if (buckets[i]!.upperBound !== bounds[i]) return false;
  return true;
}

function lower(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined || a <= b ? a : b;
}

function higher(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined || a >= b ? a : b;
}

function describeBounds(bounds: readonly number[]): string {
  return `[${bounds.map((b) => (b === Number.POSITIVE_INFINITY ? '+Inf' : String(b))).join(', ')}]`;
}

/**
 * Histograms and timers: counts, sums and every cumulative bucket are added, min and max kept, which
 * is exact when every worker uses the same bounds. Workers with other bounds (a deploy that changed
 * them, half rolled out) cannot be added bucket by bucket: the whole metric is then exported once
 * per worker, with the worker tag, and the disagreement is reported. Exponential buckets are merged
 * exactly (core's `mergeExponentialBuckets`: both at the smaller scale, added, then lowered until
 * each sign fits `maxBuckets`), which is what one histogram fed every worker's observations holds.
 */
export class HistogramFamily implements FamilyMerge {
  private readonly series = new Map<string, SummedHistogram>();
  private readonly contributions: Contribution[] = [];
  private bounds: readonly number[] | undefined;
  private boundsWorker = '';
  private mismatch: { worker: string; bounds: readonly number[] } | undefined;

  constructor(
    private readonly metricName: string,
    private readonly workerTag: string,
    /** The histogram's exponential limits, when it has them. */
    private readonly limits: ExponentialLimits = DEFAULT_EXPONENTIAL_LIMITS,
  ) {}

  add(worker: string, points: readonly HistogramPoint[]): void {
    this.contributions.push({ worker, points });
    if (this.mismatch !== undefined) return;
    for (const point of points) {
      if (this.bounds === undefined) {
        this.bounds = point.buckets.map((bucket) => bucket.upperBound);
        this.boundsWorker = worker;
      } else if (!sameBounds(point.buckets, this.bounds)) {
        this.mismatch = { worker, bounds: point.buckets.map((bucket) => bucket.upperBound) };
        return;
      }
      this.accumulate(point);
    }
  }

  private accumulate(point: HistogramPoint): void {
    const key = tagsKey(point.tags);
    const existing = this.series.get(key);
    if (existing === undefined) {
      this.series.set(key, {
        tags: point.tags,
        count: point.count,
        sum: point.sum,
        min: point.min,
        max: point.max,
        counts: point.buckets.map((bucket) => bucket.count),
        exemplars: point.buckets.map((bucket) => bucket.exemplar),
        exponential: point.exponential,
      });
      return;
    }
    existing.exponential = this.mergedExponential(existing.exponential, point.exponential);
    existing.count += point.count;
    existing.sum += point.sum;
    existing.min = lower(existing.min, point.min);
    existing.max = higher(existing.max, point.max);
    const { counts } = existing;
    const { buckets } = point;
    const { exemplars } = existing;
    for (let i = 0; i < counts.length; i++) {
      counts[i]! += buckets[i]!.count;
      exemplars[i] = latestExemplar(exemplars[i], buckets[i]!.exemplar);
    }
  }

  /** Both sides' exponential buckets merged; a series that has them in one worker only keeps none. */
  private mergedExponential(
    merged: ExponentialBuckets | null | undefined,
    added: ExponentialBuckets | undefined,
  ): ExponentialBuckets | null | undefined {
    if (merged === undefined && added === undefined) return undefined;
    if (merged === undefined || merged === null || added === undefined) return null;
    return mergeExponentialBuckets(merged, added, this.limits.maxBuckets);
  }

  finish(conflicts: MergeConflictError[]): MergedPoints {
    if (this.mismatch !== undefined) return this.perWorker(conflicts);
    const bounds = this.bounds ?? [];
    const points: HistogramPoint[] = [];
    for (const { tags, count, sum, min, max, counts, exemplars, exponential } of this.series.values()) {
      const buckets = bounds.map((upperBound, i): Bucket => {
        const exemplar = exemplars[i];
        return exemplar === undefined
          ? { upperBound, count: counts[i]! }
          : { upperBound, count: counts[i]!, exemplar };
      });
      const point: HistogramPoint = { tags, count, sum, min, max, buckets };
      points.push(exponential ? { ...point, exponential } : point);
    }
    return points;
  }

  private perWorker(conflicts: MergeConflictError[]): MergedPoints {
    const mismatch = this.mismatch!;
    conflicts.push(
      new MergeConflictError(
        this.metricName,
        'buckets',
        [this.boundsWorker, mismatch.worker],
        `bucket bounds differ (worker ${this.boundsWorker}: ${describeBounds(this.bounds ?? [])}, ` +
          `worker ${mismatch.worker}: ${describeBounds(mismatch.bounds)}); ` +
          `exported once per worker with tag "${this.workerTag}"`,
      ),
    );
    const points: HistogramPoint[] = [];
    for (const { worker, points: own } of this.contributions) {
      for (const point of own) points.push({ ...point, tags: withTag(point.tags, this.workerTag, worker) });
    }
    return points;
  }
}
