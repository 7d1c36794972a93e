/*
 * Issue 14, item 5: a Pushgateway counter went backwards (2050 → 117): a push that outlived
 * `exportTimeout` kept going and landed its older snapshot after the next, newer push. Here a real
 * Pushgateway 1.5.1 sits behind a slow proxy that holds the first push for 1.5 s before it
 * forwards it (and, like a reverse proxy, drops it when the client has gone meanwhile). With
 * `exportTimeout` (300 ms) far below `pushTimeout` (5 s), the first push outlives its export; the
 * value in the gateway, read every 20 ms, must never decrease, and after `stop()` it is the newest.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import {
  type BackendProcess,
  findGroup,
  freePort,
  sleep,
  startBackend,
  tempDir,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let gateway: BackendProcess;
let proxy: Server | undefined;
let provider: Provider | undefined;

beforeAll(async () => {
  const port = await freePort();
  gateway = await startBackend(
    'prometheus-pushgateway',
    [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir: await tempDir('meterkit-pushgateway-') },
  );
}, 20_000);

afterAll(async () => {
  await provider?.stop();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve) ?? resolve(undefined));
  await gateway?.stop();
});

/** Forwards to the gateway; the first PUT waits `delayMs` first and is dropped if its client left. */
async function slowProxy(target: string, delayMs: number): Promise<{ url: string; log: string[] }> {
  const log: string[] = [];
  let puts = 0;
  proxy = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', async () => {
      const delayed = req.method === 'PUT' && puts++ === 0;
      if (delayed) await sleep(delayMs);
      if (res.destroyed || req.socket.destroyed) {
        log.push(`${req.method} dropped: the client went away`);
        return;
      }
      log.push(`${req.method}${delayed ? ' delayed' : ''} forwarded`);
      const upstream = request(
        `${target}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(parts));
    });
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy!.address() as AddressInfo).port}`, log };
}

async function gatewayValue(job: string): Promise<number | undefined> {
  const group = await findGroup(gateway.baseUrl, { job });
  const value = group?.families.pushed_work_total?.metrics[0]?.value;
  return value === undefined ? undefined : Number(value);
}

describe('a Pushgateway push that outlives exportTimeout', () => {
  it('never lands after a newer push: the gateway value never decreases and ends at the newest', async () => {
    const job = 'never_backwards';
    const slow = await slowProxy(gateway.baseUrl, 1_500);
    const errors: Error[] = [];
    provider = await createProvider({
      provider: 'prometheus',
      exportTimeout: 300,
      prometheus: { pushGateway: slow.url, pushJobName: job, pushInterval: 100, pushTimeout: '5s' },
      onError: (error) => errors.push(error),
    });
    const work = provider.counter('pushed_work', { description: 'Work units' });
    const recorder = setInterval(() => work.add(7), 5);
    await provider.start();
    const seen: number[] = [];
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      const value = await gatewayValue(job);
      if (value !== undefined && value !== seen.at(-1)) seen.push(value);
      await sleep(20);
    }
    clearInterval(recorder);
    const newest = work.value();
    await provider.stop();
    provider = undefined;
    const final = await gatewayValue(job);
    seen.push(final ?? Number.NaN);

    expect(seen.length).toBeGreaterThan(3);
    const decreases = seen.filter((value, i) => i > 0 && value < seen[i - 1]!);
    expect(decreases, `values seen: ${seen.join(' ')}`).toEqual([]);
    expect(final).toBe(newest);
    // The first push was held past its export's deadline, abandoned, and dropped by the proxy.
    expect(slow.log).toContain('PUT dropped: the client went away');
    expect(slow.log).not.toContain('PUT delayed forwarded');
    // The slow export was reported once, as core's ExportTimeoutError.
    expect(errors.map((error) => error.name)).toContain('ExportTimeoutError');
    expect(errors.filter((error) => error.name === 'PushgatewayError')).toEqual([]);
  }, 30_000);
});
