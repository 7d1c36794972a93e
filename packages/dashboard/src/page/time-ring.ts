/**
 * The page's clock of frames: a fixed number of slots, overwritten oldest first. Every series keeps
 * its values in arrays of the same capacity indexed by the same slot, so one ring of times serves
 * them all and memory never grows past `capacity` values per line.
 */
export class TimeRing {
  private readonly times: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError(`capacity must be >= 2: ${capacity}`);
    this.times = new Float64Array(capacity);
  }

  /** How many slots hold a time. */
  get size(): number {
    return this.filled;
  }

  /** Records a time; returns the slot the series write their values for it into. */
  push(t: number): number {
    const slot = this.next;
    this.times[slot] = t;
    this.next = (slot + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
    return slot;
  }

  /** The latest time, or undefined while empty. */
  latest(): number | undefined {
    return this.filled === 0 ? undefined : this.times[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** Slot of the i-th oldest time still kept (0 = oldest). */
  slotAt(index: number): number {
    return (this.next - this.filled + index + this.capacity) % this.capacity;
  }

  /** Time held by a slot. */
  timeAt(slot: number): number {
    return this.times[slot]!;
  }

  /** Slots (oldest first) of the times within `windowMs` of the latest one. */
  window(windowMs: number): number[] {
    const latest = this.latest();
    if (latest === undefined) return [];
    const slots: number[] = [];
    for (let i = this.filled - 1; i >= 0; i--) {
      const slot = this.slotAt(i);
      if (this.times[slot]! < latest - windowMs) break;
      slots.push(slot);
    }
    return slots.reverse();
  }
}

/** One line's values, aligned with a {@link TimeRing}; NaN is a gap. Float32: half the memory of numbers. */
export function createLine(capacity: number): Float32Array {
  return new Float32Array(capacity).fill(Number.NaN);
}
