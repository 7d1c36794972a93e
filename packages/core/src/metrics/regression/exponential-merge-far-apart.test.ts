import { describe, expect, it } from 'vitest';
import { ExponentialHistogram } from '../exponential-histogram.js';
import { mergeExponentialBuckets } from '../exponential-merge.js';

/**
 * Merging two single-value histograms still at scale 20, one at 1e-300 and one at 1e300, once added
 * their spans at that scale, an array of about 2^31 counts (the process ran out of memory in the
 * property test). The merge must pick its final scale before adding.
 */
describe('regression: merging far-apart exponential spans', () => {
  it('lowers the scale first and never builds the fine-scale union', () => {
    const one = (value: number) => {
      const histogram = new ExponentialHistogram({ maxBuckets: 160, maxScale: 20 });
      histogram.record(value, 1);
      return histogram.toBuckets();
    };
    const merged = mergeExponentialBuckets(one(1e-300), one(1e300), 160);
    expect(merged.positive.counts.length).toBeLessThanOrEqual(160);
    expect(merged.positive.counts.reduce((a, b) => a + b, 0)).toBe(2);
    const both = new ExponentialHistogram({ maxBuckets: 160, maxScale: 20 });
    both.record(1e-300, 1);
    both.record(1e300, 1);
    expect(merged).toEqual(both.toBuckets());
  });
});
