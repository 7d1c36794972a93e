import type { CanonicalTags } from '@meterkit/core';
import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint, type MetricDescriptor } from '@opentelemetry/sdk-metrics';
import { millisToHrTime } from './hr-time.js';
import { toOtelUnit } from './otel-units.js';

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
  return {
    startTime: millisToHrTime(startTime),
    endTime: millisToHrTime(endTime),
    attributes: attributesOf(tags),
    value,
  };
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
