import type { OutgoingHttpHeaders } from 'node:http';
import type { Snapshot } from '@meterkit/core';
import { redactUrl } from '@meterkit/core/exporter-kit';
import { renameGroupingLabelClashes } from './grouping-label-clash.js';
import { type HttpResponse, sendHttpRequest } from './http-request.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, serializePrometheusText } from './prometheus-serializer.js';
import {
  hasNativeHistograms,
  PROMETHEUS_PROTOBUF_CONTENT_TYPE,
  serializeProtobufExposition,
} from './protobuf/protobuf-exposition.js';
import { PushgatewayError } from './pushgateway-error.js';
import { groupUrl } from './pushgateway-url.js';

/** Basic auth or a bearer token for the Pushgateway (or a proxy in front of it). */
export type PushgatewayAuth =
  | { readonly username: string; readonly password: string }
  | { readonly bearerToken: string };

/** Options of {@link PushgatewayClient}. */
export interface PushgatewayClientOptions {
  /** Base URL of the gateway, e.g. `http://pushgateway:9091` (a path prefix is kept). */
  readonly url: string;
  /** The `job` of the grouping key. */
  readonly job: string;
  /** More grouping labels, e.g. `{ instance: 'batch-7' }`. Values may contain `/`. */
  readonly groupings?: Readonly<Record<string, string>>;
  readonly auth?: PushgatewayAuth;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Deadline of one attempt in ms. Default 10,000. */
  readonly timeoutMs?: number;
  /** Further attempts after a 5xx, 429 or network failure. Default 3. */
  readonly retries?: number;
  /** First retry delay in ms, doubled each time (with jitter) up to `maxRetryDelayMs`. Default 200. */
  readonly retryDelayMs?: number;
  /** Longest delay between two attempts in ms. Default 5,000. */
  readonly maxRetryDelayMs?: number;
}

function authorization(auth: PushgatewayAuth | undefined): string | undefined {
  if (auth === undefined) return undefined;
  if ('bearerToken' in auth) return `Bearer ${auth.bearerToken}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

function retryable(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Options of one push, pushAdd or delete. */
export interface PushOptions {
  /**
   * Abandons the call: the request in flight is aborted and no retry follows; the call rejects with
   * a `PushgatewayError` whose `cause` is the signal's reason. The exporter passes one that fires
   * at the Config's `exportTimeout`.
   */
  readonly signal?: AbortSignal;
}

/**
 * Waits `ms`, or less when `signal` aborts. The timer is ref'd on purpose: a push in progress (a
 * final one during `stop()`) must keep the process alive until it is done or abandoned.
 */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** An error's message with any URL in it redacted (node's errors may quote the address they failed on). */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => redactUrl(url));
}

/** The reason a send is aborted when a newer push or delete replaces the group. */
class SupersededError extends Error {
  constructor() {
    super('superseded by a newer push or delete of the group');
    this.name = 'SupersededError';
  }
}

/** A push body and its Content-Type. */
interface PushBody {
  readonly body: string | Uint8Array;
  readonly contentType: string;
}

/**
 * A snapshot as the gateway should receive it: text 0.0.4, or the protobuf exposition when a
 * histogram has exponential buckets, because only protobuf carries native histograms (the gateway
 * stores the pushed MetricFamily messages as they are and serves them again to a protobuf scrape).
 */
function pushBody(snapshot: Snapshot): PushBody {
  return hasNativeHistograms(snapshot)
    ? { body: serializeProtobufExposition(snapshot), contentType: PROMETHEUS_PROTOBUF_CONTENT_TYPE }
    : { body: serializePrometheusText(snapshot), contentType: PROMETHEUS_TEXT_CONTENT_TYPE };
}

/**
 * A client for the Prometheus Pushgateway (https://github.com/prometheus/pushgateway):
 * `push` replaces every metric of the group (PUT), `pushAdd` replaces only the metric names it sends
 * (POST), `delete` removes the group. Bodies are text 0.0.4, the format the gateway parses, or the
 * protobuf exposition when the snapshot has native (exponential) histograms; a tag
 * named like a grouping label (`job`, `instance`, …) is sent as `exported_<name>` because the gateway
 * would overwrite it. Rejections
 * (4xx) fail at once with the gateway's message; 5xx, 429 and network errors are retried with
 * exponential backoff.
 *
 * Calls reach the gateway one at a time, in call order, so an older snapshot can never land after a
 * newer one. A `push` or `delete` replaces the whole group, so it supersedes every earlier call still
 * waiting or retrying: the request in flight is aborted, no retry follows, and the superseded call
 * resolves (its data was replaced anyway). URLs in errors are redacted (no credentials, no query).
 */
export class PushgatewayClient {
  /** The group's URL, e.g. `http://gw:9091/metrics/job/batch/instance/a`. */
  readonly groupUrl: URL;
  private readonly headers: OutgoingHttpHeaders;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  /** `job` and every grouping label: tags with these names are pushed as `exported_<name>`. */
  private readonly groupingLabels: ReadonlySet<string>;
  /** The group URL as errors show it: without credentials or query values. */
  private readonly displayUrl: string;
  /** Bumped by every push and delete; a call whose generation is older has been superseded. */
  private generation = 0;
  /** Aborts the call now running, when a newer push or delete supersedes it. */
  private running: AbortController | undefined;
  /** Settles after the last call queued so far: the next one starts after it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: PushgatewayClientOptions) {
    this.groupUrl = groupUrl(options.url, options.job, options.groupings);
    const auth = authorization(options.auth);
    this.headers = { ...options.headers, ...(auth === undefined ? {} : { Authorization: auth }) };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.groupingLabels = new Set(['job', ...Object.keys(options.groupings ?? {})]);
    this.displayUrl = redactUrl(this.groupUrl);
  }

  /** Replaces all metrics of the group with these (HTTP PUT); supersedes earlier calls. */
  push(metrics: Snapshot | string, options?: PushOptions): Promise<void> {
    return this.send('PUT', metrics, options);
  }

  /** Replaces only the metrics with the same names as these, keeping the rest of the group (HTTP POST). */
  pushAdd(metrics: Snapshot | string, options?: PushOptions): Promise<void> {
    return this.send('POST', metrics, options);
  }

  /** Deletes every metric of the group (HTTP DELETE); supersedes earlier calls. */
  delete(options?: PushOptions): Promise<void> {
    return this.send('DELETE', undefined, options);
  }

  private send(method: string, metrics: Snapshot | string | undefined, options?: PushOptions): Promise<void> {
    // Serialized now: the call sends the snapshot it was given, whenever its turn comes.
    const body: PushBody | undefined =
      metrics === undefined
        ? undefined
        : typeof metrics === 'string'
          ? { body: metrics, contentType: PROMETHEUS_TEXT_CONTENT_TYPE }
          : pushBody(renameGroupingLabelClashes(metrics, this.groupingLabels));
    if (method !== 'POST') {
      this.generation++;
      this.running?.abort(new SupersededError());
    }
    const generation = this.generation;
    const turn = this.queue.then(() => this.attempts(method, body, generation, options?.signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async attempts(
    method: string,
    body: PushBody | undefined,
    generation: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<void> {
    // One signal for both reasons to stop: superseded (this.running) or abandoned by the caller.
    const controller = new AbortController();
    const forward = () => controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) forward();
    else callerSignal?.addEventListener('abort', forward, { once: true });
    this.running = controller;
    try {
      return await this.attemptAll(method, body, () => generation !== this.generation, controller.signal);
    } finally {
      callerSignal?.removeEventListener('abort', forward);
      if (this.running === controller) this.running = undefined;
    }
  }

  private async attemptAll(
    method: string,
    encoded: PushBody | undefined,
    superseded: () => boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const headers: OutgoingHttpHeaders = { ...this.headers };
    if (encoded !== undefined) headers['Content-Type'] = encoded.contentType;
    const body = encoded?.body;
    const url = this.displayUrl;
    let lastFailure: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt), signal);
      // Checked before every attempt: a stale snapshot is never sent after a newer one.
      if (superseded()) return;
      if (signal.aborted) {
        throw new PushgatewayError(method, url, undefined, `abandoned: ${describe(signal.reason)}`, {
          cause: signal.reason,
          attempts: attempt,
        });
      }
      let response: HttpResponse;
      try {
        response = await sendHttpRequest({
          method,
          url: this.groupUrl,
          headers,
          body,
          timeoutMs: this.timeoutMs,
          signal,
        });
      } catch (error) {
        lastFailure = error;
        if (signal.aborted) {
          // Aborted in flight: superseded (resolve, the newer call carries the data) or abandoned.
          if (superseded()) return;
          throw new PushgatewayError(method, url, undefined, `abandoned: ${describe(signal.reason)}`, {
            cause: signal.reason,
            attempts: attempt + 1,
          });
        }
        continue;
      }
      if (response.status >= 200 && response.status < 300) return;
      const message = response.body.trim();
      if (!retryable(response.status)) throw new PushgatewayError(method, url, response.status, message);
      lastFailure = new PushgatewayError(method, url, response.status, message, { attempts: attempt + 1 });
    }
    if (lastFailure instanceof PushgatewayError) {
      throw new PushgatewayError(method, url, lastFailure.status, lastFailure.gatewayMessage, {
        attempts: this.retries + 1,
      });
    }
    const reason = describe(lastFailure);
    throw new PushgatewayError(method, url, undefined, reason, {
      cause: lastFailure,
      attempts: this.retries + 1,
    });
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so clients do not retry in step. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }
}
