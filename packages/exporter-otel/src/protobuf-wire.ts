/**
 * The few protobuf wire-format primitives needed to add `Summary` messages to a request the SDK
 * serialized: encoding fields, and walking the top-level fields of a message.
 * @see https://protobuf.dev/programming-guides/encoding/
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

function varint(value: number): number[] {
  const bytes: number[] = [];
  // Lengths and field tags only: non-negative and below 2^53, so division is exact where `>>>` is not.
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return bytes;
}

function tag(field: number, wireType: number): number[] {
  return varint(field * 8 + wireType);
}

/** Joins encoded fields. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A length-delimited field (embedded message, bytes). */
export function messageField(field: number, payload: Uint8Array): Uint8Array {
  return concatBytes([
    Uint8Array.from([...tag(field, WIRE_LENGTH_DELIMITED), ...varint(payload.length)]),
    payload,
  ]);
}

/** A `string` field (UTF-8). */
export function stringField(field: number, value: string): Uint8Array {
  return messageField(field, utf8.encode(value));
}

/** A `double` field. */
export function doubleField(field: number, value: number): Uint8Array {
  const head = tag(field, WIRE_FIXED64);
  const out = new Uint8Array(head.length + 8);
  out.set(head, 0);
  new DataView(out.buffer).setFloat64(head.length, value, true);
  return out;
}

/** A `fixed64` field. */
export function fixed64Field(field: number, value: bigint): Uint8Array {
  const head = tag(field, WIRE_FIXED64);
  const out = new Uint8Array(head.length + 8);
  out.set(head, 0);
  new DataView(out.buffer).setBigUint64(head.length, BigInt.asUintN(64, value), true);
  return out;
}

/** One top-level field of an encoded message. */
export interface WireField {
  readonly field: number;
  readonly wireType: number;
  /** The whole field, tag included, for copying it unchanged. */
  readonly raw: Uint8Array;
  /** The payload of a length-delimited field (empty for other wire types). */
  readonly payload: Uint8Array;
}

/** Splits an encoded message into its top-level fields, in order. Throws on malformed input. */
export function readFields(message: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  const readVarint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (offset >= message.length) throw new RangeError('truncated protobuf varint');
      const byte = message[offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  };
  while (offset < message.length) {
    const start = offset;
    const key = readVarint();
    const wireType = key % 8;
    let payload: Uint8Array = new Uint8Array(0);
    if (wireType === WIRE_VARINT) readVarint();
    else if (wireType === WIRE_FIXED64) offset += 8;
    else if (wireType === WIRE_FIXED32) offset += 4;
    else if (wireType === WIRE_LENGTH_DELIMITED) {
      const length = readVarint();
      payload = message.subarray(offset, offset + length);
      offset += length;
    } else throw new RangeError(`unsupported protobuf wire type ${wireType}`);
    if (offset > message.length) throw new RangeError('truncated protobuf field');
    fields.push({ field: Math.floor(key / 8), wireType, raw: message.subarray(start, offset), payload });
  }
  return fields;
}

/** True for a length-delimited field with this number. */
export function isMessageField(field: WireField, number: number): boolean {
  return field.field === number && field.wireType === WIRE_LENGTH_DELIMITED;
}
