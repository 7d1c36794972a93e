import { type Counter, createProvider, type Provider } from '@meterkit/core';
import { EtsyDaemon, freePort, waitFor } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsdSendError } from '../src/index.js';

/** Packet sizes, TCP, and a daemon that is down, then up, against the Etsy reference daemon. */
describe('Etsy statsd daemon: transport', () => {
  const daemons: EtsyDaemon[] = [];
  const providers: Provider[] = [];

  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.stop()));
    for (const daemon of daemons.splice(0)) {
      await daemon.stop();
      daemon.dispose();
    }
  });

  async function startDaemon(port?: number): Promise<EtsyDaemon> {
    const daemon = await EtsyDaemon.start({ port });
    daemons.push(daemon);
    return daemon;
  }

  /** Increments until the daemon has counted something under `key`: "later flushes arrive". */
  async function incrementUntilSeen(counter: Counter, daemon: EtsyDaemon, key: string): Promise<number> {
    return waitFor(
      `flushes reaching the daemon on port ${daemon.port}`,
      () => {
        counter.inc();
        const total = daemon.counterTotals().get(key);
        return total !== undefined && total > 0 ? total : undefined;
      },
      8000,
    );
  }

  it('never sends a datagram over maxPacketSize bytes, measuring multi-byte tag values in bytes', async () => {
    const daemon = await startDaemon();
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, flavor: 'datadog', maxPacketSize: 200 },
      onError: (error) => errors.push(error),
    });
    providers.push(meters);
    const visits = meters.counter('visits');
    for (let i = 0; i < 80; i++)
      visits.withTags({ city: `Zürich-${i}-東京-🚀`, lang: 'français' }).add(i + 1);
    await meters.stop();
    const totals = await waitFor('all 80 series', () => {
      const got = [...daemon.counterTotals()].filter(([key]) => key.startsWith('visits;'));
      return got.length === 80 ? got : undefined;
    });
    expect(totals.reduce((sum, [, value]) => sum + value, 0)).toBe((80 * 81) / 2);
    const packets = daemon.records().packets.filter((p) => p.text.startsWith('visits:'));
    expect(packets.length).toBeGreaterThan(1);
    for (const packet of packets) expect(packet.bytes).toBeLessThanOrEqual(200);
    // Packed close to the limit, and longer in bytes than in characters: a character count would overflow.
    expect(Math.max(...packets.map((p) => p.bytes))).toBeGreaterThan(150);
    expect(packets.some((p) => p.text.length <= 200 && p.bytes > p.text.length)).toBe(true);
    expect(packets.every((p) => Buffer.byteLength(p.text) === p.bytes)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('UDP: keeps running while the daemon is down, and later flushes arrive once it is up', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${port}`, flushPeriod: '40ms' },
      onError: (error) => errors.push(error),
    });
    providers.push(meters);
    const counter = meters.counter('udp_restart');
    await meters.start();
    counter.add(10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const daemon = await startDaemon(port);
    const seen = await incrementUntilSeen(counter, daemon, 'udp_restart');
    expect(seen).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof StatsdSendError)).toBe(true);
  });

  it('TCP: reports refused connections, reconnects when the daemon comes up and after it restarts', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${port}`, protocol: 'tcp', flushPeriod: '40ms' },
      onError: (error) => errors.push(error),
    });
    providers.push(meters);
    const counter = meters.counter('tcp_restart');
    await meters.start();
    counter.inc();
    await waitFor('a refused connection to be reported', () => (errors.length > 0 ? true : undefined));
    expect(errors[0]).toBeInstanceOf(StatsdSendError);
    expect(errors[0]!.message).toContain(`tcp://127.0.0.1:${port}`);

    const first = await startDaemon(port);
    await incrementUntilSeen(counter, first, 'tcp_restart');
    await first.stop();
    const second = await startDaemon(port);
    await incrementUntilSeen(counter, second, 'tcp_restart');
    expect(errors.every((e) => e instanceof StatsdSendError)).toBe(true);
  });

  it('TCP: delivers exact totals and UTF-8 tag values intact', async () => {
    const daemon = await EtsyDaemon.start({ keyNameSanitize: false });
    daemons.push(daemon);
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      statsd: { address: `127.0.0.1:${daemon.port}`, protocol: 'tcp', flavor: 'datadog' },
      onError: (error) => errors.push(error),
    });
    providers.push(meters);
    const orders = meters.counter('orders');
    for (let i = 0; i < 1000; i++) orders.withTags({ shop: i % 2 ? 'A' : 'B' }).inc();
    await meters.stop();
    const totals = await waitFor('both shops', () => {
      const got = daemon.counterTotals();
      return got.get('orders;shop=A') === 500 && got.get('orders;shop=B') === 500 ? got : undefined;
    });
    expect(totals.size).toBe(2);
    expect(errors).toEqual([]);
  });
});
