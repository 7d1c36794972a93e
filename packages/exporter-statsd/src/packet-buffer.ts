const NEWLINE = 0x0a;
const COLON = 0x3a;
const PIPE = 0x7c;

/**
 * `Buffer#utf8Write`, what `write(text, offset)` calls after checking its arguments (a measurable
 * share of a flush of 100,000 lines; here the offset is always in range and the room checked).
 */
interface Utf8Writable {
  utf8Write(text: string, offset: number, length: number): number;
}
const INITIAL_BYTES = 64 * 1024;

/**
 * Packs lines into packets of at most `maxBytes` bytes of UTF-8, newline-separated. Sizes are
 * measured with `Buffer.byteLength`, never `string.length`: a tag value such as `café` or `東京` is
 * longer on the wire than in characters, and a datagram over the limit is fragmented or truncated.
 *
 * Entries are written as UTF-8 into one byte buffer kept from flush to flush, each packet a
 * contiguous run of it: no string per packet is built, and the socket gets the bytes as they are.
 * Fresh memory is what costs here (every new page is faulted in), so the buffer is reused.
 */
export class PacketBuffer {
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  /** Bytes written since the last drain. */
  private used = 0;
  /** Where each finished packet ends (the next one starts there). */
  private readonly packetEnds: number[] = [];
  private currentBytes = 0;
  private droppedCount = 0;
  private droppedExample: { bytes: number; entry: string } | undefined;

  constructor(readonly maxBytes: number) {}

  /**
   * Adds an entry: one line, or several joined by `\n` that must arrive in the same packet (a
   * negative gauge is `name:0|g` then `name:-5|g`). An entry that can never fit is dropped and
   * counted (see {@link dropped}).
   */
  add(entry: string): void {
    const bytes = Buffer.byteLength(entry);
    if (!this.place(bytes)) {
      if (bytes > this.maxBytes) this.droppedExample ??= { bytes, entry };
      return;
    }
    const out = this.bytes as unknown as Utf8Writable;
    this.used += out.utf8Write(entry, this.used, this.bytes.length - this.used);
  }

  /**
   * Adds the line `<stat>:<value>|<type><tagSuffix>` without building it as a string: `stat` is
   * `text[start .. statEnd)` and `tagSuffix` `text[statEnd .. end)` (UTF-8), `value` and `type`
   * are ASCII (a number as {@link formatNumber} writes it, `c`, `g`).
   */
  addLine(text: Uint8Array, start: number, statEnd: number, end: number, value: string, type: string): void {
    const bytes = end - start + value.length + type.length + 2;
    if (!this.place(bytes)) {
      if (bytes > this.maxBytes) {
        const line = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
        this.droppedExample ??= {
          bytes,
          entry: `${line.toString('utf8', start, statEnd)}:${value}|${type}${line.toString('utf8', statEnd, end)}`,
        };
      }
      return;
    }
    const out = this.bytes;
    let at = this.used;
    for (let j = start; j < statEnd; j++) out[at++] = text[j]!;
    out[at++] = COLON;
    for (let j = 0; j < value.length; j++) out[at++] = value.charCodeAt(j);
    out[at++] = PIPE;
    for (let j = 0; j < type.length; j++) out[at++] = type.charCodeAt(j);
    for (let j = statEnd; j < end; j++) out[at++] = text[j]!;
    this.used = at;
  }

  /**
   * Makes room for an entry of `bytes`: in the current packet after a newline, or in a new one.
   * False when it is empty or can never fit (then counted as dropped).
   */
  private place(bytes: number): boolean {
    if (bytes > this.maxBytes) {
      this.droppedCount++;
      return false;
    }
    if (bytes === 0) return false; // no line to send
    if (this.used + bytes + 1 > this.bytes.length) this.grow(this.used + bytes + 1);
    if (this.currentBytes === 0) {
      this.currentBytes = bytes;
    } else if (this.currentBytes + 1 + bytes <= this.maxBytes) {
      this.bytes[this.used++] = NEWLINE;
      this.currentBytes += 1 + bytes;
    } else {
      this.packetEnds.push(this.used);
      this.currentBytes = bytes;
    }
    return true;
  }

  /** Entries too long for any packet since the last {@link drain}, with the first one as an example. */
  get dropped(): { count: number; example: { bytes: number; entry: string } | undefined } {
    return { count: this.droppedCount, example: this.droppedExample };
  }

  /** The finished packets as text, including the partly filled last one; the buffer starts empty again. */
  drain(): string[] {
    return this.drainBytes().map((packet) => packet.toString('utf8'));
  }

  /**
   * The finished packets as views of the buffer, including the partly filled last one; the buffer
   * starts empty again. The views are valid until the next {@link add}: send them first, or
   * {@link release} the buffer.
   */
  drainBytes(): Buffer[] {
    if (this.currentBytes > 0) this.packetEnds.push(this.used);
    const packets: Buffer[] = new Array(this.packetEnds.length);
    let start = 0;
    for (let p = 0; p < this.packetEnds.length; p++) {
      packets[p] = this.bytes.subarray(start, this.packetEnds[p]);
      start = this.packetEnds[p]!;
    }
    this.packetEnds.length = 0;
    this.used = 0;
    this.currentBytes = 0;
    this.droppedCount = 0;
    this.droppedExample = undefined;
    return packets;
  }

  /** Leaves the buffer to the packets drained from it (still being sent): later entries go to a new one. */
  release(): void {
    this.bytes = Buffer.allocUnsafe(Math.min(this.bytes.length, INITIAL_BYTES));
  }

  private grow(needed: number): void {
    let size = this.bytes.length * 2;
    while (size < needed) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }
}
