import type { CanonicalTags, Exemplar, ValuePoint } from '@meterkit/core';
import { tagsKey } from '@meterkit/core/exporter-kit';
import type { FamilyMerge, MergedPoints } from './family-merge.js';
import type { GaugeAggregation } from './gauge-aggregation.js';
import { withTag } from './series-key.js';
import { latestExemplar } from './wire-exemplars.js';

interface SummedPoint {
  readonly tags: CanonicalTags;
  value: number;
  /** How many workers contributed (for `average`). */
  workers: number;
  /**
   * The latest of the contributors' own start times: a series re-created in one worker (removed or
   * expired there, then recorded again) gives the merged series a new start time too.
   */
  startTime: number | undefined;
  /** The latest of the contributors' exemplars (counters with exemplars on). */
  exemplar: Exemplar | undefined;
}

interface Contribution {
  readonly worker: string;
  readonly points: readonly ValuePoint[];
}

function perWorkerPoints(contributions: readonly Contribution[], workerTag: string): ValuePoint[] {
  const points: ValuePoint[] = [];
  for (const { worker, points: own } of contributions) {
    for (const point of own) points.push({ ...point, tags: withTag(point.tags, workerTag, worker) });
  }
  return points;
}

/** Combines two workers' values by a policy; `min`/`max` skip NaN unless every value is NaN. */
function combine(policy: GaugeAggregation, current: number, next: number): number {
  switch (policy) {
    case 'min':
      return next < current || Number.isNaN(current) ? next : current;
    case 'max':
      return next > current || Number.isNaN(current) ? next : current;
    default:
      return current + next;
  }
}

/**
 * Counters (and monotonic callback metrics) are summed per series; gauges follow their policy.
 * Summing is exact for counters: each worker's value is its own cumulative count.
 */
export class ValueFamily implements FamilyMerge {
  private readonly series = new Map<string, SummedPoint>();
  private readonly contributions: Contribution[] = [];

  constructor(
    private readonly policy: GaugeAggregation,
    private readonly workerTag: string,
  ) {}

  add(worker: string, points: readonly ValuePoint[]): void {
    if (this.policy === 'perWorker') {
      this.contributions.push({ worker, points });
      return;
    }
    for (const point of points) {
      const key = tagsKey(point.tags);
      const existing = this.series.get(key);
      if (existing === undefined) {
        this.series.set(key, {
          tags: point.tags,
          value: point.value,
          workers: 1,
          startTime: point.startTime,
          exemplar: point.exemplar,
        });
      } else {
        existing.value = combine(this.policy, existing.value, point.value);
        existing.workers++;
        existing.exemplar = latestExemplar(existing.exemplar, point.exemplar);
        if (point.startTime !== undefined && !(point.startTime <= (existing.startTime ?? -1)))
          existing.startTime = point.startTime;
      }
    }
  }

  finish(): MergedPoints {
    if (this.policy === 'perWorker') return perWorkerPoints(this.contributions, this.workerTag);
    const points: ValuePoint[] = [];
    const average = this.policy === 'average';
    for (const { tags, value, workers, startTime, exemplar } of this.series.values()) {
      const merged = average ? value / workers : value;
      const point = startTime === undefined ? { tags, value: merged } : { tags, value: merged, startTime };
      points.push(exemplar === undefined ? point : { ...point, exemplar });
    }
    return points;
  }
}

/**
 * Info metrics (static labels, value 1). When every worker reports the same label sets (the usual
 * case: same build, same version) they appear once; when workers differ (a rolling deploy), each
 * worker's label sets are kept with the worker tag, so one can see which worker runs what.
 */
export class InfoFamily implements FamilyMerge {
  private readonly contributions: Contribution[] = [];

  constructor(private readonly workerTag: string) {}

  add(worker: string, points: readonly ValuePoint[]): void {
    this.contributions.push({ worker, points });
  }

  finish(): MergedPoints {
    const keysByWorker = new Map<string, Set<string>>();
    const union = new Map<string, ValuePoint>();
    for (const { worker, points } of this.contributions) {
      let keys = keysByWorker.get(worker);
      if (keys === undefined) {
        keys = new Set();
        keysByWorker.set(worker, keys);
      }
      for (const point of points) {
        const key = tagsKey(point.tags);
        keys.add(key);
        if (!union.has(key)) union.set(key, { tags: point.tags, value: point.value });
      }
    }
    const agree = [...keysByWorker.values()].every(
      (keys) => keys.size === union.size && [...union.keys()].every((key) => keys.has(key)),
    );
    return agree ? [...union.values()] : perWorkerPoints(this.contributions, this.workerTag);
  }
}
