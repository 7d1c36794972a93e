import type { CanonicalTags, Exemplar } from '@meterkit/core';
import { type HrTime, ValueType } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type MetricDescriptor } from '@opentelemetry/sdk-metrics';
import { millisToHrTime } from './hr-time.js';
import { toOtelUnit } from './otel-units.js';
import type { ExemplarCarrier } from './otlp-exemplars.js';

/** Cumulative (every point counts from the metric's start) or delta (since the previous export). */
export type Temporality = 'cumulative' | 'delta';

/** The descriptor every translated metric carries: name, description and UCUM unit. */
export function descriptorOf(metric: { name: string; description: string; unit: string }): MetricDescriptor {
  return {
    name: metric.name,
    description: metric.description,
    unit: toOtelUnit(metric.unit),
    valueType: ValueType.DOUBLE,
  };
}

/** One SDK data point from meterkit times (ms) and tags. */
export function dataPoint<T>(
  startTime: number,
  endTime: number,
  tags: CanonicalTags,
  value: T,
): DataPoint<T> {
  return pointAt(millisToHrTime(startTime), millisToHrTime(endTime), tags, value);
}

/**
 * One SDK data point from times already converted, so the points of a metric can share them (the
 * SDK shares its collection time the same way). Fields in the SDK's own order: its serializers
 * then see one object shape whether a point came from meterkit or from an SDK instrument.
 */
/**
 * When a series' cumulative values started: its own start time (core sets one per series, new after
 * removal or expiry), or its metric's for points that carry none.
 */
export function seriesStartOf(
  metric: { readonly startTime: number },
  point: { readonly startTime?: number },
): number {
  return point.startTime ?? metric.startTime;
}

export function pointAt<T>(startTime: HrTime, endTime: HrTime, tags: CanonicalTags, value: T): DataPoint<T> {
  return { attributes: attributesOf(tags), startTime, endTime, value };
}

/** Tags as OpenTelemetry attributes. */
export function attributesOf(tags: CanonicalTags): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const tag of tags) attributes[tag.key] = tag.value;
  return attributes;
}

/** The SDK enum for a temporality name. */
export function temporalityOf(temporality: Temporality): AggregationTemporality {
  return temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
}

/** `point` with its exemplars, when it has any (a point without keeps the SDK's object shape). */
export function withExemplars<T>(
  point: DataPoint<T>,
  exemplars: readonly Exemplar[] | undefined,
): DataPoint<T> & ExemplarCarrier {
  if (exemplars === undefined) return point;
  return { ...point, exemplars };
}
