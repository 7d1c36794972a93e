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
    // Plain printable ASCII (most names and tag values) is copied as it is, between quotes.
    let plain = true;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x20 || code >= 0x7f || code === 0x22 || code === 0x5c) {
        plain = false;
        break;
      }
    }
    if (plain) return this.raw('"').raw(value).raw('"');
    const text = JSON.stringify(wellFormed(value));
    this.reserve(text.length * 3);
    const { written } = ENCODER.encodeInto(text, this.buffer.subarray(this.position));
    this.position += written;
    return this;
  }

  /** A double as proto3 JSON writes it: non-finite values as the strings "NaN", "Infinity", "-Infinity". */
  double(value: number): this {
    if (Number.isFinite(value)) return this.raw(String(value));
    return this.raw(Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"');
  }

  /** A 64-bit integer as proto3 JSON writes it: a decimal string. */
  int64(value: number): this {
    return this.raw('"').raw(decimal(value)).raw('"');
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
