/**
 * Writes JSON text as UTF-8 into one growable buffer: no message objects to stringify and no long
 * string concatenations (for 10,000 histogram series either costs more in garbage collection than
 * the writing itself). Strings are escaped as `JSON.stringify` escapes them, after each lone UTF-16
 * surrogate became U+FFFD (a well-formed string, as OTLP/JSON requires).
 */
export class JsonWriter {
  private buffer = new Uint8Array(64 * 1024);
  private position = 0;

  private reserve(bytes: number): void {
    const needed = this.position + bytes;
    if (needed <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < needed) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
  }

  /** Text known to be ASCII JSON already (punctuation, field names, numbers). */
  raw(text: string): this {
    this.reserve(text.length);
    const buffer = this.buffer;
    let position = this.position;
    for (let i = 0; i < text.length; i++) buffer[position++] = text.charCodeAt(i);
    this.position = position;
    return this;
  }

  /** A JSON string literal. */
  str(value: string): this {
    // Plain printable ASCII (most names and tag values) is copied as it is, between quotes, in one
    // pass; anything else is rewound and escaped the long way.
    this.reserve(value.length + 2);
    const buffer = this.buffer;
    let position = this.position;
    buffer[position++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x20 || code >= 0x7f || code === QUOTE || code === BACKSLASH) return this.escaped(value);
      buffer[position++] = code;
    }
    buffer[position++] = QUOTE;
    this.position = position;
    return this;
  }

  private escaped(value: string): this {
    const text = JSON.stringify(wellFormed(value));
    this.reserve(text.length * 3);
    const { written } = ENCODER.encodeInto(text, this.buffer.subarray(this.position));
    this.position += written;
    return this;
  }

  /** Bytes written so far: where the next byte goes, for {@link repeat}. */
  get length(): number {
    return this.position;
  }

  /** Writes again the bytes written from `start` to `end` (positions this writer returned by `length`). */
  repeat(start: number, end: number): this {
    this.reserve(end - start);
    this.buffer.copyWithin(this.position, start, end);
    this.position += end - start;
    return this;
  }

  /** A double as proto3 JSON writes it: non-finite values as the strings "NaN", "Infinity", "-Infinity". */
  double(value: number): this {
    // Whole numbers (counts, sums of integer observations) skip String(), which costs more.
    if (value >= 0 && value <= MAX_DIGITS_FAST && Math.floor(value) === value) return this.digits(value);
    return this.raw(doubleText(value));
  }

  /** A 64-bit integer as proto3 JSON writes it: a decimal string. */
  int64(value: number): this {
    if (value >= 0 && value <= MAX_DIGITS_FAST) {
      this.reserve(2);
      this.buffer[this.position++] = QUOTE;
      this.digits(Math.floor(value));
      this.reserve(1);
      this.buffer[this.position++] = QUOTE;
      return this;
    }
    return this.raw('"').raw(decimal(value)).raw('"');
  }

  /** The decimal digits of an integer 0 <= value <= {@link MAX_DIGITS_FAST}, written backwards in place. */
  private digits(value: number): this {
    let length = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) length++;
    this.reserve(length);
    const buffer = this.buffer;
    let position = this.position + length;
    this.position = position;
    let rest = value;
    do {
      const next = Math.floor(rest / 10);
      buffer[--position] = 0x30 + (rest - next * 10);
      rest = next;
    } while (rest > 0);
    return this;
  }

  /** UTF-8 bytes known to be JSON already (text written once and kept, such as shared bounds). */
  bytes(value: Uint8Array): this {
    this.reserve(value.length);
    this.buffer.set(value, this.position);
    this.position += value.length;
    return this;
  }

  /** The text written, as bytes (a copy; the writer may be reused after `reset()`). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.position);
  }

  reset(): this {
    this.position = 0;
    return this;
  }
}

/** Largest integer written digit by digit; up to it, a double's shortest form is its plain digits. */
const MAX_DIGITS_FAST = 2 ** 31;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A double's JSON text as proto3 JSON writes it (see {@link JsonWriter.double}). */
export function doubleText(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
}

/** An integer's decimal digits: exact and exponent-free below 2^53, through BigInt above. */
export function decimal(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const integer = Math.trunc(value);
  return Number.isSafeInteger(integer) ? String(integer) : BigInt(integer).toString();
}

/** ES2024 string methods (Node 20 has them; the TypeScript lib here predates them). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** `value` with every lone surrogate replaced by U+FFFD (what a UTF-8 encoder writes for one). */
export function wellFormed(value: string): string {
  const s = value as unknown as WellFormedString;
  return s.isWellFormed() ? value : s.toWellFormed();
}

const ENCODER = new TextEncoder();
