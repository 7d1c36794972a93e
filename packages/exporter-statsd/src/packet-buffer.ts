/**
 * Packs lines into packets of at most `maxBytes` bytes of UTF-8, newline-separated. Sizes are
 * measured with `Buffer.byteLength`, never `string.length`: a tag value such as `café` or `東京` is
 * longer on the wire than in characters, and a datagram over the limit is fragmented or truncated.
 */
export class PacketBuffer {
  private readonly packets: string[] = [];
  /** The entries of the packet being filled, joined when it is full: one flat string, not a rope. */
  private readonly current: string[] = [];
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
    this.addMeasured(entry, Buffer.byteLength(entry));
  }

  /**
   * {@link add} for an entry whose UTF-8 length the caller already knows (`bytes` must be
   * `Buffer.byteLength(entry)`): the columns path adds up lengths measured once per series.
   */
  addMeasured(entry: string, bytes: number): void {
    if (bytes > this.maxBytes) {
      this.droppedCount++;
      this.droppedExample ??= { bytes, entry };
      return;
    }
    if (bytes === 0) return; // no line to send
    if (this.currentBytes === 0) {
      this.currentBytes = bytes;
    } else if (this.currentBytes + 1 + bytes <= this.maxBytes) {
      this.currentBytes += 1 + bytes;
    } else {
      this.finishPacket();
      this.currentBytes = bytes;
    }
    this.current.push(entry);
  }

  /** Entries too long for any packet since the last {@link drain}, with the first one as an example. */
  get dropped(): { count: number; example: { bytes: number; entry: string } | undefined } {
    return { count: this.droppedCount, example: this.droppedExample };
  }

  /** The finished packets, including the partly filled last one; the buffer starts empty again. */
  drain(): string[] {
    if (this.currentBytes > 0) this.finishPacket();
    const packets = this.packets.splice(0);
    this.currentBytes = 0;
    this.droppedCount = 0;
    this.droppedExample = undefined;
    return packets;
  }

  /**
   * Joins the entries of the current packet. A string grown by `+=` is a tree of pieces that the
   * socket write must first copy into one flat string; `join` builds the flat string at once.
   */
  private finishPacket(): void {
    this.packets.push(this.current.join('\n'));
    this.current.length = 0;
  }
}
