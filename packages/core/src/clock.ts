import { performance } from 'node:perf_hooks';

/** Where meterkit reads time. Tests inject a manual clock (`@meterkit/core/testing`). */
export interface Clock {
  /** Wall-clock milliseconds since the epoch: timestamps and start times. */
  now(): number;
  /** Monotonic milliseconds: durations and window rotation, never affected by clock changes. */
  monotonic(): number;
}

/** The real clock: `Date.now()` and `performance.now()`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};
