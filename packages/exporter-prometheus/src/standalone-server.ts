import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createScrapeAuthenticator, type ScrapeAuth } from './scrape-auth.js';
import type { ScrapeHandler, ServerTls } from './scrape-handler.js';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Anything with a pull handler: a meterkit `Provider`, or the exporter itself. */
export interface HandlerSource {
  handler(): RequestHandler;
}

/** Options of {@link startServer}. */
export interface StandaloneServerOptions {
  /** Interface to listen on. Default `127.0.0.1`: nothing is exposed beyond this host unless asked. */
  readonly host?: string;
  /** Port; `0` picks a free one (read it back from `port` or `url`). Default 9464. */
  readonly port?: number;
  /**
   * Let the process exit while the server is the only thing left running. Default false, because a
   * demo or script usually wants the endpoint to stay up until `close()`.
   */
  readonly unref?: boolean;
  /**
   * Serve HTTPS with this key and certificate (PEM). Default: the Config's `prometheus.tls` when the
   * handler comes from a provider configured with it, else plain HTTP.
   */
  readonly tls?: ServerTls;
  /**
   * Credentials checked before the handler runs, for a handler that has none of its own (a
   * provider's handler already enforces `prometheus.scrapeAuth`). Default: none.
   */
  readonly auth?: ScrapeAuth;
}

/** A running standalone metrics server. */
export interface StandaloneServer {
  /** Base URL, e.g. `http://127.0.0.1:9464` (`https://` with TLS); the metrics path is the handler's. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, closes idle ones and resolves when the server is down. */
  close(): Promise<void>;
}

/** The default port, the one the OpenTelemetry Prometheus exporter uses too. */
export const DEFAULT_STANDALONE_PORT = 9464;

function withAuth(handler: RequestHandler, auth: ScrapeAuth | undefined): RequestHandler {
  if (auth === undefined) return handler;
  const authenticator = createScrapeAuthenticator(auth);
  return (req, res) => (authenticator.authenticate(req) ? handler(req, res) : authenticator.reject(res));
}

/**
 * Starts a dedicated HTTP(S) server for the metrics handler: for demos, scripts and batch tools. A
 * library or an application with its own server should mount `provider.handler()` instead (see the
 * README: a library that opens its own port conflicts with the application's server and lifecycle).
 */
export async function startServer(
  source: HandlerSource | RequestHandler,
  options: StandaloneServerOptions = {},
): Promise<StandaloneServer> {
  const handler: ScrapeHandler = typeof source === 'function' ? source : source.handler();
  const listener = withAuth(handler, options.auth);
  const tls = options.tls ?? handler.serverTls;
  const host = options.host ?? '127.0.0.1';
  const server =
    tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer({ key: tls.key, cert: tls.cert }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_STANDALONE_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (options.unref) server.unref();
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${tls === undefined ? 'http' : 'https'}://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
