import type { OutgoingHttpHeaders } from 'node:http';
import { compress } from 'snappyjs';
import { sendHttpRequest } from '../http-request.js';
import { redactUrl } from './remote-write-error.js';

/** Headers the spec fixes; user headers cannot replace them ("MUST NOT allow users to configure them"). */
export const RESERVED_HEADERS = [
  'content-encoding',
  'content-type',
  'content-length',
  'x-prometheus-remote-write-version',
  'user-agent',
] as const;

/** Options of {@link RemoteWriteClient}. */
export interface RemoteWriteClientOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly bearerToken: string | undefined;
  readonly basicAuth: { readonly username: string; readonly password: string } | undefined;
  readonly timeoutMs: number;
  /** PEM CA certificate(s) trusted for an https URL. */
  readonly ca: string | undefined;
  readonly userAgent: string;
}

/** How one POST ended. */
export type SendOutcome =
  | { readonly kind: 'sent' }
  /** 4xx other than 429: the request can never succeed; its samples are dropped. */
  | { readonly kind: 'rejected'; readonly status: number; readonly message: string }
  /** 5xx, 429 or a network failure: try again later (`retryAfterMs` from the receiver, if given). */
  | {
      readonly kind: 'retry';
      readonly status: number | undefined;
      readonly message: string;
      readonly retryAfterMs: number | undefined;
    };

/** Longest receiver message kept: receivers answer in a line or two; anything more is noise. */
const MAX_MESSAGE = 512;

/**
 * Compresses and POSTs one encoded `WriteRequest` as remote write 1.0 asks: snappy block format
 * ("the framed format MUST NOT be used"), `Content-Encoding: snappy`,
 * `Content-Type: application/x-protobuf`, `X-Prometheus-Remote-Write-Version: 0.1.0`.
 * https://prometheus.io/docs/specs/prw/remote_write_spec/
 */
export class RemoteWriteClient {
  /** The URL as it may appear in messages. */
  readonly shownUrl: string;
  private readonly headers: OutgoingHttpHeaders;

  constructor(private readonly options: RemoteWriteClientOptions) {
    this.shownUrl = redactUrl(options.url);
    const headers: OutgoingHttpHeaders = { ...options.headers };
    if (options.bearerToken !== undefined) headers.Authorization = `Bearer ${options.bearerToken}`;
    if (options.basicAuth !== undefined) {
      const { username, password } = options.basicAuth;
      headers.Authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
    }
    headers['Content-Encoding'] = 'snappy';
    headers['Content-Type'] = 'application/x-protobuf';
    headers['X-Prometheus-Remote-Write-Version'] = '0.1.0';
    headers['User-Agent'] = options.userAgent;
    this.headers = headers;
  }

  /** Snappy block compression of an encoded request (what goes on the wire). */
  static compress(body: Uint8Array): Uint8Array {
    return compress(body);
  }

  /** POSTs one compressed request; never rejects. */
  async send(compressed: Uint8Array): Promise<SendOutcome> {
    let response: Awaited<ReturnType<typeof sendHttpRequest>>;
    try {
      response = await sendHttpRequest({
        method: 'POST',
        url: this.options.url,
        headers: this.headers,
        body: compressed,
        timeoutMs: this.options.timeoutMs,
        ca: this.options.ca,
      });
    } catch (error) {
      return {
        kind: 'retry',
        status: undefined,
        message: describeNetworkError(error),
        retryAfterMs: undefined,
      };
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { kind: 'sent' };
    const message = response.body.trim().slice(0, MAX_MESSAGE);
    if (status >= 500 || status === 429) {
      return {
        kind: 'retry',
        status,
        message,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
      };
    }
    return { kind: 'rejected', status, message };
  }
}

/** Network errors carry the host at most, never the URL's credentials: code and message suffice. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}

/** `Retry-After` in seconds or as an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
