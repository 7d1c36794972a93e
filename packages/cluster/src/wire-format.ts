import type {
  CanonicalTags,
  HistogramPoint,
  MetricNameParts,
  MetricSnapshot,
  SketchData,
  SnapshotMetricType,
  SummaryPoint,
  Tag,
  ValuePoint,
} from '@meterkit/core';
import { applyExemplars, encodeExemplars, type WireExemplar } from './wire-exemplars.js';

/**
 * A number that survives JSON: node:cluster's IPC serializes with JSON by default, which turns
 * `Infinity` and `NaN` into `null`. Finite numbers stay numbers; others become their `String()`.
 */
export type WireNumber = number | string;

/** Tags as `[key, value, key, value, …]`: half the objects of `{ key, value }[]`. */
type WireTags = string[];

/** `startTime` (the series' own start, ms) is last and optional in every point kind. */
type WireValuePoint = [tags: WireTags, value: WireNumber, startTime?: number];
type WireHistogramPoint = [
  tags: WireTags,
  count: number,
  sum: WireNumber,
  min: WireNumber | null,
  max: WireNumber | null,
  /** Index into the metric's `bounds`. */
  boundsIndex: number,
  /** Cumulative count per bound. */
  counts: number[],
  /** Exponential histograms only (null when only `startTime` follows). */
  exponential?: WireExponential | null,
  startTime?: number,
];
/** Exponential buckets: every field a finite number, so plain JSON carries them. */
type WireExponential = [
  scale: number,
  zeroCount: number,
  zeroThreshold: number,
  positiveOffset: number,
  positiveCounts: readonly number[],
  negativeOffset: number,
  negativeCounts: readonly number[],
];
type WireSummaryPoint = [
  tags: WireTags,
  count: number,
  sum: WireNumber,
  /** `[quantile, value, quantile, value, …]`. */
  quantiles: WireNumber[],
  sketch: SketchData | null,
  startTime?: number,
];

/**
 * One metric (or a part of its points) in the compact form sent between processes. Histogram bounds
 * are sent once per metric instead of once per bucket per series.
 */
export interface WireMetric {
  readonly n: string;
  readonly t: SnapshotMetricType;
  readonly d: string;
  readonly u: string;
  readonly s: number;
  /** Instrumentation scope `[name, version]`, when the metric has one (`MetricSnapshot.scope`). */
  readonly o?: [name: string, version: string | null];
  /** 1 for a gauge that is an up-down counter (`ValueMetricSnapshot.upDownCounter`). */
  readonly x?: 1;
  /** `[namespace, subsystem, name]` of a name core prefixed (`MetricSnapshot.nameParts`). */
  readonly q?: [namespace: string | null, subsystem: string | null, name: string];
  /** Distinct bound lists of a histogram's points. */
  readonly b?: WireNumber[][];
  /** An exponential histogram's limits: `[maxBuckets, maxScale]`. */
  readonly e?: [number, number];
  readonly p: WireValuePoint[] | WireHistogramPoint[] | WireSummaryPoint[];
  /** Exemplars of the points, only when some point has one. */
  readonly v?: WireExemplar[];
}

const toWire = (value: number): WireNumber => (Number.isFinite(value) ? value : String(value));
const fromWire = (value: WireNumber): number => (typeof value === 'number' ? value : Number(value));

function encodeTags(tags: CanonicalTags): WireTags {
  const flat: string[] = [];
  for (const tag of tags) flat.push(tag.key, tag.value);
  return flat;
}

function encodePoints(metric: MetricSnapshot, from: number, to: number): Pick<WireMetric, 'b' | 'e' | 'p'> {
  switch (metric.type) {
    case 'counter':
    case 'gauge':
    case 'info':
      return {
        p: metric.points.slice(from, to).map((point): WireValuePoint => {
          const wire: WireValuePoint = [encodeTags(point.tags), toWire(point.value)];
          if (point.startTime !== undefined) wire.push(point.startTime);
          return wire;
        }),
      };
    case 'histogram':
    case 'timer': {
      const bounds: WireNumber[][] = [];
      const boundKeys = new Map<string, number>();
      const p = metric.points.slice(from, to).map((point): WireHistogramPoint => {
        const wireBounds = point.buckets.map((bucket) => toWire(bucket.upperBound));
        const boundKey = wireBounds.join(',');
        let index = boundKeys.get(boundKey);
        if (index === undefined) {
          index = bounds.push(wireBounds) - 1;
          boundKeys.set(boundKey, index);
        }
        const min = point.min === undefined ? null : toWire(point.min);
        const max = point.max === undefined ? null : toWire(point.max);
        const counts = point.buckets.map((bucket) => bucket.count);
        const wire: WireHistogramPoint = [
          encodeTags(point.tags),
          point.count,
          toWire(point.sum),
          min,
          max,
          index,
          counts,
        ];
        const e = point.exponential;
        if (e !== undefined) {
          wire.push([
            e.scale,
            e.zeroCount,
            e.zeroThreshold,
            e.positive.offset,
            e.positive.counts,
            e.negative.offset,
            e.negative.counts,
          ]);
        }
        if (point.startTime !== undefined) {
          if (e === undefined) wire.push(null);
          wire.push(point.startTime);
        }
        return wire;
      });
      const limits = metric.exponential;
      return limits === undefined
        ? { b: bounds, p }
        : { b: bounds, e: [limits.maxBuckets, limits.maxScale], p };
    }
    case 'summary':
      return {
        p: metric.points.slice(from, to).map((point): WireSummaryPoint => {
          const quantiles: WireNumber[] = [];
          for (const q of point.quantiles) quantiles.push(q.quantile, toWire(q.value));
          const wire: WireSummaryPoint = [
            encodeTags(point.tags),
            point.count,
            toWire(point.sum),
            quantiles,
            point.sketch ?? null,
          ];
          if (point.startTime !== undefined) wire.push(point.startTime);
          return wire;
        }),
      };
  }
}

/**
 * Splits a snapshot's metrics into parts of at most `pointsPerPart` series (a large metric is cut
 * into several parts with the same name), each part small enough that the receiving process parses
 * and merges it without a long event-loop stall. A snapshot without metrics gives one empty part.
 */
export function* encodeParts(
  metrics: readonly MetricSnapshot[],
  pointsPerPart: number,
): Generator<WireMetric[]> {
  let part: WireMetric[] = [];
  let size = 0;
  let yielded = false;
  for (const metric of metrics) {
    const header: Omit<WireMetric, 'p' | 'b'> = {
      n: metric.name,
      t: metric.type,
      d: metric.description,
      u: metric.unit,
      s: metric.startTime,
      ...(metric.scope !== undefined && { o: [metric.scope.name, metric.scope.version ?? null] }),
      ...('upDownCounter' in metric && metric.upDownCounter === true && { x: 1 as const }),
      ...(metric.nameParts !== undefined && { q: wireNameParts(metric.nameParts) }),
    };
    let from = 0;
    do {
      const to = Math.min(metric.points.length, from + Math.max(1, pointsPerPart - size));
      const exemplars = encodeExemplars(metric, from, to);
      part.push({ ...header, ...encodePoints(metric, from, to), ...(exemplars && { v: exemplars }) });
      size += to - from;
      from = to;
      if (size >= pointsPerPart) {
        yielded = true;
        yield part;
        part = [];
        size = 0;
      }
    } while (from < metric.points.length);
  }
  if (part.length > 0 || !yielded) yield part;
}

/** Rebuilds tags, sharing one `Tag` object per distinct key/value within a decoding. */
class TagDecoder {
  private readonly cache = new Map<string, Tag>();

  decode(flat: WireTags): CanonicalTags {
    const tags: Tag[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const key = flat[i]!;
      const value = flat[i + 1]!;
      const id = `${key}=${value}`;
      let tag = this.cache.get(id);
      if (tag === undefined) {
        tag = { key, value };
        this.cache.set(id, tag);
      }
      tags.push(tag);
    }
    return tags;
  }
}

function decodePoints(metric: WireMetric, tags: TagDecoder): MetricSnapshot['points'] {
  switch (metric.t) {
    case 'counter':
    case 'gauge':
    case 'info':
      return (metric.p as WireValuePoint[]).map(
        ([t, v, startTime]): ValuePoint =>
          startTime === undefined
            ? { tags: tags.decode(t), value: fromWire(v) }
            : { tags: tags.decode(t), value: fromWire(v), startTime },
      );
    case 'histogram':
    case 'timer': {
      const bounds = (metric.b ?? []).map((list) => list.map(fromWire));
      return (metric.p as WireHistogramPoint[]).map(
        ([t, count, sum, min, max, index, counts, e, startTime]): HistogramPoint => {
          const upper = bounds[index] ?? [];
          const point: HistogramPoint = {
            tags: tags.decode(t),
            ...(startTime === undefined ? {} : { startTime }),
            count,
            sum: fromWire(sum),
            min: min === null ? undefined : fromWire(min),
            max: max === null ? undefined : fromWire(max),
            buckets: counts.map((c, i) => ({ upperBound: upper[i] ?? Number.POSITIVE_INFINITY, count: c })),
          };
          if (e === undefined || e === null) return point;
          const [
            scale,
            zeroCount,
            zeroThreshold,
            positiveOffset,
            positiveCounts,
            negativeOffset,
            negativeCounts,
          ] = e;
          const exponential = {
            scale,
            zeroCount,
            zeroThreshold,
            positive: { offset: positiveOffset, counts: positiveCounts },
            negative: { offset: negativeOffset, counts: negativeCounts },
          };
          return { ...point, exponential };
        },
      );
    }
    case 'summary':
      return (metric.p as WireSummaryPoint[]).map(
        ([t, count, sum, flat, sketch, startTime]): SummaryPoint => {
          const quantiles = [];
          for (let i = 0; i < flat.length; i += 2) {
            quantiles.push({ quantile: fromWire(flat[i]!), value: fromWire(flat[i + 1]!) });
          }
          const point = {
            tags: tags.decode(t),
            ...(startTime === undefined ? {} : { startTime }),
            count,
            sum: fromWire(sum),
            quantiles,
          };
          return sketch === null ? point : { ...point, sketch };
        },
      );
  }
}

/** Rebuilds snapshot metrics from one part. */
export function decodePart(part: readonly WireMetric[]): MetricSnapshot[] {
  const tags = new TagDecoder();
  return part.map((metric) => {
    const points = decodePoints(metric, tags);
    if (metric.v !== undefined) applyExemplars(points, metric.v);
    return {
      name: metric.n,
      type: metric.t,
      description: metric.d,
      unit: metric.u,
      startTime: metric.s,
      ...(metric.o !== undefined && { scope: scopeOf(metric.o) }),
      ...(metric.x === 1 && { upDownCounter: true }),
      ...(metric.q !== undefined && { nameParts: namePartsOf(metric.q) }),
      points,
      ...(metric.e === undefined ? {} : { exponential: { maxBuckets: metric.e[0], maxScale: metric.e[1] } }),
    } as MetricSnapshot;
  });
}

function wireNameParts(parts: MetricNameParts): NonNullable<WireMetric['q']> {
  return [parts.namespace ?? null, parts.subsystem ?? null, parts.name];
}

function namePartsOf([namespace, subsystem, name]: NonNullable<WireMetric['q']>): MetricNameParts {
  return { ...(namespace !== null && { namespace }), ...(subsystem !== null && { subsystem }), name };
}

function scopeOf([name, version]: [string, string | null]): { name: string; version?: string } {
  return version === null ? { name } : { name, version };
}
