import { createProvider, type Provider } from '@meterkit/core';
import { promtoolCheckMetrics } from '@meterkit/test-support';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { serializePrometheusText } from '../src/prometheus-serializer.js';
import { startServer } from '../src/standalone-server.js';
import { tags } from './fixtures/snapshots.js';
import { httpRequest } from './helpers/http-client.js';
import { labelValueArbitrary } from './helpers/label-values.js';

let provider: Provider | undefined;
afterEach(async () => {
  await provider?.stop();
  provider = undefined;
});

/** Records one of each metric type, with global tags and values that need escaping. */
function recordEveryType(target: Provider): void {
  target
    .counter('http_requests_total', { description: 'HTTP requests' })
    .withTags({ method: 'GET', code: '200' })
    .add(7);
  target.counter('jobs', { description: 'Jobs run, "named" without the suffix' }).inc();
  target
    .gauge('queue_length', { description: 'Items\nwaiting \\ queued' })
    .withTags({ queue: 'a"b\\c\nd' })
    .set(-2.5);
  const sizes = target.histogram('response_size_bytes', {
    description: 'Response sizes',
    buckets: [100, 1000],
  });
  for (const size of [10, 500, 5000]) sizes.observe(size);
  target.timer('request_duration', { description: 'Request duration' }).withTags({ route: '/' }).record(0.3);
  const latency = target.summary('rpc_latency_seconds', {
    description: 'RPC latency',
    quantiles: [0.5, 0.99],
  });
  for (let i = 1; i <= 10; i++) latency.observe(i / 100);
  target.info('build', { description: 'Build information' }).set({ version: '1.0.0', commit: 'abc123' });
  target.registry().registerCallback('open_files', () => 12, { description: 'Open file descriptors' });
}

describe('promtool check metrics', () => {
  it('finds no problem in the text scraped from a scenario with every metric type', async () => {
    provider = await createProvider({ provider: 'prometheus', namespace: 'app', tags: { service: 'api' } });
    recordEveryType(provider);
    const server = await startServer(provider, { port: 0 });
    const scraped = await httpRequest(`${server.url}/metrics`);
    await server.close();
    for (const type of ['counter', 'gauge', 'histogram', 'summary'])
      expect(scraped.body).toContain(` ${type}\n`);
    expect(scraped.body).toContain('app_build_info{commit="abc123",service="api",version="1.0.0"} 1\n');
    const result = await promtoolCheckMetrics(scraped.body);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('reports lint findings in a deliberately bad exposition (the check is live)', async () => {
    const result = await promtoolCheckMetrics('# TYPE requestCount counter\nrequestCount 1\n');
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('requestCount');
  });

  it('parses any label value we write (property, 1,000 values per run)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(labelValueArbitrary, { minLength: 1000, maxLength: 1000 }),
        async (values) => {
          const text = serializePrometheusText({
            timestamp: 0,
            metrics: [
              {
                name: 'label_roundtrip',
                type: 'gauge',
                description: 'One series per generated label value',
                unit: '',
                startTime: 0,
                points: values.map((value, i) => ({ tags: tags({ case: String(i), v: value }), value: i })),
              },
            ],
          });
          const result = await promtoolCheckMetrics(text);
          expect(result.stderr).toBe('');
          expect(result.exitCode).toBe(0);
        },
      ),
      { numRuns: 5 },
    );
  });
});
