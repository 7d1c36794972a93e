import { keepShape } from '@meterkit/core/exporter-kit';
import { escapeLabelValue } from './label-escaping.js';
import { formatSampleValue } from './number-format.js';

/** Below this a buffer is not worth keeping for the next exposition (and may be Node's shared pool slab). */
export const REUSABLE_BUFFER_BYTES = 65_536;
const EMPTY = Buffer.alloc(0);
/** Up to this many bytes a loop copies faster than `set`/`copyWithin`, whose call costs more than a label. */
const SHORT_COPY = 64;

/**
 * Copies `source[from, to)` to `target` at `at`; returns the end. Labels and shared line prefixes
 * are 5-60 bytes: for them a plain loop measured 20% faster than the built-ins. A copy inside one
 * buffer whose target overlaps the rest of its source (never the case for a line repeating an
 * earlier, finished one) goes through `copyWithin`, which copies as if through a temporary.
 */
function copyShort(source: Uint8Array, from: number, to: number, target: Uint8Array, at: number): number {
  const overlaps = source === target && at > from && at < to;
  if (to - from > SHORT_COPY || overlaps) {
    if (source === target) target.copyWithin(at, from, to);
    else target.set(source.subarray(from, to), at);
    return at + to - from;
  }
  for (let i = from; i < to; i++) target[at++] = source[i]!;
  return at;
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const LETTER_N = 0x6e;
const DIGIT_ZERO = 0x30;
const CLOSE_BRACE = 0x7d;
const SPACE = 0x20;
/** Room for a line's end: `} `, a sample value (at most 25 characters), `\n`. */
const LINE_END_ROOM = 32;

/** Decimal digits of a whole number 0 … 2^31 - 1 (comparisons: a division per digit costs more). */
function digitCount(value: number): number {
  if (value < 100_000) return value < 100 ? (value < 10 ? 1 : 2) : value < 1000 ? 3 : value < 10_000 ? 4 : 5;
  if (value < 10_000_000) return value < 1_000_000 ? 6 : 7;
  return value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;
}

/**
 * The bytes of one exposition, written in place into one growing `Buffer`: no line is ever a
 * string. Label prefixes shared with the previous line are copied from that line's bytes
 * ({@link ExpositionBytes.repeat}), ASCII is written byte by byte, whole numbers digit by digit, so
 * a scrape of 100,000 series allocates almost nothing on the JS heap. The serializer hands out the
 * bytes written since the previous {@link ExpositionBytes.take} as views of the same memory, so a
 * caller that keeps all of them adjacent gets the body without a copy.
 *
 * Callers reserve room ({@link ExpositionBytes.room}) before the unchecked writes (`byte`,
 * `asciiUnchecked`, `digits`).
 */
export class ExpositionBytes {
  /** Where the bytes go; replaced by a bigger one when it fills up. */
  buffer: Buffer;
  /** Bytes written so far. */
  at = 0;
  private taken = 0;
  /** Lines written so far, kept by the writer: with `expectedLines`, the basis of the size estimate. */
  linesWritten = 0;

  /**
   * @param expectedLines - about how many lines the exposition will have.
   * @param reuse - memory of an earlier exposition nobody reads any more: first touches of fresh
   *   pages cost more than the writing itself on some machines, and a big buffer's pages stay warm.
   */
  constructor(
    private readonly expectedLines: number,
    reuse?: Buffer,
  ) {
    // `reuse` arrives through a public serializer option: anything but a large Buffer is ignored.
    this.buffer =
      Buffer.isBuffer(reuse) && reuse.length >= REUSABLE_BUFFER_BYTES ? reuse : Buffer.allocUnsafe(16_384);
    // One writer per body: keep the shape its writing code is optimized for (see keepShape).
    keepShape(this);
  }

  /** Lets go of the memory (views already taken keep it): the writer is done, and may be kept. */
  release(): void {
    this.buffer = EMPTY;
    this.at = 0;
    this.taken = 0;
  }

  /** Makes sure `bytes` more bytes fit. */
  room(bytes: number): void {
    if (this.at + bytes > this.buffer.length) this.grow(bytes);
  }

  /** Any text, as UTF-8. */
  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: with that much room, utf8Write never truncates.
    this.room(text.length * 3);
    this.at += this.buffer.write(text, this.at);
  }

  /** Prepared bytes (a name, `,le="0.5"} `). */
  bytes(source: Uint8Array): void {
    this.room(source.length);
    this.at = copyShort(source, 0, source.length, this.buffer, this.at);
  }

  /** One byte; room reserved by the caller. */
  byte(code: number): void {
    this.buffer[this.at++] = code;
  }

  /** Text known to be ASCII (label names, number renderings); room reserved by the caller. */
  asciiUnchecked(text: string): void {
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /**
   * Writes again `length` bytes written earlier at `start`: the part of the previous line that this
   * line shares (`name{method="GET",route="/a"`), copied inside the buffer without a view or a string.
   */
  repeat(start: number, length: number): void {
    this.room(length);
    this.at = copyShort(this.buffer, start, start + length, this.buffer, this.at);
  }

  /**
   * One label: `head` (`{key="` or `,key="`, encoded once per key set), the value escaped, `"`.
   * One room check for all of it, then plain byte writes.
   */
  label(head: Uint8Array, value: string): void {
    this.room(head.length + value.length * 3 + 1);
    const buffer = this.buffer;
    let at = copyShort(head, 0, head.length, buffer, this.at);
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) {
        // Rare: the whole value through the encoder (what was written of it is overwritten).
        at = this.at + head.length;
        at += buffer.write(escapeLabelValue(value), at);
        break;
      }
      if (code === BACKSLASH || code === QUOTE) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = code;
      } else if (code === NEWLINE) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = LETTER_N;
      } else buffer[at++] = code;
    }
    buffer[at++] = QUOTE;
    this.at = at;
  }

  /** Ends a sample line: `} ` (or ` ` without labels), the value, `\n`. */
  lineEnd(closesLabels: boolean, value: number): void {
    this.room(LINE_END_ROOM);
    if (closesLabels) this.buffer[this.at++] = CLOSE_BRACE;
    this.buffer[this.at++] = SPACE;
    this.sampleValue(value);
    this.buffer[this.at++] = NEWLINE;
  }

  /** A sample value as {@link formatSampleValue} renders it; room for 32 bytes reserved by the caller. */
  sampleValue(value: number): void {
    if (value >= 0 && value <= 0x7fffffff && (value | 0) === value) this.digits(value);
    // Fractions, negatives, large and special values: JavaScript's shortest rendering (ASCII, < 32 bytes).
    else this.asciiUnchecked(formatSampleValue(value));
  }

  /** A whole number 0 … 2^31 - 1 in decimal; room reserved by the caller. */
  digits(value: number): void {
    const buffer = this.buffer;
    let end = this.at + digitCount(value) - 1;
    this.at = end + 1;
    let rest = value;
    do {
      const next = (rest / 10) | 0;
      buffer[end--] = DIGIT_ZERO + rest - next * 10;
      rest = next;
    } while (rest > 0);
  }

  /** A view of the bytes written since the previous call (possibly empty). */
  take(): Buffer {
    const view = this.buffer.subarray(this.taken, this.at);
    this.taken = this.at;
    return view;
  }

  /** Makes room for `bytes` more bytes (the lines counted so far include them). */
  private grow(bytes: number): void {
    // Sized from the bytes per line so far: one early growth to about the final size, not a series
    // of doublings that would allocate up to three times the body. At least doubling otherwise.
    // The margin is for lines that get longer (`/item/9` … `/item/99999`).
    const perLine = this.linesWritten > 0 ? this.at / this.linesWritten : 0;
    const estimate = perLine * Math.max(this.expectedLines, this.linesWritten) * 1.2 + 4096;
    const doubled = this.linesWritten >= this.expectedLines || perLine === 0 ? this.buffer.length * 2 : 0;
    // Views handed out earlier keep the old memory alive and stay valid: it is copied, not reused.
    const bigger = Buffer.allocUnsafe(Math.ceil(Math.max(estimate, doubled, this.at + bytes + 4096)));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }
}
