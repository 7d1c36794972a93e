import type { CanonicalTags } from '../tags.js';

/** A gauge read from a function at each collection (seed 002's CallbackRegistry, seed 001's collector). */
export class CallbackGauge {
  constructor(
    readonly name: string,
    readonly description: string,
    readonly unit: string,
    readonly tags: CanonicalTags,
    readonly startTime: number,
    readonly read: () => number | Promise<number>,
    /** A monotonic total read at collection (CPU seconds): exported as a counter, not a gauge. */
    readonly monotonic = false,
  ) {}
}
