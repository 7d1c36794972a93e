import { describe, expect, it } from 'vitest';
import { createLine, TimeRing } from './time-ring.js';

describe('TimeRing', () => {
  it('keeps the latest `capacity` times, oldest first, overwriting the oldest slot', () => {
    const ring = new TimeRing(3);
    expect(ring.latest()).toBeUndefined();
    const slots = [1000, 2000, 3000, 4000].map((t) => ring.push(t));
    expect(slots).toEqual([0, 1, 2, 0]);
    expect(ring.size).toBe(3);
    expect(ring.latest()).toBe(4000);
    expect([0, 1, 2].map((i) => ring.timeAt(ring.slotAt(i)))).toEqual([2000, 3000, 4000]);
  });

  it('returns the slots within a window of the latest time', () => {
    const ring = new TimeRing(10);
    for (let t = 0; t <= 20_000; t += 2000) ring.push(t); // 11 pushes: 0 is overwritten
    const slots = ring.window(5000);
    expect(slots.map((slot) => ring.timeAt(slot))).toEqual([16_000, 18_000, 20_000]);
    expect(ring.window(60_000).map((slot) => ring.timeAt(slot))[0]).toBe(2000);
  });

  it('never holds more than its capacity, however many frames arrive', () => {
    const ring = new TimeRing(5);
    const line = createLine(5);
    for (let t = 0; t < 10_000; t++) line[ring.push(t)] = t;
    expect(ring.size).toBe(5);
    expect([...ring.window(Number.POSITIVE_INFINITY)].map((slot) => line[slot])).toEqual([
      9995, 9996, 9997, 9998, 9999,
    ]);
  });

  it('rejects a capacity that cannot hold a rate', () => {
    expect(() => new TimeRing(1)).toThrow(RangeError);
  });

  it('starts lines as gaps', () => {
    expect(Number.isNaN(createLine(3)[2])).toBe(true);
  });
});
