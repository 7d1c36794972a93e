import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A UDP socket on 127.0.0.1 that keeps every StatsD line it receives. */
export interface StatsdReceiver {
  readonly address: string;
  lines(): string[];
  close(): Promise<void>;
}

export async function startStatsdReceiver(): Promise<StatsdReceiver> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (packet) => received.push(...String(packet).split('\n').filter(Boolean)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    address: `127.0.0.1:${port}`,
    lines: () => [...received],
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** An OTLP/HTTP JSON data point, as much of it as the tests read. */
export interface OtlpDataPoint {
  attributes: { key: string; value: { stringValue?: string } }[];
  asDouble?: number;
  asInt?: string;
  count?: string;
}

/** One metric of an OTLP/HTTP JSON export request. */
export interface OtlpMetric {
  name: string;
  sum?: { dataPoints: OtlpDataPoint[]; isMonotonic?: boolean };
  gauge?: { dataPoints: OtlpDataPoint[] };
  histogram?: { dataPoints: OtlpDataPoint[] };
  summary?: { dataPoints: OtlpDataPoint[] };
}

/** An HTTP server on 127.0.0.1 standing in for a collector: accepts OTLP JSON on /v1/metrics. */
export interface OtlpReceiver {
  readonly url: string;
  metrics(): OtlpMetric[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: OtlpMetric[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url !== '/v1/metrics' || req.headers['content-type'] !== 'application/json') {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceMetrics: { scopeMetrics: { metrics: OtlpMetric[] }[] }[];
      };
      for (const resource of body.resourceMetrics) {
        for (const scope of resource.scopeMetrics) received.push(...scope.metrics);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    metrics: () => [...received],
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
