import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrTimeDecimal, hrTimeHalves, millisToHrTime } from './hr-time.js';

const hrTimeToNanos = (time: [number, number]) => BigInt(hrTimeDecimal(time));

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

describe('OTLP nanosecond times', () => {
  it('as fixed64 halves and as a decimal string, exact for any time up to 2106', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        (s, n) => {
          const exact = BigInt(s) * 1_000_000_000n + BigInt(n);
          const { high, low } = hrTimeHalves([s, n], { high: 0, low: 0 });
          expect((BigInt(high) << 32n) + BigInt(low)).toBe(exact);
          expect(low).toBeLessThan(2 ** 32);
          expect(hrTimeDecimal([s, n])).toBe(exact.toString());
        },
      ),
    );
  });
});
