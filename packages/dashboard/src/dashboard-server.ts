import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Provider } from '@meterkit/core';
import { resolveServerTls, type ServerTls } from '@meterkit/core/exporter-kit';
import { dashboardHandler } from './dashboard-handler.js';
import type { DashboardOptions } from './dashboard-options.js';

/** Options of {@link startDashboard}: the handler's, plus the Prometheus standalone server's. */
export interface DashboardServerOptions extends DashboardOptions {
  /** Interface to listen on. Default `127.0.0.1`: nothing is exposed beyond this host unless asked. */
  readonly host?: string;
  /** Port; `0` picks a free one. Default 9465 (next to the Prometheus exporter's 9464). */
  readonly port?: number;
  /**
   * Serve HTTPS: `{ key, cert }`, each PEM text or a file path, like `prometheus.tls`. Unset: the
   * `METERKIT_PROMETHEUS_TLS_KEY_FILE` / `_CERT_FILE` variables, else plain HTTP.
   */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Let the process exit while the server is the only thing left running. Default false. */
  readonly unref?: boolean;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** The page's URL, e.g. `http://127.0.0.1:9465/`. */
  readonly url: string;
  readonly port: number;
  /** Ends the event streams, stops accepting connections and resolves when the server is down. */
  close(): Promise<void>;
}

/** The default port of {@link startDashboard}. */
export const DEFAULT_DASHBOARD_PORT = 9465;

/**
 * Starts a server that serves only the dashboard: for scripts, workers and services without an
 * HTTP server of their own. Binds to 127.0.0.1 unless `host` says otherwise.
 */
export async function startDashboard(
  provider: Provider,
  options: DashboardServerOptions = {},
): Promise<DashboardServer> {
  const { host = '127.0.0.1', port = DEFAULT_DASHBOARD_PORT, tls, unref, ...handlerOptions } = options;
  const serverTls: ServerTls | undefined = resolveServerTls(
    tls,
    handlerOptions.env ?? process.env,
    'dashboard.tls',
  );
  const handler = dashboardHandler(provider, handlerOptions);
  const server =
    serverTls === undefined
      ? createHttpServer((req, res) => handler(req, res))
      : createHttpsServer({ key: serverTls.key, cert: serverTls.cert }, (req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (unref) server.unref();
  const address = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const path = handlerOptions.path ?? '/';
  return {
    url: `${serverTls === undefined ? 'http' : 'https'}://${urlHost}:${address.port}${path.endsWith('/') ? path : `${path}/`}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        handler.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
