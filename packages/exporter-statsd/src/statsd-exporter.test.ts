import { ConfigError, createProvider, type Snapshot, validateConfig } from '@meterkit/core';
import { describe, expect, it } from 'vitest';
import { createExporter } from './index.js';
import { resolveStatsdConfig } from './statsd-config.js';
import { StatsdLineTooLongError } from './statsd-errors.js';
import { StatsdExporter } from './statsd-exporter.js';
import type { PacketSink } from './statsd-transport.js';

class RecordingSink implements PacketSink {
  readonly sent: string[][] = [];
  closed = false;
  async send(packets: readonly string[]): Promise<void> {
    this.sent.push([...packets]);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A counter as core snapshots it under namespace `app`: `app_x` with the parts it was built from. */
const counterSnapshot = (name: string, value: number): Snapshot => ({
  timestamp: 0,
  metrics: [
    {
      name,
      nameParts: { namespace: 'app', name: name.slice('app_'.length) },
      type: 'counter',
      description: '',
      unit: '',
      startTime: 0,
      points: [{ tags: [], value }],
    },
  ],
});

function exporter(statsd: Record<string, unknown>, errors: Array<[Error, string]> = []) {
  const resolved = validateConfig({ provider: 'statsd', namespace: 'app', statsd, flushInterval: '5s' });
  const sink = new RecordingSink();
  const instance = new StatsdExporter({
    config: resolveStatsdConfig(resolved),
    onError: (error, source) => errors.push([error, source]),
    sink,
  });
  return { instance, sink };
}

describe('StatsdExporter', () => {
  it('exports on its own flush period, prefixing names with the namespace', async () => {
    const { instance, sink } = exporter({ flushPeriod: '250ms' });
    expect(instance.name).toBe('statsd');
    expect(instance.exportIntervalMs).toBe(250);
    await instance.export(counterSnapshot('app_requests', 3));
    expect(sink.sent).toEqual([['app.requests:3|c']]);
    expect(exporter({}).instance.exportIntervalMs).toBe(5000);
  });

  it('asks core to keep maxSamplesPerSeries raw observations per series, or none with keepObservations: false', () => {
    expect(exporter({}).instance.observationReservoir).toBe(1000);
    expect(exporter({ maxSamplesPerSeries: 50 }).instance.observationReservoir).toBe(50);
    expect(exporter({ keepObservations: false }).instance.observationReservoir).toBe(0);
  });

  it('reports lines longer than maxPacketSize instead of sending them, and sends the rest', async () => {
    const errors: Array<[Error, string]> = [];
    const { instance, sink } = exporter({ maxPacketSize: 64 }, errors);
    const long = `app_${'x'.repeat(80)}`;
    await instance.export({
      timestamp: 0,
      metrics: [...counterSnapshot(long, 1).metrics, ...counterSnapshot('app_ok', 1).metrics],
    });
    expect(sink.sent).toEqual([['app.ok:1|c']]);
    expect(errors).toHaveLength(1);
    const [error, source] = errors[0]!;
    expect(source).toBe('statsd');
    expect(error).toBeInstanceOf(StatsdLineTooLongError);
    expect(error.message).toContain('statsd.maxPacketSize=64');
    expect(error.message).toContain('88 bytes');
  });

  it('keeps one byte for the newline hot-shots adds to each TCP write', async () => {
    const errors: Array<[Error, string]> = [];
    const { instance, sink } = exporter({ protocol: 'tcp', maxPacketSize: 64 }, errors);
    // 64 bytes exactly: fits a UDP datagram, not a 64-byte TCP write plus its '\n'.
    const name = `app_${'y'.repeat(64 - 'app.'.length - ':1|c'.length)}`;
    await instance.export(counterSnapshot(name, 1));
    expect(sink.sent).toEqual([[]]);
    expect(errors[0]![0]).toBeInstanceOf(StatsdLineTooLongError);
  });

  it('closes the socket on shutdown and ignores later exports', async () => {
    const { instance, sink } = exporter({});
    await instance.shutdown();
    expect(sink.closed).toBe(true);
    await instance.export(counterSnapshot('app_late', 1));
    expect(sink.sent).toEqual([]);
  });

  it('is what createProvider loads for provider "statsd", and rejects a bad section at start-up', async () => {
    expect(typeof createExporter).toBe('function');
    await expect(createProvider({ provider: 'statsd', statsd: { maxPacketSize: 0 } })).rejects.toThrow(
      ConfigError,
    );
    await expect(createProvider({ provider: 'statsd', statsd: { maxPacketSize: 0 } })).rejects.toThrow(
      'statsd.maxPacketSize=0',
    );
    const provider = await createProvider({ provider: 'statsd', statsd: { address: '127.0.0.1:9' } });
    await provider.stop();
  });
});
