import { createProvider } from '@meterkit/core';
import { EtsyDaemon, type EtsyTimer, etsyTimerStats, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durations } from './support/durations.js';

/**
 * What statsd 0.9.0's lib/process_metrics.js makes of a timer, written out by hand from the
 * recorded observations: the values are sorted ascending and summed in that order; for a percentile
 * `pct`, `numInThreshold = Math.round(pct / 100 * count)` and `upper_pct = values[numInThreshold - 1]`
 * (with a single value, that value); mean = sum / count.
 */
function expectedByHand(recordedMs: readonly number[], pct: number) {
  const values = [...recordedMs].sort((a, b) => a - b);
  let sum = 0;
  for (const value of values) sum += value;
  const numInThreshold = values.length > 1 ? Math.round((pct / 100) * values.length) : values.length;
  let sumInThreshold = 0;
  for (let i = 0; i < numInThreshold; i++) sumInThreshold += values[i]!;
  return {
    values,
    count: values.length,
    sum,
    mean: sum / values.length,
    upper: values[values.length - 1]!,
    lower: values[0]!,
    upperPct: values[numInThreshold - 1]!,
    countPct: numInThreshold,
    sumPct: sumInThreshold,
  };
}

/** Every statistic the daemon computed equals the one computed by hand, to the last bit. */
function expectExact(timer: EtsyTimer, recordedMs: readonly number[]) {
  const want = expectedByHand(recordedMs, 90);
  expect([...timer.values].sort((a, b) => a - b)).toEqual(want.values);
  expect(timer.count).toBe(want.count);
  expect(timer.sum).toBe(want.sum);
  expect(timer.mean).toBe(want.mean);
  expect(timer.upper).toBe(want.upper);
  expect(timer.lower).toBe(want.lower);
  expect(timer.upper_90).toBe(want.upperPct);
  expect(timer.count_90).toBe(want.countPct);
  expect(timer.sum_90).toBe(want.sumPct);
  expect(timer.upper_50).toBe(expectedByHand(recordedMs, 50).upperPct);
  expect(timer.upper_99).toBe(expectedByHand(recordedMs, 99).upperPct);
}

describe('Etsy statsd daemon: timers, histograms and summaries from raw observations', () => {
  let daemon: EtsyDaemon;

  beforeAll(async () => {
    daemon = await EtsyDaemon.start({ percentThreshold: [50, 90, 99] });
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it("computes the recorded observations' exact 90th percentile, upper, lower, mean, count and sum", async () => {
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      namespace: 'shop',
      statsd: { address: `127.0.0.1:${daemon.port}`, flushPeriod: '50ms' },
      onError: (error) => errors.push(error),
    });
    const latency = meters.timer('checkout_latency');
    const payload = meters.summary('payload_bytes');
    // Fewer observations per flush than the reservoir holds (1000): each one reaches the daemon.
    const first = durations(200, 7);
    for (const seconds of first) latency.record(seconds);
    const sizes = durations(25, 5).map((s) => Math.round(s * 10_000));
    for (const size of sizes) payload.observe(size);
    await meters.start();
    const one = await waitFor('the first interval', () => daemon.timer('shop.checkout_latency', 200));
    // A second interval, with its extremes inside the first one's and a rank (0.9 * 37 = 33.3) that
    // falls between two observations.
    const second = durations(37, 99).map((s) => Math.min(s, Math.max(...first) * 0.9));
    for (const seconds of second) latency.record(seconds);
    await meters.stop();
    const two = await waitFor('the second interval', () => daemon.timer('shop.checkout_latency', 37, 200));
    const summary = await waitFor('the summary', () => daemon.timer('shop.payload_bytes', 25));

    expectExact(
      one,
      first.map((s) => s * 1000),
    );
    expect(one.upper_90).toBe([...first].sort((a, b) => a - b)[179]! * 1000);
    expectExact(
      two,
      second.map((s) => s * 1000),
    );
    expect(two.upper_90).toBe([...second].sort((a, b) => a - b)[32]! * 1000);
    expectExact(summary, sizes);
    expect(errors).toEqual([]);
  });

  it('with more observations than fit, sends a uniform sample of them: count exact, the rest estimated', async () => {
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, maxSamplesPerSeries: 100 },
      onError: (error) => errors.push(error),
    });
    const recordedMs = durations(1000, 3).map((s) => s * 1000);
    const latency = meters.timer('sampled_latency');
    for (const ms of recordedMs) latency.record(ms / 1000);
    await meters.stop();
    const timer = await waitFor('the sampled timer', () => daemon.timer('sampled_latency', 1000));

    // Count: 100 samples sent with @0.1, which the daemon scales back to exactly 1000.
    expect(timer.count).toBe(1000);
    expect(timer.values).toHaveLength(100);
    const lines = daemon
      .records()
      .packets.flatMap((p) => p.text.split('\n'))
      .filter((l) => l.startsWith('sampled_latency:'));
    expect(lines).toHaveLength(100);
    for (const line of lines) expect(line).toMatch(/^sampled_latency:[0-9.]+\|ms\|@0\.1$/);
    // Every sample is a recorded observation, 100 distinct ones.
    const recorded = new Set(recordedMs.map((ms) => (ms / 1000) * 1000));
    for (const value of timer.values) expect(recorded.has(value)).toBe(true);
    expect(new Set(timer.values).size).toBe(100);
    // Everything else is the daemon's statistic of the sample: sum is not scaled (the sum of 100
    // values), mean, upper, lower and percentiles estimate those of the 1000 observations.
    const ofSample = etsyTimerStats(timer.values);
    expect(timer.sum).toBe(ofSample.sum);
    expect(timer.mean).toBe(ofSample.mean);
    expect(timer.upper_90).toBe(ofSample.upper_90);
    const all = expectedByHand(recordedMs, 90);
    expect(timer.lower).toBeGreaterThanOrEqual(all.lower);
    expect(timer.upper).toBeLessThanOrEqual(all.upper);
    // A uniform sample's mean is within a few standard errors of the true mean (6 here: this
    // fails once in ~10^9 runs); its 90th percentile between the true 70th and 99.5th.
    const sd = Math.sqrt(recordedMs.reduce((a, v) => a + (v - all.mean) ** 2, 0) / recordedMs.length);
    expect(Math.abs(timer.mean - all.mean)).toBeLessThan((6 * sd) / Math.sqrt(100));
    expect(timer.upper_90).toBeGreaterThanOrEqual(all.values[699]!);
    expect(timer.upper_90).toBeLessThanOrEqual(all.values[994]!);
    expect(errors).toEqual([]);
  });

  it('thins with sampleRate: 0.1 sends a tenth of the observations, the daemon counts all', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, sampleRate: 0.1 },
    });
    const recordedMs = durations(1000, 11).map((s) => s * 1000);
    for (const ms of recordedMs) meters.timer('thinned_latency').record(ms / 1000);
    await meters.stop();
    const timer = await waitFor('the thinned timer', () => daemon.timer('thinned_latency', 1000));
    expect(timer.values).toHaveLength(100);
    expect(timer.count).toBe(1000);
    const recorded = new Set(recordedMs.map((ms) => (ms / 1000) * 1000));
    for (const value of timer.values) expect(recorded.has(value)).toBe(true);
  });

  it('keeps the count exact when a weight has no exact reciprocal (49 observations per sample)', async () => {
    const errors: Error[] = [];
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
    for (const value of timer.values)
      expect(Number.isInteger(value) && value >= 0 && value < 1500).toBe(true);
    expect(errors).toEqual([]);
  });
});
