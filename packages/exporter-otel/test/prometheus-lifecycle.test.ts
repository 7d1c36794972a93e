import { createServer, request, type Server } from 'node:http';
import { createProvider, type Provider } from '@meterkit/core';
import { freePort } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

/**
 * GETs `/metrics` on 127.0.0.1:port over a new connection (a pooled keep-alive socket would fail
 * differently once the server closed it): the body, or the connection error's code (ECONNREFUSED).
 */
function scrape(port: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(`http://127.0.0.1:${port}/metrics`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? String(error) }));
    req.end();
  });
}

const providers: Provider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.stop()));
});

async function prometheusOnlyProvider(port: number): Promise<Provider> {
  const provider = await createProvider({
    provider: 'opentelemetry',
    opentelemetry: { prometheus: { port, host: '127.0.0.1' } },
  });
  providers.push(provider);
  return provider;
}

describe('opentelemetry.prometheus listener lifecycle', () => {
  it('listens only once provider.start() resolves, and stops listening on stop()', async () => {
    const port = await freePort();
    const provider = await prometheusOnlyProvider(port);
    provider.counter('jobs').add(2);

    expect(await scrape(port)).toEqual({ error: 'ECONNREFUSED' });

    await provider.start();
    const served = await scrape(port);
    expect(served).toMatchObject({ status: 200 });
    expect((served as { body: string }).body).toMatch(/^jobs_total\{[^}]*\} 2$/m);

    await provider.stop();
    expect(await scrape(port)).toEqual({ error: 'ECONNREFUSED' });
  });

  it('serves exponential-only histograms as histograms bounded by their exponential buckets', async () => {
    const port = await freePort();
    const provider = await prometheusOnlyProvider(port);
    const sizes = provider.histogram('sizes', { exponential: { maxScale: 0 } });
    for (const v of [1.5, 3, 3.5, -1.5]) sizes.observe(v);
    await provider.start();
    const served = (await scrape(port)) as { body: string };
    expect(served.body).toMatch(/^# TYPE sizes histogram$/m);
    // Base 2: -1.5 in [-2, -1), 1.5 in (1, 2], 3 and 3.5 in (2, 4]; cumulative counts.
    const bucket = (le: string) =>
      Number(new RegExp(`^sizes_bucket\\{[^}]*le="${le}"[^}]*\\} (\\S+)$`, 'm').exec(served.body)?.[1]);
    expect([bucket('-1'), bucket('2'), bucket('4'), bucket('\\+Inf')]).toEqual([1, 2, 4, 4]);
    expect(served.body).toMatch(/^sizes_count\{[^}]*\} 4$/m);
  });

  it('rejects start(), not createProvider(), when the port is taken', async () => {
    const blocker: Server = createServer((_req, res) => res.end('someone else'));
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as { port: number };
      const provider = await prometheusOnlyProvider(port);
      await expect(provider.start()).rejects.toMatchObject({ code: 'EADDRINUSE', port });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('never listens when stopped without being started', async () => {
    const port = await freePort();
    const provider = await prometheusOnlyProvider(port);
    provider.gauge('depth').set(1);
    await provider.stop();
    expect(await scrape(port)).toEqual({ error: 'ECONNREFUSED' });
  });

  it('ignores start() on an exporter that was already shut down', async () => {
    const port = await freePort();
    const h = await createHarness({ prometheus: { port, host: '127.0.0.1' } });
    await h.exporter.shutdown();
    await h.exporter.start?.();
    expect(await scrape(port)).toEqual({ error: 'ECONNREFUSED' });
    expect(h.errors).toEqual([]);
  });

  it('serves provider.handler() before start(): mounting in your own server needs no listener', async () => {
    const provider = await createProvider({ provider: 'opentelemetry', opentelemetry: { prometheus: true } });
    providers.push(provider);
    provider.counter('mounted').inc();
    const app = createServer(provider.handler());
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = app.address() as { port: number };
      const served = await scrape(port);
      expect((served as { body: string }).body).toMatch(/^mounted_total\{[^}]*\} 1$/m);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
