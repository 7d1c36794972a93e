import { type ClientOptions, StatsD } from 'hot-shots';
import { describeEndpoint, type StatsdEndpoint } from './statsd-address.js';
import { StatsdSendError } from './statsd-errors.js';

/** Where the exporter hands its packets; {@link StatsdTransport} in production, a fake in tests. */
export interface PacketSink {
  /** Sends packets in order; resolves when each was handed to the socket (or failed and was reported). */
  send(packets: readonly string[]): Promise<void>;
  /**
   * Optional: sends packets given as UTF-8 bytes, the same as {@link send} with their text. The
   * views may be reused by the exporter once the promise settles.
   */
  sendBytes?(packets: readonly Uint8Array[]): Promise<void>;
  /** Waits for pending sends and closes the socket. */
  close(): Promise<void>;
}

/**
 * hot-shots' internal send path, used with `maxBufferSize: 0` so that it writes our pre-packed,
 * byte-checked packets as they are (the public methods format one metric per call).
 */
interface RawStatsdClient {
  sendMessage(message: string | Uint8Array, callback: (error?: Error | null) => void): void;
  close(callback?: (error?: Error) => void): void;
  socket: {
    on(event: string, listener: (...args: unknown[]) => void): void;
    /** hot-shots' UDP transport: the bytes as they are, through its DNS cache, to the socket. */
    send?(bytes: Uint8Array, callback: (error?: Error | null) => void): void;
  } | null;
}

/** Creates a hot-shots client; tests substitute one that fails on purpose. */
export type StatsdClientFactory = (options: ClientOptions) => StatsD;

const CLOSE_TIMEOUT_MS = 1000;

/**
 * The socket, through hot-shots: UDP (`dgram`), TCP (`net`) or Unix datagram sockets
 * (`unix-dgram`). hot-shots brings DNS caching, IPv6 detection, `unref()`ed sockets and UDS retry on
 * congestion. Three things are handled here instead:
 * - reconnection: hot-shots' graceful TCP restart ignores errors within 1 s of creating a socket and
 *   never retries a destroyed one, so a daemon down at start-up stayed unreachable. Here a TCP client
 *   whose socket failed or closed is replaced before the next flush;
 * - UDS: unix-dgram sockets cannot be `unref()`ed and would keep the process alive, so a UDS socket
 *   is opened for each flush and closed right after (which also retries a missing socket);
 * - TCP encoding: hot-shots writes TCP with Node's `ascii` encoding, which keeps one byte per UTF-16
 *   unit and mangles UTF-8 (hot-shots PR #329). Non-ASCII packets are passed as a latin1 string of
 *   their UTF-8 bytes, which that write turns back into exactly those bytes.
 * Nothing is opened before the first packet is sent.
 */
export class StatsdTransport implements PacketSink {
  private client: RawStatsdClient | undefined;
  private broken = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly label: string;

  constructor(
    private readonly endpoint: StatsdEndpoint,
    private readonly onError: (error: Error) => void,
    private readonly createClient: StatsdClientFactory = (options) => new StatsD(options),
  ) {
    this.label = describeEndpoint(endpoint);
  }

  send(packets: readonly string[]): Promise<void> {
    return this.enqueue(packets);
  }

  /**
   * {@link send} for UTF-8 bytes: written as they are over UDP and UDS, without a string per packet
   * to encode. Over TCP they go through the text path (hot-shots' TCP write needs its encoding fix).
   */
  sendBytes(packets: readonly Uint8Array[]): Promise<void> {
    if (this.endpoint.protocol === 'tcp')
      return this.enqueue(packets.map((packet) => Buffer.from(packet).toString('utf8')));
    return this.enqueue(packets);
  }

  private enqueue(packets: readonly (string | Uint8Array)[]): Promise<void> {
    // One flush at a time, so that the packets of consecutive flushes stay in order.
    const run = this.queue.then(() => this.sendNow(packets));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return this.queue;
    this.closed = true;
    // A TCP connect to an unreachable host can hang for minutes: closing the socket cancels it.
    await Promise.race([this.queue, delay(CLOSE_TIMEOUT_MS)]);
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await closeClient(client);
  }

  private async sendNow(packets: readonly (string | Uint8Array)[]): Promise<void> {
    if (packets.length === 0 || this.closed) return;
    if (this.endpoint.protocol === 'uds') {
      const client = this.open();
      try {
        await this.sendAll(client, packets);
      } finally {
        await closeClient(client);
      }
      return;
    }
    if (this.client === undefined || this.broken) {
      const stale = this.client;
      this.client = this.open();
      this.broken = false;
      if (stale !== undefined) void closeClient(stale);
    }
    await this.sendAll(this.client, packets);
  }

  private open(): RawStatsdClient {
    const endpoint = this.endpoint;
    const client = this.createClient({
      ...(endpoint.protocol === 'uds'
        ? { protocol: 'uds', path: endpoint.path }
        : { protocol: endpoint.protocol, host: endpoint.host, port: endpoint.port }),
      maxBufferSize: 0,
      cacheDns: true,
      closingFlushInterval: 5,
      errorHandler: (error) => {
        this.broken = true;
        this.onError(new StatsdSendError(this.label, 0, 0, error));
      },
      // Plain transport only: no DD_* environment tags, telemetry or protocol extensions added to
      // our packets, and reconnection is ours (see the class comment).
      datadog: false,
      telegraf: false,
      includeDataDogTags: false,
      includeDatadogTelemetry: false,
      tcpGracefulErrorHandling: false,
      udsGracefulErrorHandling: false,
    }) as unknown as RawStatsdClient;
    if (endpoint.protocol === 'tcp') {
      client.socket?.on('close', () => {
        if (this.client === client) this.broken = true;
      });
    }
    return client;
  }

  private async sendAll(client: RawStatsdClient, packets: readonly (string | Uint8Array)[]): Promise<void> {
    let failed = 0;
    let firstError: Error | undefined;
    const note = (error: Error | undefined) => {
      if (error === undefined) return;
      failed++;
      firstError ??= error;
    };
    if (this.endpoint.protocol === 'udp') {
      // The first packet alone (hot-shots then has the host's address cached), the others handed
      // to the socket in one go, in order: a wait per datagram cost more than the datagrams.
      note(await sendOne(client, this.encode(packets[0]!)));
      await sendEach(client, packets.slice(1), note);
    } else {
      for (const packet of packets) note(await sendOne(client, this.encode(packet)));
    }
    if (failed > 0) {
      this.broken = true;
      this.onError(new StatsdSendError(this.label, failed, packets.length, firstError));
    }
  }

  private encode(packet: string | Uint8Array): string | Uint8Array {
    if (typeof packet !== 'string') return packet;
    // Pure ASCII has as many bytes as characters and needs no conversion.
    if (this.endpoint.protocol !== 'tcp' || Buffer.byteLength(packet) === packet.length) return packet;
    return Buffer.from(packet, 'utf8').toString('latin1');
  }
}

function sendOne(client: RawStatsdClient, packet: string | Uint8Array): Promise<Error | undefined> {
  return new Promise((resolve) => {
    try {
      client.sendMessage(packet, (error) => resolve(error ?? undefined));
    } catch (error) {
      resolve(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Sends every packet without waiting in between; resolves when each has called back. */
function sendEach(
  client: RawStatsdClient,
  packets: readonly (string | Uint8Array)[],
  note: (error: Error | undefined) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let left = packets.length;
    if (left === 0) resolve();
    const done = (error?: Error | null) => {
      note(error ?? undefined);
      if (--left === 0) resolve();
    };
    // Bytes go straight to hot-shots' UDP transport: `sendMessage` would copy each packet into
    // fresh pool memory first (6 MB per flush of 100,000 lines, every page faulted in anew).
    const socket = client.socket;
    for (const packet of packets) {
      try {
        if (typeof packet !== 'string' && socket?.send !== undefined) socket.send(packet, done);
        else client.sendMessage(packet, done);
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)));
      }
    }
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** hot-shots' close never calls back for a TCP socket that was already destroyed: do not wait forever. */
function closeClient(client: RawStatsdClient): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
    timer.unref();
    try {
      client.close(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
