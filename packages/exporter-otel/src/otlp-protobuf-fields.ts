import type { Exemplar } from '@meterkit/core';
import type { ProtobufWriter } from '@meterkit/exporter-prometheus';
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import { AggregationTemporality, type DataPoint } from '@opentelemetry/sdk-metrics';
import { type Fixed64Halves, hrTimeHalves } from './hr-time.js';
import { exemplarParts } from './otlp-exemplars.js';

/*
 * The OTLP protobuf fields every point message shares (times, counts, attributes, exemplars), for
 * the encoder of SDK metric data (otlp-protobuf-encoder.ts) and the one writing histogram points
 * straight from a snapshot (otlp-protobuf-snapshot.ts).
 */

const halves: Fixed64Halves = { high: 0, low: 0 };
const TWO_32 = 0x1_0000_0000;

/** Exemplar { 7 filtered_attributes, 2 time_unix_nano, 3 as_double, 4 span_id, 5 trace_id }. */
export function exemplars(
  writer: ProtobufWriter,
  field: number,
  list: readonly Exemplar[] | undefined,
): void {
  if (list === undefined) return;
  for (const exemplar of list) {
    const { traceId, spanId, filtered } = exemplarParts(exemplar);
    writer.message(field);
    for (const [key, value] of filtered)
      writer.message(7).string(1, key).message(2).string(1, value).end().end();
    millisAsFixed64(writer, 2, exemplar.timestamp);
    writer.double(3, exemplar.value);
    if (spanId !== undefined) writer.bytes(4, spanId);
    if (traceId !== undefined) writer.bytes(5, traceId);
    writer.end();
  }
}

export function times(
  writer: ProtobufWriter,
  point: Pick<DataPoint<unknown>, 'startTime' | 'endTime'>,
): void {
  hrTime(writer, 2, point.startTime);
  hrTime(writer, 3, point.endTime);
}

/** An SDK time as OTLP's `fixed64` nanoseconds. */
function hrTime(writer: ProtobufWriter, field: number, time: HrTime): void {
  hrTimeHalves(time, halves);
  writer.fixed64(field, halves.high, halves.low);
}

export function millisAsFixed64(writer: ProtobufWriter, field: number, millis: number): void {
  const seconds = Math.floor(millis / 1000);
  const nanos = Math.round((millis - seconds * 1000) * 1_000_000);
  hrTimeHalves(nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos], halves);
  writer.fixed64(field, halves.high, halves.low);
}

/** A count (`fixed64`): always written, as the SDK does, even when zero. */
export function counter64(writer: ProtobufWriter, field: number, value: number): void {
  const integer = value > 0 ? Math.min(Math.trunc(value), Number.MAX_SAFE_INTEGER) : 0;
  writer.fixed64(field, Math.floor(integer / TWO_32), integer % TWO_32);
}

/** An `sfixed64` (an INT instrument's value): two's complement halves for a negative one. */
export function sfixed64(writer: ProtobufWriter, field: number, value: number): void {
  const bits = BigInt.asUintN(64, BigInt(Number.isFinite(value) ? Math.trunc(value) : 0));
  writer.fixed64(field, Number(bits >> 32n), Number(bits & 0xffffffffn));
}

export function temporality(writer: ProtobufWriter, value: AggregationTemporality): void {
  // OTLP's enum: 1 delta, 2 cumulative.
  writer.uint64(2, value === AggregationTemporality.DELTA ? 1 : 2);
}

/** Repeated KeyValue { 1 key, 2 AnyValue }. */
export function attributes(writer: ProtobufWriter, field: number, list: Attributes | undefined): void {
  if (list === undefined) return;
  for (const key in list) {
    if (!Object.hasOwn(list, key)) continue;
    writer.message(field).string(1, key).message(2);
    anyValue(writer, list[key]);
    writer.end().end();
  }
}

/** AnyValue { 1 string, 2 bool, 3 int, 4 double, 5 array }, chosen as the SDK chooses. */
export function anyValue(writer: ProtobufWriter, value: AttributeValue | undefined): void {
  if (typeof value === 'string') writer.string(1, value);
  else if (typeof value === 'boolean') writer.uint64(2, value ? 1 : 0);
  else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) writer.int64(3, value);
    else writer.double(4, value);
  } else if (Array.isArray(value)) {
    writer.message(5);
    for (const item of value) {
      writer.message(1);
      if (item !== null && item !== undefined) anyValue(writer, item);
      writer.end();
    }
    writer.end();
  }
}
