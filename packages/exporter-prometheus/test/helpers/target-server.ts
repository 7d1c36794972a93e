import type { IncomingMessage, ServerResponse } from 'node:http';
import { type StandaloneServer, startServer } from '../../src/standalone-server.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A scrape target whose handler can be swapped, recording the Content-Type of every response. */
export interface TargetServer {
  readonly server: StandaloneServer;
  readonly hostPort: string;
  /** Content-Type of each response served so far. */
  readonly served: string[];
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a target on 127.0.0.1 with an ephemeral port. */
export async function startTarget(initial: Handler): Promise<TargetServer> {
  const served: string[] = [];
  const target = {
    handler: initial,
    served,
  } as { handler: Handler; served: string[] };
  const server = await startServer(
    (req, res) => {
      const writeHead = res.writeHead.bind(res) as (
        status: number,
        headers?: Record<string, string>,
      ) => ServerResponse;
      res.writeHead = ((status: number, headers?: Record<string, string>) => {
        served.push(String(headers?.['Content-Type'] ?? ''));
        return writeHead(status, headers);
      }) as typeof res.writeHead;
      target.handler(req, res);
    },
    { port: 0 },
  );
  return Object.assign(target, {
    server,
    hostPort: new URL(server.url).host,
    close: () => server.close(),
  });
}
