import type { CanonicalTags, QuantileValue, SummaryPoint } from '@meterkit/core';
import { RelativeErrorSketch, tagsKey } from '@meterkit/core/exporter-kit';
import { MergeConflictError } from './cluster-errors.js';
import type { FamilyMerge, MergedPoints } from './family-merge.js';

interface MergedSummary {
  readonly tags: CanonicalTags;
  count: number;
  sum: number;
  /** The union of every worker's window, merged bucket by bucket (exact). */
  sketch: RelativeErrorSketch | undefined;
  /** The quantiles configured in the first worker that reported any. */
  levels: readonly number[] | undefined;
  /** Quantiles of a worker that sent no sketch (an older @meterkit/core): usable only alone. */
  sketchless: readonly QuantileValue[] | undefined;
  sketchlessWorkers: string[] | undefined;
}

/**
 * Summaries: count and sum are added; quantiles are recomputed from the union of the workers'
 * sliding-window sketches. Sketch buckets add exactly, so a merged quantile is the one a single
 * process would report had it seen every observation (within the sketch's 1% relative error), which
 * averaging the workers' quantiles (prom-client) is not. A point with neither sketch nor quantiles
 * (a worker's retained totals) adds count and sum only.
 */
export class SummaryFamily implements FamilyMerge {
  private readonly series = new Map<string, MergedSummary>();
  private readonly accuracyConflicts = new Set<string>();

  constructor(private readonly metricName: string) {}

  add(worker: string, points: readonly SummaryPoint[]): void {
    for (const point of points) {
      const key = tagsKey(point.tags);
      let merged = this.series.get(key);
      if (merged === undefined) {
        merged = {
          tags: point.tags,
          count: 0,
          sum: 0,
          sketch: undefined,
          levels: undefined,
          sketchless: undefined,
          sketchlessWorkers: undefined,
        };
        this.series.set(key, merged);
      }
      merged.count += point.count;
      merged.sum += point.sum;
      if (merged.levels === undefined && point.quantiles.length > 0) {
        merged.levels = point.quantiles.map((q) => q.quantile);
      }
      if (point.sketch !== undefined)
        this.mergeSketch(worker, merged, RelativeErrorSketch.fromData(point.sketch));
      else if (point.quantiles.length > 0) {
        merged.sketchless = point.quantiles;
        (merged.sketchlessWorkers ??= []).push(worker);
      }
    }
  }

  private mergeSketch(worker: string, merged: MergedSummary, sketch: RelativeErrorSketch): void {
    if (merged.sketch === undefined) {
      merged.sketch = sketch;
    } else if (merged.sketch.gamma === sketch.gamma) {
      merged.sketch.merge(sketch);
    } else {
      this.accuracyConflicts.add(worker);
    }
  }

  finish(conflicts: MergeConflictError[]): MergedPoints {
    const sketchlessWorkers = new Set<string>();
    const points: SummaryPoint[] = [];
    for (const merged of this.series.values()) {
      const levels = merged.levels ?? [];
      let quantiles: readonly QuantileValue[];
      const soleSketchless = merged.sketch === undefined && merged.sketchlessWorkers?.length === 1;
      if (soleSketchless) {
        quantiles = merged.sketchless ?? [];
      } else {
        const sketch = merged.sketch;
        quantiles = levels.map((quantile) => ({ quantile, value: sketch?.quantile(quantile) ?? Number.NaN }));
        for (const worker of merged.sketchlessWorkers ?? []) sketchlessWorkers.add(worker);
      }
      const { tags, count, sum } = merged;
      points.push(
        merged.sketch === undefined
          ? { tags, count, sum, quantiles }
          : { tags, count, sum, quantiles, sketch: merged.sketch.toData() },
      );
    }
    if (sketchlessWorkers.size > 0) {
      conflicts.push(
        new MergeConflictError(
          this.metricName,
          'sketch',
          [...sketchlessWorkers],
          'these workers send summary quantiles without a sketch (an older @meterkit/core), ' +
            'which cannot be merged: their observations are in count and sum but not in the quantiles',
        ),
      );
    }
    if (this.accuracyConflicts.size > 0) {
      conflicts.push(
        new MergeConflictError(
          this.metricName,
          'sketch',
          [...this.accuracyConflicts],
          'these workers use another sketch accuracy: their windows are left out of the quantiles',
        ),
      );
    }
    return points;
  }
}
