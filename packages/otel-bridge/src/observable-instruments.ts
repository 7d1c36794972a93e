import type { InstrumentationScope, MetricSnapshot, Tag, ValuePoint } from '@meterkit/core';
import {
  type Attributes,
  type BatchObservableCallback,
  type BatchObservableResult,
  diag,
  type Observable,
  type ObservableCallback,
  type ObservableCounter,
  type ObservableGauge,
  type ObservableResult,
  type ObservableUpDownCounter,
} from '@opentelemetry/api';
import { attributesToTags } from './attributes-to-tags.js';
import { sdkValue } from './measurement-values.js';

/** The three kinds of observable instrument. */
export type ObservableKind = 'ObservableCounter' | 'ObservableUpDownCounter' | 'ObservableGauge';

/** One metric fed by observable instruments of one name (created once or several times). */
export interface ObservableMetric {
  readonly kind: ObservableKind;
  /** The OpenTelemetry instrument name (for diagnostics). */
  readonly instrumentName: string;
  /** The meterkit metric name (before the Config's namespace). */
  readonly metricName: string;
  readonly description: string;
  readonly unit: string;
  readonly scope: InstrumentationScope | undefined;
  readonly integer: boolean;
  readonly startTime: number;
  /** Extra tags of every point (the `otel_scope_*` tags when asked for). */
  readonly baseTags: readonly Tag[];
}

/** An observable instrument handed to OpenTelemetry code: callbacks are read at each collection. */
export class BridgeObservable implements ObservableCounter, ObservableGauge, ObservableUpDownCounter {
  constructor(
    readonly metric: ObservableMetric,
    private readonly callbacks: ObservableCallbacks,
  ) {}

  addCallback(callback: ObservableCallback): void {
    this.callbacks.add(callback, this);
  }

  removeCallback(callback: ObservableCallback): void {
    this.callbacks.remove(callback, this);
  }
}

/** Observations of one collection: metric → canonical tag key → point. */
type Observations = Map<ObservableMetric, Map<string, ValuePoint>>;

/**
 * Every observable callback of one bridged MeterProvider, run at each meterkit collection (as a
 * core `MetricCollector`). As in the SDK's `ObservableRegistry`: a callback is registered once per
 * instrument (adding it again does nothing), all callbacks run concurrently, one that throws or
 * rejects is reported through `diag` and the others still count, the last observation of an
 * attribute set wins, and a batch callback's observations of instruments it was not registered
 * with are ignored. A metric observed by no callback in a collection is left out of it.
 */
export class ObservableCallbacks {
  private readonly single: Array<{ callback: ObservableCallback; observable: BridgeObservable }> = [];
  private readonly batch: Array<{ callback: BatchObservableCallback; observables: Set<BridgeObservable> }> =
    [];
  /** Metrics in creation order, so snapshots list them in a stable order. */
  readonly metrics: ObservableMetric[] = [];

  add(callback: ObservableCallback, observable: BridgeObservable): void {
    if (typeof callback !== 'function') return;
    if (this.single.some((r) => r.callback === callback && r.observable === observable)) return;
    this.single.push({ callback, observable });
  }

  remove(callback: ObservableCallback, observable: BridgeObservable): void {
    const index = this.single.findIndex((r) => r.callback === callback && r.observable === observable);
    if (index >= 0) this.single.splice(index, 1);
  }

  addBatch(callback: BatchObservableCallback, observables: Observable[]): void {
    const own = ownObservables(observables);
    if (typeof callback !== 'function' || own.size === 0) {
      diag.error('BatchObservableCallback is not associated with valid instruments', observables);
      return;
    }
    if (this.findBatch(callback, own) >= 0) return;
    this.batch.push({ callback, observables: own });
  }

  removeBatch(callback: BatchObservableCallback, observables: Observable[]): void {
    const index = this.findBatch(callback, ownObservables(observables));
    if (index >= 0) this.batch.splice(index, 1);
  }

  /** Runs every callback and returns one snapshot metric per observed metric. */
  async collect(): Promise<MetricSnapshot[]> {
    const observations: Observations = new Map();
    const runs = [
      ...this.single.map(
        ({ callback, observable }) =>
          () =>
            callback(singleResult(observable, observations)),
      ),
      ...this.batch.map(
        ({ callback, observables }) =>
          () =>
            callback(batchResult(observables, observations)),
      ),
    ];
    const outcomes = await Promise.allSettled(runs.map(async (run) => run()));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        diag.error('meterkit: an observable callback failed', outcome.reason);
    }
    const snapshots: MetricSnapshot[] = [];
    for (const metric of this.metrics) {
      const points = observations.get(metric);
      if (points !== undefined && points.size > 0) snapshots.push(snapshotOf(metric, [...points.values()]));
    }
    return snapshots;
  }

  private findBatch(callback: BatchObservableCallback, observables: Set<BridgeObservable>): number {
    return this.batch.findIndex(
      (r) =>
        r.callback === callback &&
        r.observables.size === observables.size &&
        [...observables].every((o) => r.observables.has(o)),
    );
  }
}

function ownObservables(observables: unknown): Set<BridgeObservable> {
  if (!Array.isArray(observables)) return new Set();
  return new Set(observables.filter((o): o is BridgeObservable => o instanceof BridgeObservable));
}

function singleResult(observable: BridgeObservable, observations: Observations): ObservableResult {
  return { observe: (value, attributes) => observe(observable.metric, value, attributes, observations) };
}

function batchResult(allowed: Set<BridgeObservable>, observations: Observations): BatchObservableResult {
  return {
    observe: (observable, value, attributes) => {
      if (observable instanceof BridgeObservable && allowed.has(observable)) {
        observe(observable.metric, value, attributes, observations);
      }
    },
  };
}

function observe(
  metric: ObservableMetric,
  value: unknown,
  attributes: Attributes | undefined,
  observations: Observations,
): void {
  const checked = sdkValue(metric.instrumentName, metric.integer, value);
  if (checked === undefined) return;
  const tags = canonical([...metric.baseTags, ...(attributes ? attributesToTags(attributes) : [])]);
  let points = observations.get(metric);
  if (points === undefined) {
    points = new Map();
    observations.set(metric, points);
  }
  points.set(JSON.stringify(tags), { tags, value: checked });
}

/** Sorted by key, later values winning, empty values left out (an empty tag is an absent tag). */
function canonical(tags: readonly Tag[]): Tag[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) byKey.set(tag.key, tag.value);
  return [...byKey.keys()]
    .filter((key) => byKey.get(key) !== '')
    .sort()
    .map((key) => Object.freeze({ key, value: byKey.get(key)! }));
}

function snapshotOf(metric: ObservableMetric, points: ValuePoint[]): MetricSnapshot {
  const base = {
    name: metric.metricName,
    type: metric.kind === 'ObservableCounter' ? ('counter' as const) : ('gauge' as const),
    description: metric.description,
    unit: metric.unit,
    startTime: metric.startTime,
    points,
  };
  return {
    ...base,
    ...(metric.scope !== undefined && { scope: metric.scope }),
    ...(metric.kind === 'ObservableUpDownCounter' && { upDownCounter: true as const }),
  };
}
