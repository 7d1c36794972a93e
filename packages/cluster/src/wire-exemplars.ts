import type { Exemplar, HistogramPoint, MetricSnapshot, ValuePoint } from '@meterkit/core';

/*
 * Exemplars travel beside the points of a wire part, not inside their tuples: a part without any
 * (exemplars off, the usual case) costs nothing, and the point tuples keep their layout.
 */

/** Where an exemplar sits in its point: a counter's own (0), classic bucket `i` (i), or exponential (-1). */
const EXPONENTIAL_SLOT = -1;

/** `[pointIndex in the part, slot, tags as [k, v, …], value, timestamp ms]`. */
export type WireExemplar = [
  point: number,
  slot: number,
  tags: string[],
  value: number | string,
  timestamp: number,
];

function encode(point: number, slot: number, exemplar: Exemplar): WireExemplar {
  const tags: string[] = [];
  for (const key in exemplar.tags) tags.push(key, exemplar.tags[key]!);
  // ±Infinity (an infinite observation) would become null in JSON; its string survives.
  const value = Number.isFinite(exemplar.value) ? exemplar.value : String(exemplar.value);
  return [point, slot, tags, value, exemplar.timestamp];
}

function decode([, , flat, value, timestamp]: WireExemplar): Exemplar {
  const tags: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) tags[flat[i]!] = flat[i + 1]!;
  return { tags, value: typeof value === 'number' ? value : Number(value), timestamp };
}

/** The exemplars of `metric.points[from..to)`, or undefined when none has one. */
export function encodeExemplars(
  metric: MetricSnapshot,
  from: number,
  to: number,
): WireExemplar[] | undefined {
  const wire: WireExemplar[] = [];
  if (metric.type === 'counter') {
    for (let i = from; i < to; i++) {
      const exemplar = metric.points[i]!.exemplar;
      if (exemplar !== undefined) wire.push(encode(i - from, 0, exemplar));
    }
  } else if (metric.type === 'histogram' || metric.type === 'timer') {
    for (let i = from; i < to; i++) {
      const point = metric.points[i]!;
      point.buckets.forEach((bucket, slot) => {
        if (bucket.exemplar !== undefined) wire.push(encode(i - from, slot, bucket.exemplar));
      });
      for (const exemplar of point.exponential?.exemplars ?? []) {
        wire.push(encode(i - from, EXPONENTIAL_SLOT, exemplar));
      }
    }
  }
  return wire.length > 0 ? wire : undefined;
}

/** Puts decoded exemplars into freshly decoded points (which nothing else holds yet). */
export function applyExemplars(points: MetricSnapshot['points'], wire: readonly WireExemplar[]): void {
  for (const entry of wire) {
    const point = points[entry[0]] as { -readonly [K in keyof HistogramPoint]: HistogramPoint[K] } & Partial<{
      -readonly [K in keyof ValuePoint]: ValuePoint[K];
    }>;
    if (point === undefined) continue;
    const exemplar = decode(entry);
    const slot = entry[1];
    if (point.buckets === undefined) point.exemplar = exemplar;
    else if (slot === EXPONENTIAL_SLOT && point.exponential !== undefined) {
      point.exponential = {
        ...point.exponential,
        exemplars: [...(point.exponential.exemplars ?? []), exemplar],
      };
    } else if (point.buckets[slot] !== undefined) {
      const buckets = [...point.buckets];
      buckets[slot] = { ...buckets[slot]!, exemplar };
      point.buckets = buckets;
    }
  }
}

/** The later of two exemplars (the second on a tie), for merging one series across workers. */
export function latestExemplar(a: Exemplar | undefined, b: Exemplar | undefined): Exemplar | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.timestamp >= a.timestamp ? b : a;
}
