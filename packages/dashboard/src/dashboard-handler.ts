import type { IncomingMessage, ServerResponse } from 'node:http';
import { NoopProvider, type Provider } from '@meterkit/core';
import { createScrapeAuthenticator } from '@meterkit/core/exporter-kit';
import { type DashboardOptions, HISTORY_MS, resolveDashboardOptions } from './dashboard-options.js';
import { loadPageAssets } from './page-assets.js';
import { SnapshotBroadcaster } from './snapshot-broadcaster.js';

/**
 * The node:http request listener of the dashboard (plain http, express, fastify's raw request, koa's
 * `ctx.req`/`ctx.res`). Given `next` (express middleware), a request for another path is passed on;
 * without it, such a request gets 404.
 */
export interface DashboardHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** Ends every open event stream and stops collecting; call it before closing the server. */
  close(): void;
}

/** The event stream's name below the page's path. */
export const STREAM_PATH = 'events';

/**
 * No inline script or style, nothing from another origin: the page runs only its own two files and
 * talks only to its own event stream.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end < 0 ? raw : raw.slice(0, end);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS, ...headers });
  res.end(`${text}\n`);
}

/**
 * Serves a live page of charts of every series of `provider`: one chart per metric family, updated
 * over server-sent events that carry only the series that changed. The server keeps no history
 * (only the last values, to tell what changed) and collects only while a page is open.
 *
 * @example
 * ```ts
 * const dashboard = dashboardHandler(provider);
 * http.createServer((req, res) => dashboard(req, res)).listen(3000, '127.0.0.1');
 * ```
 */
export function dashboardHandler(provider: Provider, options?: DashboardOptions): DashboardHandler {
  if (typeof provider?.registry !== 'function')
    throw new TypeError(`dashboardHandler needs a meterkit Provider, got ${String(provider)}`);
  const settings = resolveDashboardOptions(options);
  const assets = loadPageAssets(settings.title);
  const registry = provider.registry();
  const authenticator = settings.scrapeAuth && createScrapeAuthenticator(settings.scrapeAuth);
  const broadcaster = new SnapshotBroadcaster({
    collect: () => registry.snapshot(),
    intervalMs: settings.intervalMs,
    maxSeries: settings.maxSeries,
    onError: settings.onError,
    hello: {
      intervalMs: settings.intervalMs,
      historyMs: HISTORY_MS,
      maxSeriesPerChart: settings.maxSeriesPerChart,
      // By name too: a second copy of core (an app bundling its own) has its own NoopProvider class.
      noop: provider instanceof NoopProvider || provider.constructor?.name === 'NoopProvider',
    },
  });

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    if (broadcaster.size >= settings.maxClients) {
      sendText(res, 503, `Too many dashboard pages open (${settings.maxClients})`, { 'Retry-After': '10' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Proxies such as nginx buffer responses unless told otherwise; a buffered stream never updates.
      'X-Accel-Buffering': 'no',
      ...SECURITY_HEADERS,
    });
    // A HEAD request has no body: it must not hold a place among the streaming pages.
    if (req.method === 'HEAD') res.end();
    else broadcaster.add(res);
  }

  const handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => {
    try {
      const path = pathOf(req.url);
      const base = settings.path;
      const inside = path.startsWith(base) || path === base.slice(0, -1);
      const name = path.slice(base.length);
      if (!inside || (name !== STREAM_PATH && name !== '' && !assets.has(name))) {
        if (next) next();
        else sendText(res, 404, `Not found: the dashboard is at ${base}`);
        return;
      }
      if (authenticator && !authenticator.authenticate(req)) return authenticator.reject(res);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      // The page's files are named relative to it, so its URL must end in "/". Under a framework
      // mount point `req.url` is "/" for both "/dash" and "/dash/": originalUrl tells them apart.
      const fullPath = pathOf((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url);
      if (name === '' && !fullPath.endsWith('/')) {
        // "//host" would be a Location to another site: such a path is not ours to redirect.
        if (fullPath.startsWith('//')) return sendText(res, 404, 'Not found');
        const query = (req.url ?? '').slice(pathOf(req.url).length);
        res.writeHead(308, { Location: `${fullPath}/${query}`, ...SECURITY_HEADERS });
        res.end();
        return;
      }
      if (name === STREAM_PATH) return openStream(req, res);
      const asset = assets.get(name)!;
      res.writeHead(200, {
        'Content-Type': asset.contentType,
        'Content-Length': String(asset.body.length),
        'Cache-Control': 'no-cache',
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    } catch (error) {
      settings.onError(error instanceof Error ? error : new Error(String(error)), 'dashboard request');
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    }
  };
  return Object.assign(handler, { close: () => broadcaster.close() });
}
