import { type Config, ConfigError, createProvider } from '@meterkit/core';
import { describe, expect, it } from 'vitest';

/*
 * Issue 14, finding 7, in every exporter section: a duration beyond Node's timer range (2^31 - 1 ms)
 * is a ConfigError at createProvider naming the field, instead of a timer Node clamps to 1 ms.
 */

const CASES: ReadonlyArray<[string, Config]> = [
  ['flushInterval', { provider: 'logger', flushInterval: '600h', logger: { sink: () => {} } }],
  ['exportTimeout', { provider: 'logger', exportTimeout: 2 ** 31, logger: { sink: () => {} } }],
  [
    'prometheus.pushInterval',
    { provider: 'prometheus', prometheus: { pushGateway: 'http://127.0.0.1:9', pushInterval: '600h' } },
  ],
  [
    'prometheus.pushTimeout',
    { provider: 'prometheus', prometheus: { pushGateway: 'http://127.0.0.1:9', pushTimeout: '1000h' } },
  ],
  [
    'prometheus.minCollectionInterval',
    { provider: 'prometheus', prometheus: { minCollectionInterval: '600h' } },
  ],
  ['opentelemetry.exportInterval', { provider: 'opentelemetry', opentelemetry: { exportInterval: '600h' } }],
  ['opentelemetry.timeout', { provider: 'opentelemetry', opentelemetry: { timeout: 2 ** 31 } }],
  ['logger.interval', { provider: 'logger', logger: { sink: () => {}, interval: '600h' } }],
  ['statsd.flushPeriod', { provider: 'statsd', statsd: { flushPeriod: '600h' } }],
];

describe('durations beyond the timer range in every backend section', () => {
  it.each(CASES)('%s → ConfigError at createProvider', async (field, config) => {
    const error = await createProvider(config).then(
      (provider) => provider.stop(),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toContain('longest timer Node.js can set');
  });
});
