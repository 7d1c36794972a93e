import type { ErrorHandler, Exporter, Snapshot } from '@meterkit/core';
import { PacketBuffer } from './packet-buffer.js';
import type { ResolvedStatsdConfig } from './statsd-config.js';
import { StatsdLineTooLongError } from './statsd-errors.js';
import { StatsdLineFormatter } from './statsd-line-formatter.js';
import { StatsdLineTranslator } from './statsd-line-translator.js';
import { type PacketSink, StatsdTransport } from './statsd-transport.js';

/** What the exporter needs besides its own config section. */
export interface StatsdExporterOptions {
  readonly config: ResolvedStatsdConfig;
  readonly onError: ErrorHandler;
  /** Replaces the hot-shots socket (tests, or sending somewhere else). */
  readonly sink?: PacketSink;
}

/**
 * The StatsD push exporter. Every `flushPeriod` core hands it a snapshot; it translates the change
 * since the previous one into lines, packs them into packets of at most `maxPacketSize` bytes and
 * sends them. Nothing happens per `inc()`: the application pays for aggregation in core only, the
 * same whichever backend is configured. Failures go to the error handler, never to the caller.
 */
export class StatsdExporter implements Exporter {
  readonly name = 'statsd';
  readonly exportIntervalMs: number;
  /**
   * Raw observations core keeps per timer/histogram/summary series between flushes (0: none). The
   * daemon computes percentiles from the samples it receives, so sending the observations
   * themselves makes them exact while they fit.
   */
  readonly observationReservoir: number;
  private readonly translator: StatsdLineTranslator;
  private readonly packets: PacketBuffer;
  private readonly sink: PacketSink;
  private readonly onError: ErrorHandler;
  private stopped = false;
  /** Exports whose packets are still being sent (views of the packet buffer while they are). */
  private sending = 0;

  constructor(options: StatsdExporterOptions) {
    const { config } = options;
    this.exportIntervalMs = config.flushPeriodMs;
    this.observationReservoir = config.keepObservations ? config.maxSamplesPerSeries : 0;
    this.onError = options.onError;
    const formatter = new StatsdLineFormatter({
      flavor: config.flavor,
      prefixSeparator: config.prefixSeparator,
    });
    this.translator = new StatsdLineTranslator(formatter, config);
    // hot-shots terminates each TCP write with '\n': keep a byte for it so no write exceeds the limit.
    this.packets = new PacketBuffer(
      config.endpoint.protocol === 'tcp' ? config.maxPacketSize - 1 : config.maxPacketSize,
    );
    this.sink =
      options.sink ?? new StatsdTransport(config.endpoint, (error) => this.onError(error, this.name));
  }

  async export(snapshot: Snapshot): Promise<void> {
    if (this.stopped) return;
    // Packets still being sent are views of the packet buffer: do not write over them.
    if (this.sending > 0) this.packets.release();
    this.translator.translate(snapshot, this.packets);
    const { count, example } = this.packets.dropped;
    const sink = this.sink;
    const sent =
      sink.sendBytes !== undefined
        ? sink.sendBytes(this.packets.drainBytes())
        : sink.send(this.packets.drain());
    if (count > 0 && example !== undefined) {
      this.onError(
        new StatsdLineTooLongError(count, example.bytes, this.packets.maxBytes, example.entry),
        this.name,
      );
    }
    this.sending++;
    try {
      await sent;
    } finally {
      this.sending--;
    }
  }

  /** Called by core after the final `export()`: waits for the packets in flight, then closes the socket. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.sink.close();
  }
}
