import { createProvider } from '@meterkit/core';
import { EtsyDaemon, etsyTimerStats, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, durations } from './support/durations.js';

/**
 * The fallback for series without raw observations (`keepObservations: false`, or metrics created
 * before the provider): samples rebuilt from count, sum, min, max and the buckets.
 */
describe('Etsy statsd daemon: timers rebuilt from buckets', () => {
  let daemon: EtsyDaemon;

  beforeAll(async () => {
    daemon = await EtsyDaemon.start();
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it("gives the daemon the observations' exact count, sum, mean, upper and lower; the 90th percentile to bucket resolution", async () => {
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      namespace: 'shop',
      statsd: { address: `127.0.0.1:${daemon.port}`, flushPeriod: '50ms', keepObservations: false },
      onError: (error) => errors.push(error),
    });
    const latency = meters.timer('checkout_latency');
    const first = durations(200, 7);
    for (const seconds of first) latency.record(seconds);
    await meters.start();
    const key = 'shop.checkout_latency';
    const one = await waitFor('the first interval', () => daemon.timer(key, 200));
    // A second interval whose extremes stay inside the first one's: only count, sum and mean are known exactly.
    const second = durations(150, 99).map((s) => Math.min(s, Math.max(...first) * 0.9));
    for (const seconds of second) latency.record(seconds);
    await meters.stop();
    const two = await waitFor('the second interval', () => daemon.timer(key, 150, 200));

    const want = etsyTimerStats(first.map((s) => s * 1000));
    expect(one.count).toBe(200);
    expect(one.sum).toBeCloseTo(want.sum, 6);
    expect(one.mean).toBeCloseTo(want.mean, 9);
    expect(one.upper).toBeCloseTo(want.upper, 9);
    expect(one.lower).toBeCloseTo(want.lower, 9);
    const [lo, hi] = bucketOf(want.upper_90);
    expect(one.upper_90).toBeGreaterThan(lo);
    expect(one.upper_90).toBeLessThanOrEqual(hi);

    const wantTwo = etsyTimerStats(second.map((s) => s * 1000));
    expect(two.count).toBe(150);
    expect(two.sum).toBeCloseTo(wantTwo.sum, 6);
    expect(two.mean).toBeCloseTo(wantTwo.mean, 9);
    const [lo2, hi2] = bucketOf(wantTwo.upper_90);
    expect(two.upper_90).toBeGreaterThan(lo2);
    expect(two.upper_90).toBeLessThanOrEqual(hi2);
    // This interval's max is not known (the all-time max did not move): the largest sample lies in
    // the bucket of the true maximum, below the all-time max.
    expect(two.upper).toBeGreaterThan(bucketOf(wantTwo.upper)[0]);
    expect(two.upper).toBeLessThanOrEqual(want.upper);
    expect(errors).toEqual([]);
  });

  it('keeps count and mean exact when sampling: sampleRate 0.1 sends a tenth of the samples', async () => {
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, sampleRate: 0.1, keepObservations: false },
      onError: (error) => errors.push(error),
    });
    const observations = durations(1000, 3);
    for (const seconds of observations) meters.timer('rebuilt_latency').record(seconds);
    await meters.stop();
    const timer = await waitFor('the sampled timer', () => daemon.timer('rebuilt_latency', 1000));
    expect(timer.values).toHaveLength(100);
    expect(timer.count).toBe(1000);
    expect(timer.mean).toBeCloseTo(etsyTimerStats(observations.map((s) => s * 1000)).mean, 9);
    expect(errors).toEqual([]);
  });
});
