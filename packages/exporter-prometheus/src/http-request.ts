import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What came back from one HTTP exchange. */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

/** One HTTP request, failing with a typed cause. */
export interface HttpRequestOptions {
  readonly method: string;
  readonly url: URL;
  readonly headers: OutgoingHttpHeaders;
  readonly body?: string | Uint8Array;
  readonly timeoutMs: number;
  /** PEM certificate(s) to trust for https, instead of (not besides) Node's default CAs. */
  readonly ca?: string | Buffer;
  /** Aborts the exchange (the socket is destroyed); the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The most of a response body kept for an error message: gateways answer in one line. */
const MAX_BODY_BYTES = 64 * 1024;

/** Thrown when no response arrived within the timeout. */
export class HttpTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'HttpTimeoutError';
  }
}

/**
 * Sends one request with node:http(s) and resolves with the status and (truncated) body. Rejects
 * only on network failure or timeout; any HTTP status resolves.
 */
export function sendHttpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  const send = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (options.body !== undefined) headers['Content-Length'] = Buffer.byteLength(options.body);
    const tls = options.ca === undefined ? {} : { ca: options.ca };
    const req = send(options.url, { method: options.method, headers, ...tls }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (part: Buffer) => {
        if (size < MAX_BODY_BYTES) parts.push(part);
        size += part.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(parts).toString('utf8').slice(0, MAX_BODY_BYTES),
          headers: res.headers,
        });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    // One deadline for the whole exchange (connect, upload, response), not per socket inactivity.
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(options.timeoutMs)), options.timeoutMs);
    timer.unref();
    const onAbort = () => req.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}
