import { RelativeErrorSketch } from './relative-error-sketch.js';

/**
 * Quantiles over the last `maxAgeMs`: the window is split into `ageBuckets` sub-windows, each its own
 * sketch. An observation goes into the current sub-window only; every `maxAgeMs / ageBuckets` the
 * oldest sub-window is cleared and becomes the current one. A read merges all sub-windows, so it sees
 * observations from the last `maxAgeMs * (ageBuckets - 1) / ageBuckets` at least and `maxAgeMs` at most.
 */
export class SlidingWindowSketch {
  private readonly windows: Array<RelativeErrorSketch | undefined>;
  private current = 0;
  private rotateAt: number;
  private readonly stepMs: number;

  constructor(
    maxAgeMs: number,
    ageBuckets: number,
    now: number,
    private readonly relativeAccuracy: number,
  ) {
    this.windows = new Array(ageBuckets).fill(undefined);
    this.stepMs = maxAgeMs / ageBuckets;
    this.rotateAt = now + this.stepMs;
  }

  add(value: number, now: number): void {
    if (now >= this.rotateAt) this.rotate(now);
    let sketch = this.windows[this.current];
    if (sketch === undefined) {
      sketch = new RelativeErrorSketch(this.relativeAccuracy);
      this.windows[this.current] = sketch;
    }
    sketch.add(value);
  }

  /** A fresh sketch holding everything inside the window at `now`. */
  merged(now: number): RelativeErrorSketch {
    if (now >= this.rotateAt) this.rotate(now);
    const result = new RelativeErrorSketch(this.relativeAccuracy);
    for (const sketch of this.windows) if (sketch !== undefined) result.merge(sketch);
    return result;
  }

  private rotate(now: number): void {
    const steps = Math.floor((now - this.rotateAt) / this.stepMs) + 1;
    const clear = Math.min(steps, this.windows.length);
    for (let i = 0; i < clear; i++) {
      this.current = (this.current + 1) % this.windows.length;
      this.windows[this.current]?.clear();
    }
    this.rotateAt += steps * this.stepMs;
    // A clock that jumped far ahead (suspend, manual clock) restarts the schedule from now.
    if (this.rotateAt <= now) this.rotateAt = now + this.stepMs;
  }
}
