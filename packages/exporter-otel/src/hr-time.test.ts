import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrTimeToNanos, millisToHrTime } from './hr-time.js';

describe('millisToHrTime', () => {
  it('splits epoch milliseconds exactly', () => {
    expect(millisToHrTime(1_767_225_600_123)).toEqual([1_767_225_600, 123_000_000]);
    expect(millisToHrTime(1.5)).toEqual([0, 1_500_000]);
    expect(hrTimeToNanos(millisToHrTime(1_767_225_600_123))).toBe(1_767_225_600_123_000_000n);
  });

  it('always yields nanoseconds below one second and preserves whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const [seconds, nanos] = millisToHrTime(ms);
        expect(nanos).toBeGreaterThanOrEqual(0);
        expect(nanos).toBeLessThan(1e9);
        expect(hrTimeToNanos([seconds, nanos])).toBe(BigInt(ms) * 1_000_000n);
      }),
    );
  });
});
