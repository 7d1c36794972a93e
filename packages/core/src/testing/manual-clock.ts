import type { Clock } from '../clock.js';

/** A clock that moves only when told: summaries' windows and timers become deterministic in tests. */
export class ManualClock implements Clock {
  private wall: number;
  private mono = 0;

  constructor(startWallMs = Date.UTC(2026, 0, 1)) {
    this.wall = startWallMs;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  /** Moves both clocks forward. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock can only move forward, got ${ms}`);
    this.wall += ms;
    this.mono += ms;
  }
}
