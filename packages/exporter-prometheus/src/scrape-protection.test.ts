import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createProvider, type Provider, type Snapshot, validateConfig } from '@meterkit/core';
import { systemClock } from '@meterkit/core/exporter-kit';
import { ManualClock } from '@meterkit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { manyCounters } from '../test/fixtures/snapshots.js';
import { httpRequest } from '../test/helpers/http-client.js';
import { ExpositionTooLargeError } from './exposition-too-large-error.js';
import { createExporter } from './prometheus-exporter.js';
import { serializePrometheusText } from './prometheus-serializer.js';
import { createScrapeHandler, type ScrapeHandler } from './scrape-handler.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let server: StandaloneServer | undefined;
let provider: Provider | undefined;
afterEach(async () => {
  await server?.close();
  await provider?.stop();
  server = undefined;
  provider = undefined;
});

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

interface DigestResponse {
  readonly status: number;
  readonly gzipped: boolean;
  /** SHA-256 of the raw (possibly gzipped) body: 200 bodies of 1 MB are compared without keeping them. */
  readonly digest: string;
  readonly raw: Buffer | undefined;
}

/** GET that keeps only a digest of the body (and the body itself when asked). */
function scrapeDigest(url: string, gzip: boolean, keep = false): Promise<DigestResponse> {
  return new Promise((resolve, reject) => {
    const headers = gzip ? { 'Accept-Encoding': 'gzip' } : {};
    const req = request(url, { headers, agent: false }, (res) => {
      const hash = createHash('sha256');
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => {
        hash.update(part);
        if (keep) parts.push(part);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          gzipped: res.headers['content-encoding'] === 'gzip',
          digest: hash.digest('hex'),
          raw: keep ? Buffer.concat(parts) : undefined,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Serves a handler, counting requests; `onArrival(n)` runs as the n-th request reaches the handler. */
async function serveCounting(handler: ScrapeHandler, onArrival: (count: number) => void): Promise<string> {
  let arrived = 0;
  server = await startServer(
    (req, res) => {
      onArrival(++arrived);
      handler(req, res);
    },
    { port: 0 },
  );
  return `${server.url}/metrics`;
}

describe('protecting the application from its metrics endpoint', () => {
  it('200 concurrent scrapes of 20,000 series cause one collection (wrapped ctx.collect)', async () => {
    const snapshot = manyCounters(20_000);
    let collections = 0;
    let allArrived: () => void = () => {};
    const arrivedGate = new Promise<void>((resolve) => {
      allArrived = resolve;
    });
    const exporter = await createExporter({
      config: validateConfig({ provider: 'prometheus', prometheus: { selfMetrics: false } }),
      // The collection stays open until all 200 requests are in, so every one of them is concurrent.
      collect: async () => {
        collections++;
        await arrivedGate;
        return snapshot;
      },
      onError: (error) => {
        throw error;
      },
      clock: systemClock,
    });
    const url = await serveCounting(exporter.handler!() as ScrapeHandler, (count) => {
      if (count === 200) allArrived();
    });
    // Most ask for gzip as Prometheus does; ten plain ones check the uncompressed path (1 MB each).
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => scrapeDigest(url, i % 20 !== 0, i < 20)),
    );
    expect(collections).toBe(1);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const zipped = responses.filter((response) => response.gzipped);
    const plain = responses.filter((response) => !response.gzipped);
    expect([zipped.length, plain.length]).toEqual([190, 10]);
    const expected = serializePrometheusText(snapshot);
    expect(new Set(plain.map((response) => response.digest))).toEqual(new Set([sha256(expected)]));
    // Every gzipped answer is the very same bytes: compressed once, not 190 times.
    expect(new Set(zipped.map((response) => response.digest)).size).toBe(1);
    expect(gunzipSync(zipped[0]!.raw!).toString('utf8')).toBe(expected);
    expect(expected.split('\n').filter((line) => line.startsWith('bench_requests_total{'))).toHaveLength(
      20_000,
    );
  });

  it('within minCollectionInterval, 200 scrapes of 20,000 series run the collection once (callback gauge)', async () => {
    const clock = new ManualClock();
    provider = await createProvider({
      provider: 'prometheus',
      clock,
      cardinalityLimit: 20_000,
      prometheus: { minCollectionInterval: '15s' },
    });
    const requests = provider.counter('requests', { description: 'Requests' });
    for (let i = 0; i < 20_000; i++) requests.withTags({ series: String(i) }).inc();
    let callbackRuns = 0;
    provider.registry().registerCallback('collections', () => ++callbackRuns, {
      description: 'How often the registry was collected',
    });
    server = await startServer(provider, { port: 0 });
    const url = `${server.url}/metrics`;
    const responses = await Promise.all(Array.from({ length: 200 }, () => scrapeDigest(url, true)));
    expect(callbackRuns).toBe(1);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(responses.map((response) => response.digest)).size).toBe(1);
    clock.advance(14_999);
    expect((await httpRequest(url)).body).toContain('\ncollections 1\n');
    clock.advance(1);
    const fresh = await httpRequest(url);
    expect(fresh.body).toContain('\ncollections 2\n');
    expect(fresh.body).toContain('requests_total{series="19999"} 1\n');
    expect(callbackRuns).toBe(2);
  });

  it('answers 503 with Retry-After over maxResponseBytes, reports it once, and stops serializing early', async () => {
    const errors: Array<[Error, string]> = [];
    let now = 0;
    const full = serializePrometheusText(manyCounters(2000));
    const url = await serveCounting(
      createScrapeHandler({
        collect: async () => manyCounters(2000),
        maxResponseBytes: 10_000,
        minCollectionIntervalMs: 30_000,
        linesPerChunk: 100,
        now: () => now,
        onError: (error, source) => errors.push([error, source]),
      }),
      () => {},
    );
    const first = await httpRequest(url);
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('30');
    expect(first.body).toBe(
      'Metrics response over the 10000-byte limit (prometheus.maxResponseBytes); not served\n',
    );
    now = 20_500;
    const again = await httpRequest(url, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(again.status).toBe(503);
    expect(again.headers['retry-after']).toBe('10');
    expect(errors).toHaveLength(1);
    const [error, source] = errors[0]!;
    expect(source).toBe('prometheus.scrape');
    expect(error).toBeInstanceOf(ExpositionTooLargeError);
    expect(error.message).toMatch(
      /^The prometheus-text scrape response is over prometheus\.maxResponseBytes=10000: \d+ bytes/,
    );
    const { bytesSoFar } = error as ExpositionTooLargeError;
    expect(bytesSoFar).toBeGreaterThan(10_000);
    expect(bytesSoFar).toBeLessThan(full.length / 2);
  });

  it('serves a body under maxResponseBytes, and the Config limit reaches ctx.onError', async () => {
    const errors: Error[] = [];
    provider = await createProvider({
      provider: 'prometheus',
      prometheus: { maxResponseBytes: 2048, minCollectionInterval: 0, selfMetrics: false },
      onError: (error) => errors.push(error),
    });
    const gauge = provider.gauge('queue_depth', { description: 'Jobs waiting' });
    gauge.set(3);
    server = await startServer(provider, { port: 0 });
    const small = await httpRequest(`${server.url}/metrics`);
    expect(small.status).toBe(200);
    expect(small.body).toBe('# HELP queue_depth Jobs waiting\n# TYPE queue_depth gauge\nqueue_depth 3\n');
    for (let i = 0; i < 200; i++) gauge.withTags({ queue: `queue-number-${i}` }).set(i);
    const large = await httpRequest(`${server.url}/metrics`);
    expect(large.status).toBe(503);
    expect(large.headers['retry-after']).toBe('1');
    expect(errors.map((error) => error.name)).toEqual(['ExpositionTooLargeError']);
  });

  it('shares one collection between concurrent text and OpenMetrics scrapes', async () => {
    let collections = 0;
    let release: (snapshot: Snapshot) => void = () => {};
    const url = await serveCounting(
      createScrapeHandler({
        collect: () => {
          collections++;
          return new Promise<Snapshot>((resolve) => {
            release = resolve;
          });
        },
      }),
      (count) => {
        if (count === 4) release(manyCounters(10));
      },
    );
    const openMetrics = { Accept: 'application/openmetrics-text;version=1.0.0' };
    const responses = await Promise.all([
      httpRequest(url),
      httpRequest(url, { headers: openMetrics }),
      httpRequest(url),
      httpRequest(url, { headers: openMetrics }),
    ]);
    expect(collections).toBe(1);
    expect(responses.map((response) => response.body.endsWith('# EOF\n'))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});
