import type { Exemplar } from '@meterkit/core';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { DataPoint } from '@opentelemetry/sdk-metrics';
import { hrTimeDecimal } from './hr-time.js';
import type { JsonWriter } from './json-writer.js';
import { exemplarParts } from './otlp-exemplars.js';

/*
 * The OTLP/JSON fields every point object shares (lists, times, attributes, exemplars), for the
 * encoder of SDK metric data (otlp-json-encoder.ts) and the one writing histogram points straight
 * from a snapshot (otlp-json-snapshot.ts).
 */

export function list<T>(w: JsonWriter, items: readonly T[], write: (w: JsonWriter, item: T) => void): void {
  w.raw('[');
  for (let i = 0; i < items.length; i++) {
    if (i > 0) w.raw(',');
    write(w, items[i]!);
  }
  w.raw(']');
}

export function times(w: JsonWriter, point: Pick<DataPoint<unknown>, 'startTime' | 'endTime'>): void {
  w.raw(
    `,"startTimeUnixNano":"${hrTimeDecimal(point.startTime)}","timeUnixNano":"${hrTimeDecimal(point.endTime)}"`,
  );
}

/** `,"exemplars":[…]` when there are any. */
export function exemplars(w: JsonWriter, list_: readonly Exemplar[] | undefined): void {
  if (list_ === undefined) return;
  w.raw(',"exemplars":');
  list(w, list_, exemplarJson);
}

function exemplarJson(w: JsonWriter, exemplar: Exemplar): void {
  const { traceId, spanId, filtered } = exemplarParts(exemplar);
  w.raw('{"filteredAttributes":');
  list(w, filtered, (_, [key, value]) => {
    w.raw('{"key":').str(key).raw(',"value":{"stringValue":').str(value).raw('}}');
  });
  w.raw(`,"timeUnixNano":"${millisDecimal(exemplar.timestamp)}","asDouble":`).double(exemplar.value);
  if (spanId !== undefined) w.raw(`,"spanId":"${hex(spanId)}"`);
  if (traceId !== undefined) w.raw(`,"traceId":"${hex(traceId)}"`);
  w.raw('}');
}

export function keyValues(w: JsonWriter, attributes: Attributes | undefined): void {
  w.raw('[');
  let first = true;
  if (attributes !== undefined) {
    for (const key in attributes) {
      if (!Object.hasOwn(attributes, key)) continue;
      w.raw(first ? '{"key":' : ',{"key":')
        .str(key)
        .raw(',"value":');
      first = false;
      anyValue(w, attributes[key]);
      w.raw('}');
    }
  }
  w.raw(']');
}

/** AnyValue, chosen as the SDK chooses (an integer is an `intValue`, written as a string). */
function anyValue(w: JsonWriter, value: AttributeValue | null | undefined): void {
  if (typeof value === 'string') w.raw('{"stringValue":').str(value).raw('}');
  else if (typeof value === 'boolean') w.raw(`{"boolValue":${value}}`);
  else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) w.raw('{"intValue":').int64(value);
    else w.raw('{"doubleValue":').double(value);
    w.raw('}');
  } else if (Array.isArray(value)) {
    w.raw('{"arrayValue":{"values":');
    list(w, value as readonly (AttributeValue | null | undefined)[], anyValue);
    w.raw('}}');
  } else w.raw('{}');
}

export function int64s(w: JsonWriter, values: readonly number[]): void {
  w.raw('[');
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.raw(',');
    w.int64(values[i]!);
  }
  w.raw(']');
}

export function doubles(w: JsonWriter, values: readonly number[]): void {
  w.raw('[');
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.raw(',');
    w.double(values[i]!);
  }
  w.raw(']');
}

export function optionalDouble(w: JsonWriter, field: string, value: number | undefined): void {
  if (value !== undefined) w.raw(field).double(value);
}

function millisDecimal(millis: number): string {
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * 1_000_000);
  return nanos >= 1e9 ? hrTimeDecimal([seconds + 1, nanos - 1e9]) : hrTimeDecimal([seconds, nanos]);
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
