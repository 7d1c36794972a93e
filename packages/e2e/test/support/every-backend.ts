import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config, createProvider, type Provider } from '@meterkit/core';
import { OtlpReceiver, type ReceivedRequest, sleep } from '@meterkit/test-support';
import { httpCall } from './app-process.js';

/** What each of the four backends received for one recording, captured in this process. */
export interface Captured {
  /** The scrape in text 0.0.4, and in OpenMetrics (what Prometheus 2.x asks for). */
  readonly prometheusText: string;
  readonly openMetricsText: string;
  readonly scrapeStatus: number;
  /** Decoded OTLP requests, and the raw bodies when the protocol is `http/json`. */
  readonly otlp: ReceivedRequest[];
  readonly otlpJsonBodies: string[];
  readonly otlpUndecodable: string[];
  /** StatsD lines received over UDP (datagrams split on newlines). */
  readonly statsdLines: string[];
  /** Logger JSON lines. */
  readonly logLines: string[];
  /** Everything reported to onError. */
  readonly errors: Array<{ source: string; name: string; message: string }>;
}

/**
 * Records through one provider fanned out to all four backends (Prometheus scrape handler, OTLP to
 * an in-process receiver, StatsD to a UDP socket, logger to an in-memory sink), scrapes, stops,
 * and returns what each received. Used by the bad-input tests, which need every exporter's output
 * for the same recording.
 */
export async function throughEveryBackend(
  record: (provider: Provider) => void | Promise<void>,
  options: { otlpProtocol?: 'http/json' | 'http/protobuf'; config?: Partial<Config> } = {},
): Promise<Captured> {
  const receiver = await OtlpReceiver.start();
  const statsdLines: string[] = [];
  const udp = createSocket('udp4').on('message', (packet) => {
    statsdLines.push(...String(packet).split('\n'));
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const logLines: string[] = [];
  const errors: Captured['errors'] = [];
  const server = createServer();
  try {
    const provider = await createProvider({
      provider: ['prometheus', 'opentelemetry', 'statsd', 'logger'],
      namespace: 'edge',
      flushInterval: '1h',
      ...options.config,
      opentelemetry: { collectorUrl: receiver.url, protocol: options.otlpProtocol ?? 'http/json' },
      statsd: { address: `127.0.0.1:${udp.address().port}`, ...options.config?.statsd },
      logger: { sink: (line) => logLines.push(line) },
      onError: (error, source) => errors.push({ source, name: error.name, message: error.message }),
    });
    await record(provider);
    server.on('request', provider.handler());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const text = await httpCall(url, 'GET', 60_000, undefined, { accept: 'text/plain' });
    const openMetrics = await httpCall(url, 'GET', 60_000, undefined, {
      accept: 'application/openmetrics-text; version=1.0.0',
    });
    await provider.stop();
    // UDP datagrams sent by the final flush are delivered asynchronously.
    await sleep(100);
    return {
      prometheusText: text.body,
      openMetricsText: openMetrics.body,
      scrapeStatus: text.status,
      otlp: receiver.requests,
      otlpJsonBodies: receiver.jsonBodies,
      otlpUndecodable: receiver.undecodable,
      statsdLines: statsdLines.filter((line) => line !== ''),
      logLines,
      errors,
    };
  } finally {
    server.close();
    udp.close();
    await receiver.close();
  }
}

/** The points of the OTLP metric `name` over all requests. */
export function otlpPoints(captured: Captured, name: string) {
  return captured.otlp.flatMap((r) =>
    r.scopes.flatMap((s) => s.metrics.filter((m) => m.name === name).flatMap((m) => m.points)),
  );
}

/** The logger's JSON records of metric `name`. */
export function logRecords(captured: Captured, name: string): Array<Record<string, unknown>> {
  return captured.logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.metric === name);
}

/** Exposition lines (not comments) of a sample name prefix. */
export function expositionLines(text: string, prefix: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(prefix));
}
