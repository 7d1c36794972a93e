/*
 * Issue 14, item 5 (unit level; the real Pushgateway behind a slow proxy is in
 * pushgateway-never-goes-backwards.test.ts): a push still retrying must never send its older
 * snapshot after a newer push or delete of the group.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PushgatewayClient } from '../../src/pushgateway-client.js';
import { PushgatewayError } from '../../src/pushgateway-error.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A stand-in gateway: `answer(n)` decides the n-th request (0-based): a status, or 'hang'. */
async function gateway(answer: (n: number) => number | 'hang'): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => {
      const verdict = answer(bodies.length);
      bodies.push(`${req.method} ${body}`);
      if (verdict === 'hang') return;
      res.writeHead(verdict).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, bodies };
}

describe('a Pushgateway push that is retrying', () => {
  it('is superseded by a newer push: its retries never send the older snapshot', async () => {
    const gw = await gateway((n) => (n === 0 ? 503 : 200));
    const client = new PushgatewayClient({ url: gw.url, job: 'j', retries: 3, retryDelayMs: 200 });
    const older = client.push('x_total 117\n');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first attempt got its 503
    const newer = client.push('x_total 2050\n');
    await Promise.all([older, newer]);
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than any retry delay
    expect(gw.bodies).toEqual(['PUT x_total 117\n', 'PUT x_total 2050\n']);
  });

  it('has its request in flight aborted by a newer push, which goes out after it', async () => {
    const gw = await gateway((n) => (n === 0 ? 'hang' : 200));
    const client = new PushgatewayClient({ url: gw.url, job: 'j', retries: 3, timeoutMs: 60_000 });
    const older = client.push('x_total 1\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.push('x_total 2\n');
    await older; // superseded: resolves, its data was replaced
    expect(gw.bodies).toEqual(['PUT x_total 1\n', 'PUT x_total 2\n']);
  });

  it('is superseded by a delete too, and pushAdds keep their order', async () => {
    const gw = await gateway(() => 200);
    const client = new PushgatewayClient({ url: gw.url, job: 'j' });
    await Promise.all([client.pushAdd('a 1\n'), client.pushAdd('b 1\n'), client.delete()]);
    // Both pushAdds were still waiting their turn when the delete was called: it supersedes them.
    expect(gw.bodies).toEqual(['DELETE ']);
    await Promise.all([client.delete(), client.pushAdd('a 2\n'), client.pushAdd('b 2\n')]);
    expect(gw.bodies.slice(1)).toEqual(['DELETE ', 'POST a 2\n', 'POST b 2\n']);
  });

  it('is abandoned when its signal fires: the request is aborted and no retry follows', async () => {
    const gw = await gateway(() => 'hang');
    const client = new PushgatewayClient({ url: gw.url, job: 'j', retries: 5, timeoutMs: 60_000 });
    const error = await client
      .push('x_total 1\n', { signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushgatewayError);
    expect((error as Error).message).toMatch(
      /^Pushgateway PUT http:\/\/127\.0\.0\.1:\d+\/metrics\/job\/j failed: abandoned: /,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gw.bodies).toHaveLength(1);
  });
});
