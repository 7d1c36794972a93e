import type { Snapshot } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { everyTypeSnapshot, manyCounters } from '../../test/fixtures/snapshots.js';
import { httpRequest } from '../../test/helpers/http-client.js';
import { decodeMetricFamilies } from '../../test/helpers/metric-family-decoder.js';
import { OPENMETRICS_CONTENT_TYPE } from '../openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE, serializePrometheusText } from '../prometheus-serializer.js';
import { createScrapeHandler, type ScrapeHandlerOptions } from '../scrape-handler.js';
import { type StandaloneServer, startServer } from '../standalone-server.js';
import { PROMETHEUS_PROTOBUF_CONTENT_TYPE, serializeProtobufExposition } from './protobuf-exposition.js';

/** What Prometheus 2.42 with `--enable-feature=native-histograms` sends (captured from a real scrape). */
const NATIVE_HISTOGRAMS_ACCEPT =
  'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

let server: StandaloneServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(options: Partial<ScrapeHandlerOptions> & Pick<ScrapeHandlerOptions, 'collect'>) {
  // Fresh collections and bodies without the self-metric: the tests compare bodies with snapshots.
  const handler = createScrapeHandler({ minCollectionIntervalMs: 0, selfMetrics: false, ...options });
  server = await startServer(handler, { port: 0 });
  return `${server.url}/metrics`;
}

describe('the scrape handler serving the protobuf exposition', () => {
  it('answers a native-histogram Prometheus with delimited MetricFamily messages, gzipped', async () => {
    const url = await serve({ collect: async () => everyTypeSnapshot });
    const response = await httpRequest(url, {
      headers: { Accept: NATIVE_HISTOGRAMS_ACCEPT, 'Accept-Encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(PROMETHEUS_PROTOBUF_CONTENT_TYPE);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.bytes).toEqual(Buffer.from(serializeProtobufExposition(everyTypeSnapshot)));
    expect(decodeMetricFamilies(response.bytes).map((family) => family.name)).toContain('app_requests_total');
  });

  it('serializes a large body chunk by chunk into one body that adds up to the whole', async () => {
    const snapshot = manyCounters(20_000);
    const url = await serve({ collect: async () => snapshot, linesPerChunk: 1000 });
    const response = await httpRequest(url, { headers: { Accept: NATIVE_HISTOGRAMS_ACCEPT } });
    // One shared Buffer per format and collection, sent with its length (not streamed).
    expect(response.headers['content-length']).toBe(String(response.bytes.length));
    // Buffer.equals: a deep toEqual over a megabyte compares byte by byte in JavaScript.
    expect(response.bytes.equals(serializeProtobufExposition(snapshot))).toBe(true);
    expect(decodeMetricFamilies(response.bytes)[0]!.metric).toHaveLength(20_000);
  });

  it('serves OpenMetrics, then text, to the same scraper when protobuf (and OpenMetrics) are off', async () => {
    const url = await serve({ collect: async () => everyTypeSnapshot, protobuf: false });
    const response = await httpRequest(url, { headers: { Accept: NATIVE_HISTOGRAMS_ACCEPT } });
    expect(response.headers['content-type']).toBe(OPENMETRICS_CONTENT_TYPE);
    await server?.close();
    const textOnly = await serve({
      collect: async () => everyTypeSnapshot,
      protobuf: false,
      openMetrics: false,
    });
    const text = await httpRequest(textOnly, { headers: { Accept: NATIVE_HISTOGRAMS_ACCEPT } });
    expect(text.headers['content-type']).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
    expect(text.body).toBe(serializePrometheusText(everyTypeSnapshot));
  });

  it('shares one collection between concurrent protobuf and text scrapes', async () => {
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
    const protobufScrapes = Array.from({ length: 3 }, () =>
      httpRequest(url, { headers: { Accept: NATIVE_HISTOGRAMS_ACCEPT } }),
    );
    const textScrapes = Array.from({ length: 3 }, () => httpRequest(url));
    await new Promise((resolve) => setTimeout(resolve, 50));
    release(everyTypeSnapshot);
    const protobufBodies = await Promise.all(protobufScrapes);
    const textBodies = await Promise.all(textScrapes);
    expect(collections).toBe(1);
    for (const response of protobufBodies) {
      expect(response.bytes).toEqual(Buffer.from(serializeProtobufExposition(everyTypeSnapshot)));
    }
    for (const response of textBodies) expect(response.body).toBe(serializePrometheusText(everyTypeSnapshot));
  });

  it('answers 503 when the protobuf body is over maxResponseBytes, and reports it', async () => {
    const errors: string[] = [];
    const url = await serve({
      collect: async () => manyCounters(5000),
      maxResponseBytes: 4096,
      linesPerChunk: 100,
      onError: (error) => errors.push(error.message),
    });
    const response = await httpRequest(url, { headers: { Accept: NATIVE_HISTOGRAMS_ACCEPT } });
    expect(response.status).toBe(503);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^The protobuf scrape response is over prometheus.maxResponseBytes=4096/);
  });
});
