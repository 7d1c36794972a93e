/**
 * A growable protobuf encoder for the two Prometheus protobuf formats meterkit writes: the
 * `io.prometheus.client.MetricFamily` exposition and the remote-write `WriteRequest`. It writes into
 * one buffer and finishes with one copy; an embedded message is written in place and its length
 * prefix inserted at `end()`, so no sub-message is ever encoded on its own and concatenated.
 * @see https://protobuf.dev/programming-guides/encoding/
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;

/** Largest integer a varint may take here: lengths, counts and offsets are well below 2^53. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** How many bytes the varint of a non-negative integer below 2^53 takes. */
function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** Encodes protobuf fields into one buffer. Not thread-safe; reusable after `finish()` through `reset()`. */
export class ProtobufWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private position = 0;
  /** Per open embedded message: where its content starts, then how many bytes were kept for its length. */
  private readonly openMessages: number[] = [];

  constructor(initialSize = 4096) {
    this.buffer = new Uint8Array(initialSize);
    this.view = new DataView(this.buffer.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.position;
  }

  private reserve(bytes: number): void {
    const needed = this.position + bytes;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    // The whole buffer: `end()` rewinds `position` into content that must survive a growth.
    grown.set(this.buffer);
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  /** A raw varint of a non-negative integer below 2^53 (no field tag). */
  varint(value: number): this {
    this.reserve(8);
    const buffer = this.buffer;
    let position = this.position;
    // Values past 2^31 would break `>>>`; division stays exact up to 2^53.
    while (value >= 0x80) {
      buffer[position++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buffer[position++] = value;
    this.position = position;
    return this;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** A `uint32`/`uint64`/`int64` field holding a non-negative integer below 2^53. */
  uint64(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    return this.varint(clampUnsigned(value));
  }

  /**
   * An `int64` field. Negative values take ten bytes (two's complement), as the encoding specifies;
   * timestamps and counts are the usual case and never are.
   */
  int64(field: number, value: number): this {
    if (value >= 0 && value <= MAX_EXACT) return this.uint64(field, value);
    this.tag(field, WIRE_VARINT);
    this.reserve(10);
    // Past 2^53 (an integer attribute value may be) or negative: exact through a bigint.
    let rest = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    while (rest >= 0x80n) {
      this.buffer[this.position++] = Number(rest & 0x7fn) | 0x80;
      rest >>= 7n;
    }
    this.buffer[this.position++] = Number(rest);
    return this;
  }

  /** A `sint32`/`sint64` field (zigzag), for span offsets and bucket deltas. */
  sint64(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    return this.zigzag(value);
  }

  /** A raw zigzag varint (inside a packed repeated `sint32`/`sint64`). */
  zigzag(value: number): this {
    const integer = Math.trunc(value);
    return this.varint(integer >= 0 ? integer * 2 : -integer * 2 - 1);
  }

  /** A `double` field. */
  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    return this.rawDouble(value);
  }

  /** A raw little-endian double (inside a packed repeated `double`). */
  rawDouble(value: number): this {
    this.reserve(8);
    this.view.setFloat64(this.position, value, true);
    this.position += 8;
    return this;
  }

  /**
   * A `double` field given as its two 32-bit halves: for a NaN with a payload (remote write's stale
   * marker, 0x7ff0000000000002), which a JavaScript number may not carry intact.
   */
  doubleBits(field: number, high: number, low: number): this {
    this.tag(field, WIRE_FIXED64);
    this.reserve(8);
    this.view.setUint32(this.position, low, true);
    this.view.setUint32(this.position + 4, high, true);
    this.position += 8;
    return this;
  }

  /**
   * A `fixed64` field given as its two 32-bit halves (OTLP's nanosecond timestamps exceed 2^53; a
   * negative `sfixed64` is its two's complement halves).
   */
  fixed64(field: number, high: number, low: number): this {
    return this.doubleBits(field, high, low);
  }

  /** A raw little-endian `fixed64` of a non-negative integer below 2^53 (inside a packed repeated field). */
  rawFixed64(value: number): this {
    const integer = clampUnsigned(value);
    this.reserve(8);
    this.view.setUint32(this.position, integer % 0x100000000, true);
    this.view.setUint32(this.position + 4, Math.floor(integer / 0x100000000), true);
    this.position += 8;
    return this;
  }

  /** A `bool` field, written only when true (proto3 default elision). */
  bool(field: number, value: boolean): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    return this.varint(1);
  }

  /** A `string` field in UTF-8 (a lone surrogate becomes U+FFFD, as `TextEncoder` specifies). */
  string(field: number, value: string): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    // At most three UTF-8 bytes per UTF-16 unit; below 43 units the length fits one varint byte.
    this.reserve(value.length * 3 + 5);
    if (value.length < 43) {
      // Label names and values are mostly short ASCII: copying char codes beats a call into
      // TextEncoder (and the subarray it needs) several times over. Anything else goes the long way.
      const buffer = this.buffer;
      const start = this.position + 1;
      let i = 0;
      for (; i < value.length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buffer[start + i] = code;
      }
      if (i === value.length) {
        buffer[this.position] = i;
        this.position = start + i;
        return this;
      }
      const { written } = ENCODER.encodeInto(value, buffer.subarray(start));
      buffer[this.position] = written;
      this.position = start + written;
      return this;
    }
    this.begin();
    const { written } = ENCODER.encodeInto(value, this.buffer.subarray(this.position));
    this.position += written;
    return this.end();
  }

  /** A `bytes` field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.position);
    this.position += value.length;
    return this;
  }

  /**
   * Opens an embedded message (or a packed repeated field) as `field`; close it with `end()`.
   * `expectedLength` (optional) sizes the room kept for the length prefix: a message of megabytes
   * whose length was expected (from a previous one like it) is not moved when it closes.
   */
  message(field: number, expectedLength = 0): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    return this.begin(expectedLength);
  }

  /** Opens a length prefix without a field tag (the delimited exposition format's frames). */
  begin(expectedLength = 0): this {
    const room = expectedLength < 0x80 ? 1 : varintSize(expectedLength);
    this.reserve(room);
    this.position += room;
    this.openMessages.push(this.position, room);
    return this;
  }

  /** Closes the innermost `message()`/`begin()`, writing its length before its content. */
  end(): this {
    const room = this.openMessages.pop();
    const start = this.openMessages.pop();
    if (start === undefined || room === undefined) throw new Error('ProtobufWriter.end() without message()');
    const length = this.position - start;
    const prefix = varintSize(length);
    if (prefix !== room) {
      // The prefix takes more (or fewer) bytes than the room kept: move the content to fit it.
      if (prefix > room) this.reserve(prefix - room);
      this.buffer.copyWithin(start + prefix - room, start, this.position);
      this.position += prefix - room;
    }
    const end = this.position;
    this.position = start - room;
    this.varint(length);
    this.position = end;
    return this;
  }

  /** The encoded bytes (a copy; the writer is done, unless `reset()`). */
  finish(): Uint8Array {
    if (this.openMessages.length > 0) throw new Error('ProtobufWriter.finish() with an open message');
    return this.buffer.slice(0, this.position);
  }

  /**
   * Empties the writer for the next message, keeping its grown buffer: a writer reused for a stream
   * of messages allocates its buffer once instead of growing a new one (64 KB, 128 KB, …) per message.
   */
  reset(): this {
    this.position = 0;
    this.openMessages.length = 0;
    return this;
  }
}

const ENCODER = new TextEncoder();

function clampUnsigned(value: number): number {
  if (!(value > 0)) return 0;
  return value > MAX_EXACT ? MAX_EXACT : Math.trunc(value);
}
