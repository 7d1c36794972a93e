/*
 * Issue 14, item 3: a burst of scrapes must cost one collection, one serialization and one gzip
 * per format, with every response writing the same body Buffer, and memory must stay bounded
 * under a storm with the default settings (reuse window, cap on scrapes in progress, a deadline
 * for readers that stop reading).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { createProvider, type Provider } from '@meterkit/core';
import { eventually } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createScrapeHandler, type ScrapeHandler } from '../../src/scrape-handler.js';
import { type StandaloneServer, startServer } from '../../src/standalone-server.js';
import { manyCounters } from '../fixtures/snapshots.js';
import { httpRequest } from '../helpers/http-client.js';

let server: StandaloneServer | undefined;
let provider: Provider | undefined;
afterEach(async () => {
  await server?.close();
  await provider?.stop();
  server = undefined;
  provider = undefined;
});

/** Serves `handler`, remembering the body each response was ended with. */
async function serveRecordingBodies(handler: ScrapeHandler, bodies: unknown[]): Promise<string> {
  server = await startServer(
    (req: IncomingMessage, res: ServerResponse) => {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        if (args[0] !== undefined) bodies.push(args[0]);
        return end(...args);
      }) as ServerResponse['end'];
      handler(req, res);
    },
    { port: 0 },
  );
  return `${server.url}/metrics`;
}

/** A GET that only collects the raw bytes: decoding waits until the burst is over, because client and
 * server share this process and decoding 100 bodies mid-burst would delay the server by seconds. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; gzip: boolean; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          gzip: res.headers['content-encoding'] === 'gzip',
          raw: Buffer.concat(parts),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(response: { status: number; gzip: boolean; raw: Buffer }): { status: number; body: string } {
  return {
    status: response.status,
    body: (response.gzip ? gunzipSync(response.raw) : response.raw).toString('utf8'),
  };
}

const collectionsOf = (body: string) =>
  Number(/^meterkit_prometheus_collections_total (\d+)$/m.exec(body)?.[1]);

describe('a scrape storm with the default settings', () => {
  it('answers a burst of concurrent scrapes, and scrapes 10 ms apart, from one collection and one body per format', {
    timeout: 60_000,
  }, async () => {
    provider = await createProvider({ provider: 'prometheus', cardinalityLimit: 20_000 });
    const requests = provider.counter('requests', { description: 'Requests' });
    for (let i = 0; i < 20_000; i++) requests.withTags({ series: String(i) }).inc();
    let callbackRuns = 0;
    provider.registry().registerCallback('collect_runs', () => ++callbackRuns, { description: 'Runs' });
    const bodies: unknown[] = [];
    const url = await serveRecordingBodies(provider.handler(), bodies);
    const openMetrics = { Accept: 'application/openmetrics-text;version=1.0.0' };
    const rawBurst = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        rawGet(url, {
          ...(i % 2 === 0 ? { 'Accept-Encoding': 'gzip' } : {}),
          ...(i % 4 < 2 ? openMetrics : {}),
        }),
      ),
    );
    // A second burst after the reuse window (2 s after the first collection finished): one more collection.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const spaced = [];
    for (let i = 0; i < 30; i++) {
      spaced.push(rawGet(url, { 'Accept-Encoding': 'gzip' }));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const second = (await Promise.all(spaced)).map(decoded);
    const burst = rawBurst.map(decoded);
    expect([...burst, ...second].every((response) => response.status === 200)).toBe(true);
    expect(callbackRuns).toBe(2);
    expect(new Set(burst.map((response) => collectionsOf(response.body)))).toEqual(new Set([1]));
    expect(new Set(second.map((response) => collectionsOf(response.body)))).toEqual(new Set([2]));
    for (const response of burst) {
      expect(response.body).toContain('requests_total{series="19999"} 1\n');
      expect(response.body).toContain('collect_runs 1\n');
    }
    expect(second[29]!.body).toContain('collect_runs 2\n');
    // One Buffer object per collection, format and encoding, written to every response (no per-request copy).
    expect(bodies.every((body) => Buffer.isBuffer(body))).toBe(true);
    expect(new Set(bodies.slice(0, 100)).size).toBe(4);
    expect(new Set(bodies.slice(100)).size).toBe(1);
  });

  it('answers 503 with Retry-After beyond maxConcurrentScrapes and serves the rest', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = createScrapeHandler({
      collect: async () => {
        await gate;
        return manyCounters(10);
      },
      maxConcurrentScrapes: 3,
    });
    server = await startServer(handler, { port: 0 });
    const scrapes = Array.from({ length: 5 }, () => httpRequest(`${server!.url}/metrics`));
    const rejected = await Promise.all(scrapes.slice(3));
    release();
    const served = await Promise.all(scrapes.slice(0, 3));
    expect(served.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(rejected.map((response) => response.status)).toEqual([503, 503]);
    expect(rejected[0]!.headers['retry-after']).toBe('1');
    expect(rejected[0]!.body).toBe('Too many scrapes in progress (prometheus.maxConcurrentScrapes=3)\n');
    // The slots are free again once the responses are done.
    expect((await httpRequest(`${server.url}/metrics`)).status).toBe(200);
  });

  it('cuts off a reader that stops reading after responseTimeoutMs, freeing its slot', {
    timeout: 30_000,
  }, async () => {
    const filler = `# ${'x'.repeat(1021)}\n`; // 1 KiB a line
    const handler = createScrapeHandler({
      collect: async () => manyCounters(1),
      // 64 MB: more than the loopback socket buffers hold, so the write cannot finish unread.
      serialize: function* () {
        for (let i = 0; i < 64; i++) yield filler.repeat(1024);
      },
      maxConcurrentScrapes: 1,
      responseTimeoutMs: 300,
    });
    const ends: number[] = [];
    server = await startServer(
      (req, res) => {
        res.once('close', () => ends.push(Date.now()));
        handler(req, res);
      },
      { port: 0 },
    );
    const stalled = connect(server.port, '127.0.0.1');
    stalled.on('error', () => {});
    stalled.pause();
    stalled.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually('the stalled response is cut off', () => (ends.length > 0 ? true : undefined), 10_000);
    // Without the deadline nothing would ever close it: the client has not read a byte. Reading now
    // gets what the kernel buffered before the cut, far less than the body, then the end.
    let received = 0;
    stalled.on('data', (part: Buffer) => {
      received += part.length;
    });
    const ended = new Promise((resolve) => stalled.once('close', resolve));
    stalled.resume();
    await ended;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(64 * 1024 * 1024);
    // The slot (maxConcurrentScrapes: 1) is free again: the next scrape gets 200, not 503.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server!.url}/metrics`, { agent: false }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });
});
