/**
 * The bytes of one exposition, written in place into one growing `Buffer` instead of being built as
 * strings, joined, and encoded afterwards: a large scrape then allocates about its own size once.
 * The serializer hands out the bytes written since the previous {@link ExpositionBytes.take} as views
 * of the same memory, so a caller that keeps all of them adjacent gets the body without a copy.
 */
export class ExpositionBytes {
  private buffer = Buffer.allocUnsafe(16_384);
  private length = 0;
  private taken = 0;
  /** Lines written so far, kept by the writer: with `expectedLines`, the basis of the size estimate. */
  linesWritten = 0;

  /** @param expectedLines - about how many lines the exposition will have. */
  constructor(private readonly expectedLines: number) {}

  /**
   * Text not yet encoded. Lines are appended to one string and encoded about every 16 KB: one
   * encoder call per many lines measured twice as fast as one per line (each call has a fixed cost).
   */
  private pending = '';

  /** Appends `text` (encoded as UTF-8). */
  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= 16_384) this.encodePending();
  }

  private encodePending(): void {
    const text = this.pending;
    this.pending = '';
    // A UTF-16 code unit is at most 3 bytes of UTF-8: with that much room, write() never truncates.
    if (this.length + text.length * 3 > this.buffer.length) this.grow(text.length);
    this.length += this.buffer.write(text, this.length);
  }

  /** A view of the bytes written since the previous call (possibly empty). */
  take(): Buffer {
    this.encodePending();
    const view = this.buffer.subarray(this.taken, this.length);
    this.taken = this.length;
    return view;
  }

  /** Makes room for `pendingChars` more UTF-16 code units (the lines counted so far include them). */
  private grow(pendingChars: number): void {
    const needed = pendingChars * 3;
    // Sized from the bytes per line so far: one early growth to about the final size, not a series
    // of doublings that would allocate up to three times the body. At least doubling otherwise.
    // The margin is for lines that get longer (`/item/9` … `/item/99999`).
    const perLine = this.linesWritten > 0 ? (this.length + pendingChars) / this.linesWritten : 0;
    const estimate = perLine * Math.max(this.expectedLines, this.linesWritten) * 1.2 + 4096;
    const doubled = this.linesWritten >= this.expectedLines || perLine === 0 ? this.buffer.length * 2 : 0;
    // Views handed out earlier keep the old memory alive and stay valid: it is copied, not reused.
    const bigger = Buffer.allocUnsafe(Math.ceil(Math.max(estimate, doubled, this.length + needed)));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }
}
