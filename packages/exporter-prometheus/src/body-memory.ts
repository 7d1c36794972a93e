import { REUSABLE_BUFFER_BYTES } from './exposition-bytes.js';

/**
 * The memory of the latest large response body, kept for the next one once no response reads it.
 * A scrape of 100,000 series writes about 8 MB; on a virtual machine the first touch of each fresh
 * 4 KB page can cost more than writing into it, and the garbage collector frees a dead `Buffer`
 * only later, so every scrape would otherwise pay for new pages. Holds one buffer at most.
 */
export class BodyMemory {
  private spare: Buffer | undefined;

  /** The kept memory (the caller now owns it), or undefined. */
  take(): Buffer | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /**
   * Gives back the memory behind `body`: only when nothing reads the body any more (a response
   * still being sent would see its bytes change). Small buffers are not kept: Node may carve them
   * out of a shared pool.
   */
  giveBack(body: Uint8Array): void {
    const memory = body.buffer;
    if (memory.byteLength < REUSABLE_BUFFER_BYTES) return;
    if (this.spare !== undefined && this.spare.length >= memory.byteLength) return;
    this.spare = Buffer.from(memory);
  }
}
