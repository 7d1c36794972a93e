import { createSocket } from 'node:dgram';
import { createProvider } from '@meterkit/core';
import { EtsyDaemon, etsyTimerStats, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durations } from './support/durations.js';

/**
 * Exponential histograms: DogStatsD distributions (`|d`) in the datadog flavor, read by a UDP
 * listener; with the Etsy daemon (etsy flavor) they stay `|ms` timers as before, exact from raw
 * observations, and rebuilt from the exponential buckets without them.
 */
describe('exponential histograms over StatsD', () => {
  let daemon: EtsyDaemon;

  beforeAll(async () => {
    daemon = await EtsyDaemon.start({ percentThreshold: [50, 90, 99] });
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it('datadog flavor: every observation as a |d distribution sample, classic histograms unchanged', async () => {
    const receiver = createSocket('udp4');
    const lines: string[] = [];
    receiver.on('message', (message) => lines.push(...String(message).split('\n')));
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', () => resolve()));
    try {
      const errors: Error[] = [];
      const meters = await createProvider({
        provider: 'statsd',
        namespace: 'shop',
        histograms: { exponential: true },
        statsd: { address: `127.0.0.1:${receiver.address().port}`, flavor: 'datadog' },
        onError: (error) => errors.push(error),
      });
      const sizes = meters.histogram('payload_bytes').withTags({ route: '/cart' });
      for (const size of [120, 4096, 0]) sizes.observe(size);
      meters.timer('checkout').record(0.25);
      meters.histogram('classic', { exponential: false, buckets: [1] }).observe(3);
      await meters.stop();
      await waitFor('five lines', () => (lines.filter(Boolean).length >= 5 ? true : undefined));
      expect(lines.filter(Boolean).sort()).toEqual(
        [
          'shop.payload_bytes:120|d|#route:/cart',
          'shop.payload_bytes:4096|d|#route:/cart',
          'shop.payload_bytes:0|d|#route:/cart',
          'shop.checkout:250|d',
          'shop.classic:3|h',
        ].sort(),
      );
      expect(errors).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('etsy flavor, raw observations: the daemon computes the exact statistics, as for any timer', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}` },
    });
    const latency = meters.timer('exp_latency', { exponential: true });
    const recorded = durations(120, 11);
    for (const seconds of recorded) latency.record(seconds);
    await meters.stop();
    const timer = await waitFor('the timer', () => daemon.timer('exp_latency', 120));
    const want = etsyTimerStats(recorded.map((s) => s * 1000));
    expect(timer.count).toBe(120);
    expect(timer.sum).toBe(want.sum);
    expect(timer.upper).toBe(want.upper);
    expect(timer.lower).toBe(want.lower);
    expect(timer.upper_90).toBe(want.upper_90);
  });

  it('etsy flavor, no raw observations: samples rebuilt from the exponential buckets', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, keepObservations: false },
    });
    const latency = meters.timer('exp_rebuilt', { exponential: true });
    const recorded = durations(300, 5);
    for (const seconds of recorded) latency.record(seconds);
    const scale = latency.snapshot().exponential!.scale;
    await meters.stop();
    const timer = await waitFor('the timer', () => daemon.timer('exp_rebuilt', 300));
    const want = etsyTimerStats(recorded.map((s) => s * 1000));
    expect(timer.count).toBe(300);
    expect(timer.sum).toBeCloseTo(want.sum, 6);
    expect(timer.upper).toBeCloseTo(want.upper, 9);
    expect(timer.lower).toBeCloseTo(want.lower, 9);
    // Each rebuilt sample lies in its observation's bucket: within a factor base = 2^(2^-scale).
    const base = 2 ** (2 ** -scale);
    for (const pct of ['upper_50', 'upper_90', 'upper_99'] as const) {
      expect(timer[pct]).toBeGreaterThanOrEqual(want[pct]! / base);
      expect(timer[pct]).toBeLessThanOrEqual(want[pct]! * base);
    }
  });
});
