import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

/** What the end of an exchange is reported to (implemented by `HttpMetrics`). */
export interface ExchangeRecorder {
  /** Records one finished (or aborted) exchange. Must not throw: it runs inside an event listener. */
  complete(exchange: Exchange, response: ServerResponse, aborted: boolean): void;
}

/**
 * The state of one measured request/response, stored on the response itself so the listeners can be
 * shared functions instead of per-request closures.
 */
export interface Exchange {
  readonly recorder: ExchangeRecorder;
  readonly request: IncomingMessage;
  /** What the route resolver reads: the framework's request object (or the node request). */
  readonly source: unknown;
  readonly resolveRoute: (source: unknown) => string | undefined;
  /** `performance.now()` at the start, in milliseconds. */
  readonly startedAt: number;
  /** Body bytes written so far; only counted when sizes are on. */
  responseBytes: number;
  /** Set by the first of finish/close, so the exchange is recorded exactly once. */
  done: boolean;
  originalWrite: ServerResponse['write'] | undefined;
  originalEnd: ServerResponse['end'] | undefined;
}

const EXCHANGE: unique symbol = Symbol('meterkit.httpExchange');

type TrackedResponse = ServerResponse & { [EXCHANGE]?: Exchange };

/** The exchange being measured on this response, if any. */
export function exchangeOf(response: ServerResponse): Exchange | undefined {
  return (response as TrackedResponse)[EXCHANGE];
}

/**
 * Starts measuring one exchange. Returns false (and does nothing) if the response is already being
 * measured, so stacking two adapters never counts a request twice or leaves in-flight off by one.
 */
export function beginExchange<Source>(
  recorder: ExchangeRecorder,
  request: IncomingMessage,
  response: ServerResponse,
  source: Source,
  resolveRoute: (source: Source) => string | undefined,
  countBodyBytes: boolean,
): boolean {
  const tracked = response as TrackedResponse;
  if (tracked[EXCHANGE] !== undefined) return false;
  const exchange: Exchange = {
    recorder,
    request,
    source,
    resolveRoute: resolveRoute as (source: unknown) => string | undefined,
    startedAt: performance.now(),
    responseBytes: 0,
    done: false,
    originalWrite: undefined,
    originalEnd: undefined,
  };
  tracked[EXCHANGE] = exchange;
  if (countBodyBytes) {
    // The instance's current methods, not the prototype's: a compression middleware installed
    // earlier may have replaced them, and we must keep calling its versions.
    exchange.originalWrite = response.write;
    exchange.originalEnd = response.end;
    response.write = countingWrite as ServerResponse['write'];
    response.end = countingEnd as ServerResponse['end'];
  }
  response.on('finish', onFinish);
  // 'close' follows 'finish' on a complete response; alone, it means the client went away first.
  // It is also emitted after a socket error, so no 'error' listener is added: one would silence
  // errors the application never asked us to handle.
  response.on('close', onClose);
  return true;
}

/** Seconds since the exchange began. */
export function elapsedSeconds(exchange: Exchange): number {
  return (performance.now() - exchange.startedAt) / 1000;
}

function onFinish(this: TrackedResponse): void {
  settle(this, false);
}

function onClose(this: TrackedResponse): void {
  settle(this, !this.writableFinished);
}

function settle(response: TrackedResponse, aborted: boolean): void {
  const exchange = response[EXCHANGE];
  if (exchange === undefined || exchange.done) return;
  exchange.done = true;
  exchange.recorder.complete(exchange, response, aborted);
}

function countingWrite(this: TrackedResponse, chunk: unknown, encoding?: unknown): boolean {
  const exchange = this[EXCHANGE]!;
  exchange.responseBytes += byteLength(chunk, encoding);
  return exchange.originalWrite!.apply(this, arguments as unknown as Parameters<ServerResponse['write']>);
}

function countingEnd(this: TrackedResponse, chunk?: unknown, encoding?: unknown): ServerResponse {
  const exchange = this[EXCHANGE]!;
  // end() may be called more than once; only the first call writes its chunk.
  if (!this.writableEnded) exchange.responseBytes += byteLength(chunk, encoding);
  return exchange.originalEnd!.apply(this, arguments as unknown as Parameters<ServerResponse['end']>);
}

function byteLength(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
