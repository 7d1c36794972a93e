import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uncompress } from 'snappyjs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter, RemoteWriteClient } from './remote-write-client.js';
import { redactUrl } from './remote-write-error.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A stand-in receiver that records the request and answers `status` (supplements the real ones). */
async function receiver(status: number, headers: Record<string, string> = {}) {
  const seen: Array<{ headers: IncomingHttpHeaders; body: Buffer; method: string }> = [];
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    seen.push({ headers: req.headers, body: Buffer.concat(parts), method: req.method ?? '' });
    res.writeHead(status, headers).end(status >= 400 ? 'err: bad things' : '');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { seen, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`) };
}

function client(url: URL, extra: Partial<ConstructorParameters<typeof RemoteWriteClient>[0]> = {}) {
  return new RemoteWriteClient({
    url,
    headers: {},
    bearerToken: undefined,
    basicAuth: undefined,
    timeoutMs: 5_000,
    ca: undefined,
    userAgent: 'meterkit-exporter-prometheus/test',
    ...extra,
  });
}

describe('RemoteWriteClient', () => {
  it('POSTs snappy with the spec headers, the bearer token and custom headers', async () => {
    const { seen, url } = await receiver(204);
    const body = new TextEncoder().encode('protobuf bytes '.repeat(20));
    const outcome = await client(url, {
      bearerToken: 'tok-123',
      headers: { 'X-Scope-OrgID': 'tenant-a' },
    }).send(RemoteWriteClient.compress(body));
    expect(outcome).toEqual({ kind: 'sent' });
    const [request] = seen;
    expect(request!.method).toBe('POST');
    expect(request!.headers).toMatchObject({
      'content-encoding': 'snappy',
      'content-type': 'application/x-protobuf',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': 'meterkit-exporter-prometheus/test',
      authorization: 'Bearer tok-123',
      'x-scope-orgid': 'tenant-a',
    });
    expect(request!.body.length).toBeLessThan(body.length);
    expect(new TextDecoder().decode(uncompress(new Uint8Array(request!.body)))).toBe(
      new TextDecoder().decode(body),
    );
  });

  it('classifies answers: 5xx and 429 retry (with Retry-After), other 4xx are final', async () => {
    const tooMany = await receiver(429, { 'Retry-After': '7' });
    expect(await client(tooMany.url).send(Uint8Array.of(0))).toEqual({
      kind: 'retry',
      status: 429,
      message: 'err: bad things',
      retryAfterMs: 7_000,
    });
    const bad = await receiver(400);
    expect(await client(bad.url).send(Uint8Array.of(0))).toEqual({
      kind: 'rejected',
      status: 400,
      message: 'err: bad things',
    });
    expect((await client((await receiver(503)).url).send(Uint8Array.of(0))).kind).toBe('retry');
  });

  it('turns a refused connection into a retry, with no credentials of the URL in the message', async () => {
    const url = new URL('http://user:hunter2@127.0.0.1:1/api/v1/write');
    const outcome = await client(url).send(Uint8Array.of(0));
    expect(outcome.kind).toBe('retry');
    expect(JSON.stringify(outcome)).not.toContain('hunter2');
  });
});

describe('redactUrl and parseRetryAfter', () => {
  it('hides user, password and query values', () => {
    expect(redactUrl(new URL('https://u:p4ss@mimir.example/api/v1/push?api_key=abc&x=1'))).toBe(
      'https://redacted:redacted@mimir.example/api/v1/push?api_key=redacted&x=redacted',
    );
  });

  it('reads seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
