import { createProvider } from '@meterkit/core';
import { EtsyDaemon, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Dotted (semantic-convention) names reach the Etsy reference daemon with their dots kept: a dot is
 * StatsD's own separator, so `http.server.requests` is the key `http.server.requests`. Dotted tag
 * keys are folded as one segment (`http.route` → `http_route`) in the etsy flavor, and kept as
 * DogStatsD tag keys in the datadog flavor (the daemon folds them into `;http.route=...`).
 */
describe('Etsy statsd daemon: dotted names', () => {
  let daemon: EtsyDaemon;
  const errors: Error[] = [];

  beforeAll(async () => {
    daemon = await EtsyDaemon.start({ keyNameSanitize: false });
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it('keeps the dots of names and sends dotted tag keys per flavor', async () => {
    for (const flavor of ['etsy', 'datadog'] as const) {
      const meters = await createProvider({
        provider: 'statsd',
        namespace: flavor,
        flushInterval: 60_000,
        statsd: { address: `127.0.0.1:${daemon.port}`, flavor },
        onError: (error) => errors.push(error),
      });
      meters.counter('http.server.requests').withTags({ 'http.route': '/orders' }).add(3);
      meters.gauge('v8js.memory.heap.used', { unit: 'By' }).set(2048);
      await meters.stop();
    }
    const counters = await waitFor('both dotted counters', () => {
      const got = daemon.counterTotals();
      return got.has('etsy.http.server.requests.http_route._orders') &&
        got.has('datadog.http.server.requests;http.route=/orders')
        ? got
        : undefined;
    });
    expect(counters.get('etsy.http.server.requests.http_route._orders')).toBe(3);
    expect(counters.get('datadog.http.server.requests;http.route=/orders')).toBe(3);
    const gauges = await waitFor('both dotted gauges', () => {
      const got = daemon.lastGauges();
      return got.has('etsy.v8js.memory.heap.used') && got.has('datadog.v8js.memory.heap.used')
        ? got
        : undefined;
    });
    expect(gauges.get('etsy.v8js.memory.heap.used')).toBe(2048);
    expect(gauges.get('datadog.v8js.memory.heap.used')).toBe(2048);
    expect(errors).toEqual([]);
  });
});
