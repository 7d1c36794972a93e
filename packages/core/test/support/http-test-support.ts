import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Gauge, Snapshot } from '../../src/index.js';

/**
 * Helpers for the HTTP adapter tests (imported only by `*.test.ts`): a server on 127.0.0.1, raw
 * requests with any method and body, and reading series back from a snapshot.
 */

/** Listens on an ephemeral port of 127.0.0.1 and returns the base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return baseUrl(server);
}

/** The base URL of a listening server. */
export function baseUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server and every connection it still holds (fetch keeps connections alive). */
export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The answer to {@link send}. */
export interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Sends one request without keep-alive; a `body` is sent as text/plain with a Content-Length. */
export function send(base: string, method: string, path: string, body?: string): Promise<Answer> {
  const headers = body === undefined ? {} : { 'content-type': 'text/plain' };
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Resolves once the gauge reads `value` (responses are recorded on 'finish', just after the client sees them). */
export async function until(gauge: Gauge, value: number): Promise<void> {
  for (let i = 0; i < 500 && gauge.value() !== value; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (gauge.value() !== value) throw new Error(`gauge stayed at ${gauge.value()}, expected ${value}`);
}

/** One series of a snapshot as plain data. */
export interface ReadBack {
  readonly tags: Record<string, string>;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
}

/** The series of metric `name` in a snapshot, tags as records. */
export function seriesOf(snapshot: Snapshot, name: string): ReadBack[] {
  const metric = snapshot.metrics.find((m) => m.name === name);
  if (metric === undefined) return [];
  return metric.points.map((point) => {
    const tags = Object.fromEntries(point.tags.map((tag) => [tag.key, tag.value]));
    if ('value' in point) return { tags, value: point.value };
    return { tags, count: point.count, sum: point.sum };
  });
}

/** The series of `name` sorted by their tags, for exact comparisons. */
export function sortedSeries(snapshot: Snapshot, name: string): ReadBack[] {
  return seriesOf(snapshot, name).sort((a, b) =>
    JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)),
  );
}
