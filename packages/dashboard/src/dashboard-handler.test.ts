import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, createProvider, NoopProvider, type Provider } from '@meterkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { readEvents } from '../test/event-stream-reader.js';
import { type DashboardHandler, dashboardHandler } from './dashboard-handler.js';
import type { DashboardOptions } from './dashboard-options.js';
import type { FrameMessage, HelloMessage } from './stream-protocol.js';

let server: Server | undefined;
let handler: DashboardHandler | undefined;

afterEach(async () => {
  handler?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  handler = undefined;
});

async function serve(
  provider: Provider,
  options: DashboardOptions = {},
  route?: (req: IncomingMessage, res: ServerResponse, dashboard: DashboardHandler) => void,
): Promise<string> {
  const dashboard = dashboardHandler(provider, { scrapeAuth: false, interval: 250, ...options });
  handler = dashboard;
  server = createServer((req, res) => (route ? route(req, res, dashboard) : dashboard(req, res)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const memory = () => createProvider({ provider: 'memory' });
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('dashboardHandler: the page and its files', () => {
  it('serves the page, its script and its style sheet with their content types and a strict CSP', async () => {
    const base = await serve(await memory(), { title: '<shop> & co' });
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe|https?:|\*/);
    const html = await page.text();
    expect(html).toContain('&#60;shop&#62; &#38; co');
    expect(html).not.toContain('<shop>');
    // Nothing in the page refers to another origin.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);

    const script = await fetch(`${base}/dashboard.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await script.text();
    expect(js).toContain('uPlot');
    expect(js.length).toBeGreaterThan(40_000);
    // The only URL in the bundle is uPlot's licence banner: nothing is fetched from elsewhere.
    expect(js.match(/https?:\/\/[\w./-]+/g)).toEqual(['https://github.com/leeoniya/uPlot']);
    const css = await fetch(`${base}/dashboard.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.uplot');
    expect((await fetch(`${base}/dashboard.js`, { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 404 for other paths, or passes them to next()', async () => {
    const base = await serve(await memory(), {}, (req, res, dashboard) =>
      req.url === '/plain' ? dashboard(req, res) : dashboard(req, res, () => res.writeHead(299).end('app')),
    );
    expect((await fetch(`${base}/plain`)).status).toBe(404);
    const passed = await fetch(`${base}/orders`);
    expect(passed.status).toBe(299);
    expect(await passed.text()).toBe('app');
  });

  it('serves below a path, redirecting the path without its slash', async () => {
    const base = await serve(await memory(), { path: '/ops/dashboard' });
    const redirect = await fetch(`${base}/ops/dashboard?x=1`, { redirect: 'manual' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/ops/dashboard/?x=1');
    expect((await fetch(`${base}/ops/dashboard/`)).status).toBe(200);
    expect((await fetch(`${base}/ops/dashboard/dashboard.css`)).status).toBe(200);
    expect((await fetch(`${base}/dashboard.css`)).status).toBe(404);
  });

  it('under an express-style mount point, uses originalUrl to redirect', async () => {
    const base = await serve(await memory(), {}, (req, res, dashboard) => {
      // What express does for app.use('/dash', handler): strip the mount point from req.url.
      const original = req.url!;
      Object.assign(req, { originalUrl: original, url: original.slice('/dash'.length) || '/' });
      dashboard(req, res);
    });
    const redirect = await fetch(`${base}/dash`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe('/dash/');

    expect((await fetch(`${base}/dash/`)).status).toBe(200);
    expect((await fetch(`${base}/dash/dashboard.js`)).status).toBe(200);
  });

  it('never redirects to another site (a Location of "//host/" is protocol-relative)', () => {
    const dashboard = dashboardHandler(new NoopProvider(), { scrapeAuth: false });
    const req = { url: '/', originalUrl: '//evil.example', method: 'GET', headers: {} };
    const written: { status?: number; headers?: Record<string, string> } = {};
    const res = {
      headersSent: false,
      writeHead(status: number, headers: Record<string, string>) {
        Object.assign(written, { status, headers });
        return res;
      },
      end: () => res,
    };
    dashboard(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    expect(written.status).toBe(404);
    expect(written.headers?.Location).toBeUndefined();
    dashboard.close();
  });

  it('refuses methods other than GET and HEAD', async () => {
    const base = await serve(await memory());
    const response = await fetch(`${base}/`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('rejects something that is not a provider, and a bad option naming it', async () => {
    expect(() => dashboardHandler({} as Provider)).toThrow(/needs a meterkit Provider/);
    expect(() => dashboardHandler(new NoopProvider(), { interval: '10ms' })).toThrow(ConfigError);
    expect(() => dashboardHandler(new NoopProvider(), { maxSeriesPerChart: 0 })).toThrow(
      /dashboard.maxSeriesPerChart=0/,
    );
  });
});

describe('dashboardHandler: the event stream', () => {
  it('says hello, sends every series, then only the series that changed', async () => {
    const provider = await memory();
    const hits = provider.counter('hits_total');
    hits.withTags({ route: '/a' }).inc();
    hits.withTags({ route: '/b' }).inc();
    provider.gauge('load').set(2);
    const base = await serve(provider, { interval: 300, maxSeriesPerChart: 7 });
    let changedOnce = false;
    const { status, headers, events } = await readEvents(`${base}/events`, (received) => {
      const frames = received.filter((e) => e.event === 'frame');
      if (frames.length === 2 && !changedOnce) {
        changedOnce = true;
        hits.withTags({ route: '/b' }).add(3);
      }
      return frames.length >= 5;
    });
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(headers['cache-control']).toBe('no-store');
    const hello = events[0]!;
    expect(hello.event).toBe('hello');
    expect(hello.data as HelloMessage).toEqual({
      intervalMs: 300,
      historyMs: 3_600_000,
      maxSeriesPerChart: 7,
      noop: false,
    });
    const frames = events.filter((e) => e.event === 'frame').map((e) => e.data as FrameMessage);
    expect(frames[0]!.added.map((s) => s.family).sort()).toEqual(['hits_total', 'hits_total', 'load']);
    const idOfB = frames[0]!.added.find((s) => s.tags.route === '/b')!.id;
    const later = frames.slice(1);
    // Exactly one later frame carries the change, and it lists only that series.
    const withChanges = later.filter((f) => f.changed.length > 0);
    expect(withChanges.map((f) => f.changed)).toEqual([[[idOfB, 4]]]);
    expect(later.every((f) => f.added.length === 0 && f.removed.length === 0)).toBe(true);
    // Frames are stamped with the collection time and keep coming while nothing changes.
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.t).toBeGreaterThan(frames[i - 1]!.t);
  });

  it('tells the page of a noop provider that nothing is recorded', async () => {
    const base = await serve(new NoopProvider());
    const { events } = await readEvents(`${base}/events`, (e) => e.some((x) => x.event === 'frame'));
    expect((events[0]!.data as HelloMessage).noop).toBe(true);
    expect((events.find((e) => e.event === 'frame')!.data as FrameMessage).added).toEqual([]);
  });

  it('streams at most maxSeries series and says how many it left out', async () => {
    const provider = await memory();
    for (let i = 0; i < 30; i++)
      provider
        .counter('many_total')
        .withTags({ i: String(i) })
        .inc();
    const base = await serve(provider, { maxSeries: 10 });
    const { events } = await readEvents(`${base}/events`, (e) => e.some((x) => x.event === 'frame'));
    const frame = events.find((e) => e.event === 'frame')!.data as FrameMessage;
    expect(frame.added).toHaveLength(10);
    expect(frame.omitted).toBe(20);
  });

  it('gives a page that connects later the current state at once', async () => {
    const provider = await memory();
    provider.counter('early_total').inc();
    const base = await serve(provider, { interval: 5000 });
    const first = readEvents(`${base}/events`, (e) => e.some((x) => x.event === 'frame'));
    await first;
    // The first page is gone, so nothing is kept; a second page starts from a fresh full frame.
    const second = await readEvents(`${base}/events`, (e) => e.some((x) => x.event === 'frame'));
    const frame = second.events.find((e) => e.event === 'frame')!.data as FrameMessage;
    expect(frame.added.map((s) => s.family)).toEqual(['early_total']);
  });

  it('reports a failing collection as a problem event and keeps streaming', async () => {
    const provider = await memory();
    const errors: string[] = [];
    const failing = {
      ...provider,
      registry: () => ({
        ...provider.registry(),
        snapshot: () => Promise.reject(new Error('store unavailable')),
      }),
    } as unknown as Provider;
    const base = await serve(failing, { onError: (error) => errors.push(error.message) });
    const { events } = await readEvents(`${base}/events`, (e) => e.some((x) => x.event === 'problem'));
    expect(events.find((e) => e.event === 'problem')!.data).toEqual({
      message: 'collection failed: store unavailable',
    });
    expect(errors).toContain('store unavailable');
  });

  it('answers HEAD on the stream with its headers and no open connection', async () => {
    const base = await serve(await memory(), { maxClients: 1 });
    const head = await fetch(`${base}/events`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    // The only place among the pages is still free.
    const { status } = await readEvents(`${base}/events`, (e) => e.length > 0);
    expect(status).toBe(200);
  });

  it('turns away pages beyond maxClients with 503', async () => {
    const base = await serve(await memory(), { maxClients: 1 });
    const open = readEvents(`${base}/events`, () => false, {}, 3000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(`${base}/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    handler!.close();
    await open;
  });
});

describe('dashboardHandler: credentials (the Prometheus scrape settings)', () => {
  it('asks for basic auth or a bearer token, accepting either', async () => {
    const base = await serve(await memory(), {
      scrapeAuth: { basic: { username: 'ops', password: 's3cret' }, bearerToken: 'tok-123' },
    });
    const anonymous = await fetch(`${base}/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Basic realm="metrics"');
    expect((await fetch(`${base}/dashboard.js`)).status).toBe(401);
    expect((await fetch(`${base}/events`)).status).toBe(401);
    expect((await fetch(`${base}/`, { headers: { authorization: basic('ops', 'wrong') } })).status).toBe(401);
    expect((await fetch(`${base}/`, { headers: { authorization: basic('ops', 's3cret') } })).status).toBe(
      200,
    );
    expect((await fetch(`${base}/`, { headers: { authorization: 'Bearer tok-123' } })).status).toBe(200);
    const stream = await readEvents(`${base}/events`, (e) => e.length > 0, {
      authorization: 'Bearer tok-123',
    });
    expect(stream.status).toBe(200);
  });

  it('reads the METERKIT_PROMETHEUS_* variables when scrapeAuth is unset, and scrapeAuth: false ignores them', async () => {
    const env = { METERKIT_PROMETHEUS_BEARER_TOKEN: 'from-env' };
    const dashboard = dashboardHandler(await memory(), { env });
    handler = dashboard;
    server = createServer((req, res) => dashboard(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/`, { headers: { authorization: 'Bearer from-env' } })).status).toBe(200);

    const open = dashboardHandler(await memory(), { env, scrapeAuth: false });
    const req = { url: '/', method: 'GET', headers: {} } as IncomingMessage;
    let status = 0;
    const res = {
      headersSent: false,
      writeHead(code: number) {
        status = code;
        return res;
      },
      end: () => res,
    };
    open(req, res as unknown as ServerResponse);
    expect(status).toBe(200);
    open.close();
  });

  it('rejects malformed credentials at creation without echoing the secret', () => {
    const create = () =>
      dashboardHandler(new NoopProvider(), {
        scrapeAuth: { basic: { username: 'ops', password: '' } },
      });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/dashboard\.scrapeAuth\.basic\.password="\[redacted\]"/);
    expect(() => dashboardHandler(new NoopProvider(), { scrapeAuth: { bearerToken: 'has space' } })).toThrow(
      /dashboard\.scrapeAuth\.bearerToken="\[redacted\]"/,
    );
  });
});
