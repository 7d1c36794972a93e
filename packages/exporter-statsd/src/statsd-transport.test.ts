import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@meterkit/test-support';
import { StatsD } from 'hot-shots';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsdSendError } from './statsd-errors.js';
import { type StatsdClientFactory, StatsdTransport } from './statsd-transport.js';

/** unix-dgram is hot-shots' optional dependency for UDS; the test receiver uses it too. */
interface UnixDgramSocket {
  bind(path: string): void;
  close(): void;
  on(event: 'message', listener: (message: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
const hotShotsRequire = createRequire(createRequire(import.meta.url).resolve('hot-shots'));
const unixDgram = hotShotsRequire('unix-dgram') as { createSocket(type: 'unix_dgram'): UnixDgramSocket };

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Counts the hot-shots clients created, and closed, by a transport. */
function countingFactory() {
  const stats = { created: 0, closed: 0 };
  const factory: StatsdClientFactory = (options) => {
    stats.created++;
    const client = new StatsD(options);
    const close = client.close.bind(client);
    client.close = (callback) => {
      stats.closed++;
      close(callback);
    };
    return client;
  };
  return { stats, factory };
}

function tcpServer(port: number, received: string[]): Promise<Server> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.setEncoding('utf8');
      socket.on('data', (data) => received.push(String(data)));
    });
    server.listen(port, '127.0.0.1', () => resolve(server));
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
    );
  });
}

describe('StatsdTransport', () => {
  it('UDP: opens nothing before the first send, then sends each packet as one datagram', async () => {
    const receiver = createSocket('udp4');
    const datagrams: Buffer[] = [];
    receiver.on('message', (message) => datagrams.push(message));
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const { stats, factory } = countingFactory();
    const errors: Error[] = [];
    const transport = new StatsdTransport(
      { protocol: 'udp', host: '127.0.0.1', port: receiver.address().port },
      (e) => errors.push(e),
      factory,
    );
    expect(stats.created).toBe(0);
    await transport.send(['a:1|c\nb:2|c', 'c:3|c|#city:東京']);
    await waitFor('two datagrams', () => (datagrams.length === 2 ? true : undefined));
    expect(datagrams.map(String)).toEqual(['a:1|c\nb:2|c', 'c:3|c|#city:東京']);
    expect(datagrams[1]!.length).toBe(Buffer.byteLength('c:3|c|#city:東京'));
    await transport.close();
    expect(stats).toEqual({ created: 1, closed: 1 });
    expect(errors).toEqual([]);
  });

  it('TCP: writes UTF-8 intact (hot-shots alone writes "ascii" and mangles it)', async () => {
    const port = await freePort();
    const received: string[] = [];
    await tcpServer(port, received);
    const errors: Error[] = [];
    const transport = new StatsdTransport({ protocol: 'tcp', host: '127.0.0.1', port }, (e) =>
      errors.push(e),
    );
    cleanups.push(() => transport.close());
    await transport.send(['m:1|c|#city:São Paulo,ward:東京', 'n:2|c']);
    await waitFor('both lines', () => (received.join('').split('\n').length === 3 ? true : undefined));
    expect(received.join('')).toBe('m:1|c|#city:São Paulo,ward:東京\nn:2|c\n');
    expect(errors).toEqual([]);
  });

  it('TCP: reports a daemon that is down without throwing, and reconnects once it is up', async () => {
    const port = await freePort();
    const errors: Error[] = [];
    const { stats, factory } = countingFactory();
    const transport = new StatsdTransport(
      { protocol: 'tcp', host: '127.0.0.1', port },
      (e) => errors.push(e),
      factory,
    );
    await transport.send(['lost:1|c']);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof StatsdSendError)).toBe(true);
    expect(errors.at(-1)!.message).toContain(`tcp://127.0.0.1:${port}`);
    const received: string[] = [];
    await tcpServer(port, received);
    await transport.send(['found:1|c']);
    await waitFor('the packet after reconnecting', () =>
      received.join('') === 'found:1|c\n' ? true : undefined,
    );
    expect(stats.created).toBe(2);
    await transport.close();
  });

  it('UDS: opens a socket per flush, reports a missing socket, and delivers once it exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meterkit-uds-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'dsd.socket');
    const errors: Error[] = [];
    const { stats, factory } = countingFactory();
    const transport = new StatsdTransport({ protocol: 'uds', path }, (e) => errors.push(e), factory);
    await transport.send(['lost:1|c']);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e instanceof StatsdSendError)).toBe(true);

    const receiver = unixDgram.createSocket('unix_dgram');
    const datagrams: string[] = [];
    receiver.on('message', (message) => datagrams.push(String(message)));
    receiver.bind(path);
    cleanups.push(() => receiver.close());
    await transport.send(['a:1|c\nb:1|c', 'c:1|c|#k:ü']);
    await waitFor('two datagrams', () => (datagrams.length === 2 ? true : undefined));
    expect(datagrams).toEqual(['a:1|c\nb:1|c', 'c:1|c|#k:ü']);
    // One client per flush, each closed right away: unix-dgram sockets cannot be unref()ed.
    expect(stats).toEqual({ created: 2, closed: 2 });
    await transport.close();
  });

  it('sends nothing after close', async () => {
    const { stats, factory } = countingFactory();
    const transport = new StatsdTransport(
      { protocol: 'udp', host: '127.0.0.1', port: 9 },
      () => undefined,
      factory,
    );
    await transport.close();
    await transport.send(['a:1|c']);
    expect(stats.created).toBe(0);
  });
});
