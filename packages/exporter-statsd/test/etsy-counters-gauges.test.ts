import { createProvider, type Provider } from '@meterkit/core';
import { EtsyDaemon, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Counters, gauges, global tags and tag flavors against the Etsy reference daemon over UDP. */
describe('Etsy statsd daemon: counters and gauges', () => {
  let daemon: EtsyDaemon;
  const errors: Error[] = [];

  beforeAll(async () => {
    daemon = await EtsyDaemon.start({ keyNameSanitize: false });
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  async function provider(flavor: 'etsy' | 'datadog', namespace: string): Promise<Provider> {
    return createProvider({
      provider: 'statsd',
      namespace,
      subsystem: 'api',
      tags: { region: 'eu' },
      flushInterval: 60_000,
      statsd: { address: `127.0.0.1:${daemon.port}`, flavor },
      onError: (error) => errors.push(error),
    });
  }

  it('delivers 100,000 increments across 36 tag combinations with exact totals (datadog tags)', async () => {
    const meters = await provider('datadog', 'volume');
    const requests = meters.counter('requests');
    const expected = new Map<string, number>();
    const methods = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH'];
    const statuses = ['200', '201', '301', '404', '500', '503'];
    for (let i = 0; i < 100_000; i++) {
      const method = methods[i % 6]!;
      const status = statuses[Math.floor(i / 6) % 6]!;
      requests.withTags({ method, status }).inc();
      // The Etsy daemon folds DogStatsD tags into the key: name;k=v;k=v in the order sent (sorted).
      const key = `volume.api.requests;method=${method};region=eu;status=${status}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    await meters.stop();
    expect(expected.size).toBe(36);
    const totals = await waitFor('36 counters totalling 100000', () => {
      const got = daemon.counterTotals();
      let sum = 0;
      for (const [key, value] of got) if (key.startsWith('volume.')) sum += value;
      return sum === 100_000 ? got : undefined;
    });
    for (const [key, count] of expected) expect(totals.get(key), key).toBe(count);
    expect(errors).toEqual([]);
  });

  it('sends counter deltas flush after flush, and gauges as absolute values (negative ones too)', async () => {
    const meters = await createProvider({
      provider: 'statsd',
      namespace: 'deltas',
      subsystem: 'api',
      tags: { region: 'eu' },
      statsd: { address: `127.0.0.1:${daemon.port}`, flavor: 'etsy', flushPeriod: '50ms' },
      onError: (error) => errors.push(error),
    });
    const jobs = meters.counter('jobs').withTags({ queue: 'mail' });
    const temperature = meters.gauge('temperature');
    jobs.add(5);
    temperature.set(21.5);
    await meters.start();
    const counterKey = 'deltas.api.jobs.queue.mail.region.eu';
    const gaugeKey = 'deltas.api.temperature.region.eu';
    await waitFor('the first periodic flush', () =>
      daemon.lastGauges().get(gaugeKey) === 21.5 ? true : undefined,
    );
    jobs.add(2.5);
    // Sent alone, "-4" would mean "subtract 4" to the Etsy daemon (17.5).
    temperature.set(-4);
    await meters.stop();
    // Cumulative values re-sent each flush would add up to more than 7.5.
    await waitFor('both increments', () =>
      daemon.counterTotals().get(counterKey) === 7.5 ? true : undefined,
    );
    await waitFor('the negative gauge', () => (daemon.lastGauges().get(gaugeKey) === -4 ? true : undefined));
    expect(errors).toEqual([]);
  });
});
