import { createProvider, type Snapshot } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../test/helpers/http-client.js';
import { negotiateFormat } from './content-negotiation.js';
import {
  PROMETHEUS_TEXT_CONTENT_TYPE,
  PROMETHEUS_TEXT_UTF8_CONTENT_TYPE,
  serializePrometheusText,
} from './prometheus-serializer.js';
import { createScrapeHandler } from './scrape-handler.js';
import { type StandaloneServer, startServer } from './standalone-server.js';

/** What Prometheus 3 sends for the text format when it reads UTF-8 names. */
const UTF8_ACCEPT =
  'text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2';

let server: StandaloneServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function snapshotWithDottedNames(): Promise<Snapshot> {
  const provider = await createProvider({ provider: 'memory' });
  provider
    .counter('http.server.requests', { description: 'Requests "served"' })
    .withTags({ 'http.route': '/a' })
    .add(4);
  provider
    .histogram('http.server.request.duration', { unit: 's', buckets: [0.1] })
    .withTags({ 'http.route': '/a', method: 'GET' })
    .observe(0.05);
  provider.gauge('queue_depth').withTags({ shard: '1' }).set(3);
  const snapshot = await provider.registry().snapshot();
  await provider.stop();
  return snapshot;
}

describe('quoted UTF-8 names for scrapers sending escaping=allow-utf-8', () => {
  it('negotiates them only when the option is on and the text range carries escaping=allow-utf-8', () => {
    expect(negotiateFormat(UTF8_ACCEPT, { utf8Names: true })).toBe('prometheus-text-utf8');
    expect(negotiateFormat(UTF8_ACCEPT, { utf8Names: false })).toBe('prometheus-text');
    expect(negotiateFormat('text/plain;version=0.0.4', { utf8Names: true })).toBe('prometheus-text');
    expect(negotiateFormat('text/plain;version=0.0.4;escaping=underscores', { utf8Names: true })).toBe(
      'prometheus-text',
    );
  });

  it('serves the original names quoted, label keys too, classic names unchanged', async () => {
    const snapshot = await snapshotWithDottedNames();
    server = await startServer(createScrapeHandler({ collect: async () => snapshot, utf8Names: true }), {
      port: 0,
    });
    const response = await httpRequest(`${server.url}/metrics`, { headers: { Accept: UTF8_ACCEPT } });
    expect(response.headers['content-type']).toBe(PROMETHEUS_TEXT_UTF8_CONTENT_TYPE);
    const lines = response.body.split('\n');
    expect(lines).toContain('# HELP "http.server.requests_total" Requests "served"');
    expect(lines).toContain('# TYPE "http.server.requests_total" counter');
    expect(lines).toContain('{"http.server.requests_total","http.route"="/a"} 4');
    expect(lines).toContain('# TYPE "http.server.request.duration" histogram');
    expect(lines).toContain(
      '{"http.server.request.duration_bucket","http.route"="/a",method="GET",le="0.1"} 1',
    );
    expect(lines).toContain(
      '{"http.server.request.duration_bucket","http.route"="/a",method="GET",le="+Inf"} 1',
    );
    expect(lines).toContain('{"http.server.request.duration_sum","http.route"="/a",method="GET"} 0.05');
    expect(lines).toContain('{"http.server.request.duration_count","http.route"="/a",method="GET"} 1');
    expect(lines).toContain('queue_depth{shard="1"} 3');
    // Any other scrape of the same handler gets the translated names.
    const plain = await httpRequest(`${server.url}/metrics`, {
      headers: { Accept: 'text/plain;version=0.0.4' },
    });
    expect(plain.headers['content-type']).toBe(PROMETHEUS_TEXT_CONTENT_TYPE);
    expect(plain.body.startsWith(serializePrometheusText(snapshot))).toBe(true);
    expect(plain.body).toContain('http_server_requests_total{http_route="/a"} 4\n');
    expect(plain.body).toContain(
      'http_server_request_duration_seconds_bucket{http_route="/a",method="GET",le="0.1"} 1\n',
    );
  });
});
