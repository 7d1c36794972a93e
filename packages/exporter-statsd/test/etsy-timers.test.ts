import { createProvider, DEFAULT_BUCKETS } from '@meterkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtsyDaemon, etsyTimerStats } from './support/etsy-daemon.js';
import { waitFor } from './support/free-port.js';

/** A deterministic spread of durations (seconds) from 1 ms to ~3 s, skewed towards short ones. */
function durations(count: number, seed: number): number[] {
  let state = seed;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    values.push(0.001 + 3 * (state / 2 ** 31) ** 3);
  }
  return values;
}

/** The (lower, upper] bucket, in ms, that holds `valueMs`. */
function bucketOf(valueMs: number): [number, number] {
  let lower = 0;
  for (const bound of [...DEFAULT_BUCKETS, Number.POSITIVE_INFINITY]) {
    if (valueMs <= bound * 1000) return [lower, bound * 1000];
    lower = bound * 1000;
  }
  throw new Error('unreachable');
}

describe('Etsy statsd daemon: timers, histograms and sampling', () => {
  let daemon: EtsyDaemon;
  const errors: Error[] = [];

  beforeAll(async () => {
    daemon = await EtsyDaemon.start();
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it("gives the daemon the observations' exact count, sum, mean, upper and lower; the 90th percentile to bucket resolution", async () => {
    const meters = await createProvider({
      provider: 'statsd',
      namespace: 'shop',
      statsd: { address: `127.0.0.1:${daemon.port}`, flushPeriod: '50ms' },
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

  it('scales sampled timers back: sampleRate 0.1 sends a tenth of the samples, the daemon counts all', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, sampleRate: 0.1 },
      onError: (error) => errors.push(error),
    });
    const observations = durations(1000, 3);
    for (const seconds of observations) meters.timer('sampled_latency').record(seconds);
    await meters.stop();
    const timer = await waitFor('the sampled timer', () => daemon.timer('sampled_latency', 1000));
    expect(timer.values).toHaveLength(100);
    expect(timer.count).toBe(1000);
    expect(timer.mean).toBeCloseTo(etsyTimerStats(observations.map((s) => s * 1000)).mean, 9);
    const lines = daemon
      .records()
      .packets.flatMap((p) => p.text.split('\n'))
      .filter((l) => l.startsWith('sampled_latency:'));
    expect(lines).toHaveLength(100);
    for (const line of lines) expect(line).toMatch(/^sampled_latency:[0-9.e+-]+\|ms\|@0\.1$/);
  });

  it('keeps the count exact when a weight has no exact reciprocal (49 observations per sample)', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, maxSamplesPerSeries: 100 },
      onError: (error) => errors.push(error),
    });
    // 1 / (1 / 49) !== 49 in doubles: sending @0.02040816326530612 a hundred times would count 4900.000000000001.
    const histogram = meters.histogram('batch_size', { buckets: [10, 100, 1000] });
    for (let i = 0; i < 4900; i++) histogram.observe(i % 1500);
    await meters.stop();
    const timer = await waitFor('the histogram', () => daemon.timer('batch_size', 4900));
    expect(timer.count).toBe(4900);
    expect(timer.values).toHaveLength(100);
    expect(errors).toEqual([]);
  });
});
