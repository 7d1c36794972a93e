/*
 * Issue 14, item 8, StatsD side: an address given as a URL with credentials or a token is
 * rejected, and the ConfigError shows it redacted.
 */
import { createProvider } from '@meterkit/core';
import { describe, expect, it } from 'vitest';

describe('StatsD address credentials', () => {
  it.each([
    ['udp', 'udp://statsd-user:statsd-pw@127.0.0.1:8125'],
    ['tcp', 'statsd-user:statsd-pw@127.0.0.1:8125'],
    ['udp', '127.0.0.1:8125?token=statsd-t0ken'],
    ['uds', 'unix://statsd-user:statsd-pw@/var/run/x.sock'],
  ] as const)('%s address %s is rejected without echoing its secrets', async (protocol, address) => {
    const error = await createProvider({ provider: 'statsd', statsd: { protocol, address } }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain('statsd.address');
    expect((error as Error).message).toContain('redacted');
    expect((error as Error).message).not.toMatch(/statsd-user|statsd-pw|statsd-t0ken/);
  });
});
