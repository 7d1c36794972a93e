import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { everyTypeSnapshot, snapshotOf, tags } from '../test/fixtures/snapshots.js';
import { decodeMetricFamilies } from '../test/helpers/metric-family-decoder.js';
import { serializePrometheusText } from './prometheus-serializer.js';
import { PushgatewayClient } from './pushgateway-client.js';
import { PushgatewayError } from './pushgateway-error.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  bytes: Buffer;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A scripted stand-in for the gateway: answers each request with the next [status, body]. */
async function fakeGateway(
  answers: Array<[number, string] | 'hang'>,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const bytes = Buffer.concat(parts);
      const body = bytes.toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, bytes });
      const answer = answers.shift() ?? [200, ''];
      if (answer === 'hang') return;
      res.writeHead(answer[0], { 'Content-Type': 'text/plain' });
      res.end(answer[1]);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, received };
}

describe('PushgatewayClient', () => {
  it('PUTs text 0.0.4 for push, POSTs for pushAdd and DELETEs the group', async () => {
    const gateway = await fakeGateway([]);
    const client = new PushgatewayClient({ url: gateway.url, job: 'etl', groupings: { instance: 'w/1' } });
    await client.push(everyTypeSnapshot);
    await client.pushAdd('x 1\n');
    await client.delete();
    expect(gateway.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /metrics/job/etl/instance@base64/dy8x',
      'POST /metrics/job/etl/instance@base64/dy8x',
      'DELETE /metrics/job/etl/instance@base64/dy8x',
    ]);
    // The fixture's timer has a `job` tag: it is pushed as exported_job (the gateway would overwrite it).
    expect(gateway.received[0]!.body).toBe(
      serializePrometheusText(everyTypeSnapshot).replaceAll('{job="import"', '{exported_job="import"'),
    );
    expect(gateway.received[0]!.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(gateway.received[1]!.body).toBe('x 1\n');
  });

  it('pushes the protobuf exposition when a histogram has exponential buckets', async () => {
    const gateway = await fakeGateway([]);
    const client = new PushgatewayClient({ url: gateway.url, job: 'etl' });
    const point = {
      tags: tags({ job: 'import' }),
      count: 3,
      sum: 6,
      min: 1,
      max: 3,
      buckets: [{ upperBound: Number.POSITIVE_INFINITY, count: 3 }],
      exponential: {
        scale: 0,
        zeroCount: 0,
        zeroThreshold: 0,
        positive: { offset: -1, counts: [1, 1, 1] },
        negative: { offset: 0, counts: [] },
      },
    };
    await client.push(
      snapshotOf({
        name: 'rows',
        type: 'histogram',
        description: 'Rows',
        unit: '',
        startTime: 0,
        points: [point],
      }),
    );
    const [request] = gateway.received;
    expect(request!.headers['content-type']).toBe(
      'application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited',
    );
    const [family] = decodeMetricFamilies(request!.bytes);
    expect(family!.name).toBe('rows');
    // Grouping-label clashes are renamed in protobuf pushes too.
    expect(family!.metric[0]!.label).toEqual([{ name: 'exported_job', value: 'import' }]);
    expect(family!.metric[0]!.histogram).toMatchObject({
      sampleCount: 3,
      schema: 0,
      positiveSpan: [{ offset: 0, length: 3 }],
      positiveDelta: [1, 0, 0],
    });
  });

  it('sends basic auth, bearer tokens and custom headers', async () => {
    const gateway = await fakeGateway([]);
    await new PushgatewayClient({
      url: gateway.url,
      job: 'j',
      auth: { username: 'ann', password: 's3cret' },
    }).delete();
    await new PushgatewayClient({
      url: gateway.url,
      job: 'j',
      auth: { bearerToken: 'tok' },
      headers: { 'X-Org': '7' },
    }).delete();
    expect(gateway.received[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('ann:s3cret').toString('base64')}`,
    );
    expect(gateway.received[1]!.headers.authorization).toBe('Bearer tok');
    expect(gateway.received[1]!.headers['x-org']).toBe('7');
  });

  it('retries 5xx with backoff, then succeeds', async () => {
    const gateway = await fakeGateway([
      [503, 'busy'],
      [500, 'oops'],
      [200, ''],
    ]);
    const client = new PushgatewayClient({ url: gateway.url, job: 'j', retries: 3, retryDelayMs: 5 });
    await client.push('x 1\n');
    expect(gateway.received.length).toBe(3);
  });

  it('fails at once on 4xx with the gateway message', async () => {
    const gateway = await fakeGateway([
      [400, 'pushed metrics are invalid or inconsistent with existing metrics: boom\n'],
    ]);
    const client = new PushgatewayClient({ url: gateway.url, job: 'j', retryDelayMs: 5 });
    const error = await client.push('x 1\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect((error as PushgatewayError).status).toBe(400);
    expect((error as PushgatewayError).message).toBe(
      `Pushgateway PUT ${gateway.url}/metrics/job/j was rejected with 400: pushed metrics are invalid or inconsistent with existing metrics: boom`,
    );
    expect(gateway.received.length).toBe(1);
  });

  it('gives up after the last retry and says how often it tried', async () => {
    const gateway = await fakeGateway([
      [502, 'bad gateway'],
      [502, 'bad gateway'],
    ]);
    const client = new PushgatewayClient({ url: gateway.url, job: 'j', retries: 1, retryDelayMs: 1 });
    await expect(client.push('x 1\n')).rejects.toThrow(`was rejected with 502 after 2 attempts: bad gateway`);
  });

  it('times out a hanging gateway and retries network failures', async () => {
    const gateway = await fakeGateway(['hang', [200, '']]);
    const client = new PushgatewayClient({
      url: gateway.url,
      job: 'j',
      timeoutMs: 100,
      retries: 1,
      retryDelayMs: 1,
    });
    await client.push('x 1\n');
    expect(gateway.received.length).toBe(2);
    const refused = new PushgatewayClient({
      url: 'http://127.0.0.1:9',
      job: 'j',
      retries: 1,
      retryDelayMs: 1,
    });
    const error = (await refused.push('x 1\n').catch((e: unknown) => e)) as PushgatewayError;
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(
      /^Pushgateway PUT http:\/\/127\.0\.0\.1:9\/metrics\/job\/j failed after 2 attempts: .*ECONNREFUSED/,
    );
  });
});

describe('PushgatewayClient and grouping labels', () => {
  it('pushes a tag named like a grouping label as exported_<name>', async () => {
    const gateway = await fakeGateway([]);
    const snapshot = {
      timestamp: 0,
      metrics: [
        {
          name: 'runs',
          type: 'counter' as const,
          description: '',
          unit: '',
          startTime: 0,
          points: [
            {
              tags: [
                { key: 'instance', value: 'w2' },
                { key: 'job', value: 'import' },
                { key: 'step', value: 'a' },
              ],
              value: 1,
            },
          ],
        },
      ],
    };
    await new PushgatewayClient({ url: gateway.url, job: 'etl', groupings: { instance: 'w1' } }).push(
      snapshot,
    );
    expect(gateway.received[0]!.body).toBe(
      '# TYPE runs_total counter\nruns_total{exported_instance="w2",exported_job="import",step="a"} 1\n',
    );
  });
});
