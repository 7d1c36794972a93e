import type { Snapshot } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { everyTypeSnapshot, manyCounters } from '../test/fixtures/snapshots.js';
import { httpRequest } from '../test/helpers/http-client.js';
import { OPENMETRICS_CONTENT_TYPE, serializeOpenMetrics } from './openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, serializePrometheusText } from './prometheus-serializer.js';
import { createScrapeHandler, type ScrapeHandlerOptions } from './scrape-handler.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

let server: StandaloneServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves a handler; the exact-body tests leave out the self-metrics and the reuse window unless asked. */
async function serve(options: Partial<ScrapeHandlerOptions> & Pick<ScrapeHandlerOptions, 'collect'>) {
  const handler = createScrapeHandler({ selfMetrics: false, minCollectionIntervalMs: 0, ...options });
  server = await startServer(handler, { port: 0 });
  return server.url;
}

describe('createScrapeHandler', () => {
  it('serves text 0.0.4 by default and OpenMetrics when asked', async () => {
    const url = await serve({ collect: async () => everyTypeSnapshot });
    const text = await httpRequest(`${url}/metrics`);
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
    expect(text.body).toBe(serializePrometheusText(everyTypeSnapshot));
    const openMetrics = await httpRequest(`${url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
    });
    expect(openMetrics.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
    expect(openMetrics.body).toBe(serializeOpenMetrics(everyTypeSnapshot));
  });

  it('gzips when the scraper accepts it, and not otherwise', async () => {
    const snapshot = manyCounters(2000);
    const url = await serve({ collect: async () => snapshot, linesPerChunk: 300 });
    const zipped = await httpRequest(`${url}/metrics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body).toBe(serializePrometheusText(snapshot));
    expect(zipped.compressedBytes).toBeLessThan(zipped.body.length / 3);
    const plain = await httpRequest(`${url}/metrics`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(serializePrometheusText(snapshot));
  });

  it('does not gzip when gzip is disabled', async () => {
    const url = await serve({ collect: async () => everyTypeSnapshot, gzip: false });
    const response = await httpRequest(`${url}/metrics`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('answers HEAD with the headers only, without collecting', async () => {
    let collections = 0;
    const url = await serve({
      collect: async () => {
        collections++;
        return everyTypeSnapshot;
      },
    });
    const response = await httpRequest(`${url}/metrics`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
    expect(response.body).toBe('');
    expect(collections).toBe(0);
  });

  it('answers other methods with 405 and an Allow header', async () => {
    const url = await serve({ collect: async () => everyTypeSnapshot });
    const response = await httpRequest(`${url}/metrics`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('serves only its path (query string and trailing slash ignored), or every path with "*"', async () => {
    const url = await serve({ collect: async () => everyTypeSnapshot, path: '/internal/metrics' });
    expect((await httpRequest(`${url}/internal/metrics?debug=1`)).status).toBe(200);
    expect((await httpRequest(`${url}/internal/metrics/`)).status).toBe(200);
    const miss = await httpRequest(`${url}/metrics`);
    expect(miss.status).toBe(404);
    expect(miss.body).toBe('Not found: metrics are served at /internal/metrics\n');
    await server?.close();
    const any = await serve({ collect: async () => everyTypeSnapshot, path: '*' });
    expect((await httpRequest(`${any}/anything`)).status).toBe(200);
  });

  it('shares one collection between concurrent scrapes and collects again afterwards', async () => {
    let collections = 0;
    let release: (snapshot: Snapshot) => void = () => {};
    const url = await serve({
      collect: () => {
        collections++;
        return new Promise<Snapshot>((resolve) => {
          release = resolve;
        });
      },
    });
    const scrapes = Array.from({ length: 5 }, () => httpRequest(`${url}/metrics`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release(everyTypeSnapshot);
    const responses = await Promise.all(scrapes);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(collections).toBe(1);
    const again = httpRequest(`${url}/metrics`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release(everyTypeSnapshot);
    await again;
    expect(collections).toBe(2);
  });

  it('answers 500 with the reason when collection itself fails, and reports it', async () => {
    const errors: Array<[string, string]> = [];
    const url = await serve({
      collect: async () => {
        throw new Error('store is gone');
      },
      onError: (error, source) => errors.push([error.message, source]),
    });
    const response = await httpRequest(`${url}/metrics`);
    expect(response.status).toBe(500);
    expect(response.body).toBe('Metrics collection failed: store is gone\n');
    expect(errors).toEqual([['store is gone', 'prometheus.scrape']]);
  });

  it('serializes a large exposition in chunks that add up to the whole, sent with its length', async () => {
    const snapshot = manyCounters(20_000);
    const url = await serve({ collect: async () => snapshot, linesPerChunk: 1000 });
    const response = await httpRequest(`${url}/metrics`, {
      headers: { Accept: 'application/openmetrics-text' },
    });
    const expected = serializeOpenMetrics(snapshot);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
    expect(response.body).toBe(expected);
  });
});
