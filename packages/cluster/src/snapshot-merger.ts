import type {
  ExponentialLimits,
  MetricSnapshot,
  Snapshot,
  SnapshotMetricType,
  ValueMetricSnapshot,
} from '@meterkit/core';
import { MergeConflictError } from './cluster-errors.js';
import type { FamilyMerge } from './family-merge.js';
import {
  type GaugeAggregationOptions,
  gaugeAggregationFor,
  validateGaugeAggregationOptions,
} from './gauge-aggregation.js';
import { HistogramFamily } from './histogram-family.js';
import { SummaryFamily } from './summary-family.js';
import { InfoFamily, ValueFamily } from './value-families.js';

/** Options of {@link mergeSnapshots} and {@link SnapshotMerger}. */
export interface MergeOptions extends GaugeAggregationOptions {
  /** Tag key added to series kept once per worker (`perWorker` gauges, differing info or buckets). Default `worker`. */
  readonly workerTag?: string;
  /** Timestamp of the merged snapshot. Default: the latest of the inputs' timestamps. */
  readonly timestamp?: number;
}

/** The merged snapshot and what could not be merged cleanly. */
export interface MergeResult {
  readonly snapshot: Snapshot;
  /** One per metric whose workers disagree; the snapshot still holds everything it could. */
  readonly conflicts: readonly MergeConflictError[];
}

interface FamilyEntry {
  readonly name: string;
  readonly type: SnapshotMetricType;
  description: string;
  unit: string;
  startTime: number;
  /** Carried from the first worker that reported the metric. */
  readonly extra: Pick<ValueMetricSnapshot, 'scope' | 'upDownCounter' | 'nameParts'>;
  readonly merge: FamilyMerge;
  /** Exponential histograms: their limits, carried to the merged metric. */
  readonly exponential?: ExponentialLimits | undefined;
}

/**
 * Merges workers' snapshots one metric at a time, so a caller can interleave the work with other
 * events (the aggregator yields between parts) or with the arrival of the next worker's answer.
 * Metrics keep the order in which they were first seen; series too.
 */
export class SnapshotMerger {
  private readonly families = new Map<string, FamilyEntry>();
  private readonly typeConflicts = new Map<string, MergeConflictError>();
  private readonly workerTag: string;
  private latest = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: MergeOptions = {}) {
    validateGaugeAggregationOptions(options);
    this.workerTag = options.workerTag ?? 'worker';
  }

  /** Adds a whole snapshot of one worker. */
  add(worker: string, snapshot: Snapshot): void {
    this.noteTimestamp(snapshot.timestamp);
    for (const metric of snapshot.metrics) this.addMetric(worker, metric);
  }

  /** Records a worker's collection time (the merged timestamp is the latest). */
  noteTimestamp(timestamp: number): void {
    if (timestamp > this.latest) this.latest = timestamp;
  }

  /** Adds one metric of a worker, or one part of it (a part never repeats a series). */
  addMetric(worker: string, metric: MetricSnapshot): void {
    let entry = this.families.get(metric.name);
    if (entry === undefined) {
      entry = {
        name: metric.name,
        type: metric.type,
        description: metric.description,
        unit: metric.unit,
        startTime: metric.startTime,
        extra: {
          ...(metric.scope !== undefined && { scope: metric.scope }),
          ...(metric.nameParts !== undefined && { nameParts: metric.nameParts }),
          ...('upDownCounter' in metric && metric.upDownCounter === true && { upDownCounter: true }),
        },
        merge: this.familyFor(metric),
        exponential: metric.type === 'histogram' || metric.type === 'timer' ? metric.exponential : undefined,
      };
      this.families.set(metric.name, entry);
    } else if (entry.type !== metric.type) {
      this.noteTypeConflict(entry, worker, metric.type);
      return;
    } else {
      if (entry.description === '') entry.description = metric.description;
      if (entry.unit === '') entry.unit = metric.unit;
      if (metric.startTime < entry.startTime) entry.startTime = metric.startTime;
    }
    entry.merge.add(worker, metric.points);
  }

  private familyFor(metric: MetricSnapshot): FamilyMerge {
    switch (metric.type) {
      case 'counter':
        return new ValueFamily('sum', this.workerTag);
      case 'gauge':
        return new ValueFamily(gaugeAggregationFor(metric.name, this.options), this.workerTag);
      case 'info':
        return new InfoFamily(this.workerTag);
      case 'histogram':
      case 'timer':
        return new HistogramFamily(metric.name, this.workerTag, metric.exponential);
      case 'summary':
        return new SummaryFamily(metric.name);
    }
  }

  private noteTypeConflict(entry: FamilyEntry, worker: string, type: SnapshotMetricType): void {
    const key = `${entry.name}\u0000${type}`;
    const known = this.typeConflicts.get(key);
    if (known?.workers.includes(worker)) return; // a later part of the same metric
    const workers = known === undefined ? [worker] : [...known.workers, worker];
    this.typeConflicts.set(
      key,
      new MergeConflictError(
        entry.name,
        'type',
        workers,
        `it is a ${entry.type} in the first worker that reported it but a ${type} in these; ` +
          'their series are left out',
      ),
    );
  }

  /** The merged snapshot (frozen like core's) and the conflicts found. */
  finish(): MergeResult {
    const conflicts: MergeConflictError[] = [...this.typeConflicts.values()];
    const metrics: MetricSnapshot[] = [];
    for (const entry of this.families.values()) {
      const points = Object.freeze(entry.merge.finish(conflicts));
      const { name, type, description, unit, startTime, extra, exponential } = entry;
      const metric = { name, type, description, unit, startTime, ...extra, points } as MetricSnapshot;
      metrics.push(
        Object.freeze(exponential === undefined ? metric : { ...metric, exponential }) as MetricSnapshot,
      );
    }
    const latest = Number.isFinite(this.latest) ? this.latest : Date.now();
    const timestamp = this.options.timestamp ?? latest;
    return { snapshot: Object.freeze({ timestamp, metrics: Object.freeze(metrics) }), conflicts };
  }
}
