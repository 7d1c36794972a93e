import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A stand-in OTLP/HTTP collector on 127.0.0.1 for tests: decodes every request the way a collector
 * would, JSON with JSON.parse and protobuf with OpenTelemetry's own generated decoder
 * (@opentelemetry/otlp-transformer@0.217.0, installed as `otlp-transformer-decoder`), then
 * normalizes both into one shape so the same assertions check either protocol. It can serve TLS,
 * listen on a given port, stop listening (the collector is down) and listen again there.
 */

const require = createRequire(import.meta.url);
const generated = require('otlp-transformer-decoder/build/src/generated/root.js');
const ExportMetricsServiceRequest =
  generated.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/** Attribute values after decoding: OTLP's AnyValue unwrapped. */
export type Attributes = Record<string, string | number | boolean>;

/** One data point of any kind, with the fields its kind has. */
export interface ReceivedPoint {
  attributes: Attributes;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  value?: number;
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  explicitBounds?: number[];
  bucketCounts?: number[];
  quantiles?: Array<{ quantile: number; value: number }>;
  /** Exponential histogram points only. */
  scale?: number;
  zeroCount?: number;
  zeroThreshold?: number;
  positive?: ReceivedBucketSpan;
  negative?: ReceivedBucketSpan;
  /** Sum, gauge and histogram points: the exemplars, when the point has any. */
  exemplars?: ReceivedExemplar[];
}

/** One OTLP exemplar as received; ids as lowercase hex whichever the protocol. */
export interface ReceivedExemplar {
  traceId?: string;
  spanId?: string;
  filteredAttributes: Attributes;
  timeUnixNano: bigint;
  value?: number;
}

/** The positive or negative buckets of an exponential histogram point (absent counts: empty). */
export interface ReceivedBucketSpan {
  offset: number;
  bucketCounts: number[];
}

/** One metric as received, JSON or protobuf alike. */
export interface ReceivedMetric {
  name: string;
  description: string;
  unit: string;
  kind: 'sum' | 'gauge' | 'histogram' | 'summary' | 'exponentialHistogram' | 'none';
  /** 1 delta, 2 cumulative (OTLP's enum); undefined for gauges and summaries. */
  temporality?: number;
  isMonotonic?: boolean;
  points: ReceivedPoint[];
}

/** One decoded export request. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  protocol: 'json' | 'protobuf';
  resource: Attributes;
  scopes: Array<{ name: string; version: string; metrics: ReceivedMetric[] }>;
}

/** What the receiver answers; by default 200 with an empty body. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

/** Where and how the receiver listens. */
export interface OtlpReceiverOptions {
  /** Default: an ephemeral port. */
  port?: number;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

/** A running stand-in collector. */
export class OtlpReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** The raw text of every `http/json` request, to see how non-finite numbers were encoded. */
  readonly jsonBodies: string[] = [];
  /** Requests whose body could not be decoded, with the decoder's message. */
  readonly undecodable: string[] = [];
  /** Decides each reply; the request count so far is passed (starting at 0). */
  reply: (index: number) => Reply = () => ({ status: 200 });
  private waiters: Array<() => void> = [];
  private server: Server | undefined;

  private constructor(
    readonly port: number,
    private readonly tls: OtlpReceiverOptions['tls'],
  ) {}

  /** Listens on 127.0.0.1, on `options.port` or an ephemeral one; over TLS when given a key and certificate. */
  static async start(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(options.port ?? 0, '127.0.0.1', resolve));
    const chosen = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const receiver = new OtlpReceiver(chosen, options.tls);
    await receiver.listen();
    return receiver;
  }

  /** (Re)opens the listener on this receiver's port: the collector comes (back) up. */
  async listen(): Promise<void> {
    if (this.server !== undefined) return;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handle(req.url ?? '/', req.headers, Buffer.concat(chunks), res));
    };
    const server: Server = this.tls ? createTlsServer(this.tls, listener) : createServer(listener);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and drops open connections: the collector is down. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The metrics endpoint URL. */
  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}/v1/metrics`;
  }

  /** Resolves once `count` requests have arrived. */
  async waitFor(count: number): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Every metric named `name` over all requests, in arrival order. */
  metrics(name: string): ReceivedMetric[] {
    return this.requests.flatMap((r) => r.scopes.flatMap((s) => s.metrics.filter((m) => m.name === name)));
  }

  /**
   * The points of every metric whose points carry the attribute `run` (the e2e fixture app's global
   * tag), oldest first, over all requests received so far.
   */
  pointsOfRun(run: string): Map<string, ReceivedPoint[]> {
    const byName = new Map<string, ReceivedPoint[]>();
    for (const request of this.requests) {
      for (const scope of request.scopes) {
        for (const metric of scope.metrics) {
          const points = metric.points.filter((point) => point.attributes.run === run);
          if (points.length > 0) byName.set(metric.name, [...(byName.get(metric.name) ?? []), ...points]);
        }
      }
    }
    return byName;
  }

  private keepJson(text: string): string {
    this.jsonBodies.push(text);
    return text;
  }

  private handle(path: string, headers: IncomingHttpHeaders, raw: Buffer, res: ServerResponse): void {
    const index = this.requests.length;
    try {
      const body = headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const protobuf = headers['content-type'] === 'application/x-protobuf';
      const decoded = protobuf
        ? ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(body), {
            longs: String,
            enums: Number,
            defaults: true,
          })
        : JSON.parse(this.keepJson(body.toString('utf8')));
      this.requests.push(normalizeRequest(path, headers, protobuf ? 'protobuf' : 'json', decoded));
    } catch (error) {
      // A collector answers 400 to a body it cannot read.
      this.undecodable.push(String(error));
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"undecodable"}');
      return;
    }
    for (const wake of this.waiters.splice(0)) wake();
    const reply = this.reply(index);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '{}');
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
    else send();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: decoded OTLP messages are untyped JSON here
type Json = any;

function normalizeRequest(
  path: string,
  headers: IncomingHttpHeaders,
  protocol: 'json' | 'protobuf',
  req: Json,
) {
  const resourceMetrics: Json[] = req.resourceMetrics ?? [];
  if (resourceMetrics.length !== 1)
    throw new Error(`expected one ResourceMetrics, got ${resourceMetrics.length}`);
  const rm = resourceMetrics[0];
  return {
    path,
    headers,
    protocol,
    resource: attributes(rm.resource?.attributes),
    scopes: (rm.scopeMetrics ?? []).map((sm: Json) => ({
      name: sm.scope?.name ?? '',
      version: sm.scope?.version ?? '',
      metrics: (sm.metrics ?? []).map(normalizeMetric),
    })),
  };
}

function normalizeMetric(m: Json): ReceivedMetric {
  const kinds = ['sum', 'gauge', 'histogram', 'summary', 'exponentialHistogram'] as const;
  const kind = kinds.find((k) => m[k] != null) ?? 'none';
  const data = kind === 'none' ? { dataPoints: [] } : m[kind];
  return {
    name: m.name,
    description: m.description ?? '',
    unit: m.unit ?? '',
    kind,
    temporality: data.aggregationTemporality,
    isMonotonic: data.isMonotonic,
    points: (data.dataPoints ?? []).map(normalizePoint),
  };
}

function normalizePoint(p: Json): ReceivedPoint {
  const num = (v: unknown) => (v === undefined || v === null ? undefined : Number(v));
  const point: ReceivedPoint = {
    attributes: attributes(p.attributes),
    startTimeUnixNano: BigInt(p.startTimeUnixNano ?? 0),
    timeUnixNano: BigInt(p.timeUnixNano ?? 0),
  };
  const optional: Partial<ReceivedPoint> = {
    value: num(p.asDouble ?? p.asInt),
    count: num(p.count),
    sum: num(p.sum),
    min: num(p.min),
    max: num(p.max),
    explicitBounds: p.explicitBounds?.length ? p.explicitBounds.map(Number) : undefined,
    bucketCounts: p.bucketCounts?.length ? p.bucketCounts.map(Number) : undefined,
    quantiles: p.quantileValues?.map((q: Json) => ({
      quantile: Number(q.quantile ?? 0),
      value: Number(q.value ?? 0),
    })),
    scale: num(p.scale),
    zeroCount: num(p.zeroCount),
    zeroThreshold: num(p.zeroThreshold),
    positive: bucketSpan(p.positive),
    negative: bucketSpan(p.negative),
    exemplars: p.exemplars?.length ? p.exemplars.map(exemplar) : undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (point as unknown as Record<string, unknown>)[key] = value;
  }
  return point;
}

function exemplar(e: Json): ReceivedExemplar {
  const out: ReceivedExemplar = {
    filteredAttributes: attributes(e.filteredAttributes),
    timeUnixNano: BigInt(e.timeUnixNano ?? 0),
    value: e.asDouble !== undefined && e.asDouble !== null ? Number(e.asDouble) : undefined,
  };
  const traceId = hexId(e.traceId);
  const spanId = hexId(e.spanId);
  if (traceId !== undefined) out.traceId = traceId;
  if (spanId !== undefined) out.spanId = spanId;
  return out;
}

/** OTLP/JSON writes ids as hex strings; the protobuf decoder gives bytes (empty when absent). */
function hexId(id: unknown): string | undefined {
  if (typeof id === 'string') return id === '' ? undefined : id.toLowerCase();
  if (id instanceof Uint8Array) return id.length === 0 ? undefined : Buffer.from(id).toString('hex');
  return undefined;
}

function bucketSpan(span: Json): ReceivedBucketSpan | undefined {
  if (span === undefined || span === null) return undefined;
  return { offset: Number(span.offset ?? 0), bucketCounts: (span.bucketCounts ?? []).map(Number) };
}

function attributes(list: Json[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) {
    const v = kv.value ?? {};
    out[kv.key] =
      v.stringValue ??
      (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
      v.doubleValue ??
      v.boolValue;
  }
  return out;
}
