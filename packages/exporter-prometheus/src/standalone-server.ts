import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
}

/** A running standalone metrics server. */
export interface StandaloneServer {
  /** Base URL, e.g. `http://127.0.0.1:9464`; the metrics path is the handler's. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, closes idle ones and resolves when the server is down. */
  close(): Promise<void>;
}

/** The default port, the one the OpenTelemetry Prometheus exporter uses too. */
export const DEFAULT_STANDALONE_PORT = 9464;

/**
 * Starts a dedicated HTTP server for the metrics handler: for demos, scripts and batch tools. A
 * library or an application with its own server should mount `provider.handler()` instead (see the
 * README: a library that opens its own port conflicts with the application's server and lifecycle).
 */
export async function startServer(
  source: HandlerSource | RequestHandler,
  options: StandaloneServerOptions = {},
): Promise<StandaloneServer> {
  const handler = typeof source === 'function' ? source : source.handler();
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer(handler);
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
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
