import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next request. */
export type ProxyBehaviour =
  | { readonly kind: 'forward' }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'delay'; readonly ms: number }
  /** The connection is reset without an answer: the client sees the backend as down. */
  | { readonly kind: 'drop' };

/**
 * An HTTP proxy on 127.0.0.1 in front of a real backend (the Pushgateway), to make it slow or make
 * it answer errors on demand. `behaviour(index)` decides each request (index counts from 0).
 */
export class FaultyProxy {
  behaviour: (index: number) => ProxyBehaviour = () => ({ kind: 'forward' });
  /** Requests seen, with what was answered. */
  readonly seen: Array<{
    method: string;
    path: string;
    answered: number | 'abandoned' | 'dropped';
    at: number;
  }> = [];

  private constructor(
    private readonly server: Server,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<FaultyProxy> {
    let proxy: FaultyProxy | undefined;
    const server = createServer((req, res) => void proxy!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FaultyProxy(server, target);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      answered: 0 as number | 'abandoned' | 'dropped',
      at: Date.now(),
    };
    this.seen.push(entry);
    const behaviour = this.behaviour(this.seen.length - 1);
    if (behaviour.kind === 'drop') {
      entry.answered = 'dropped';
      req.socket.destroy();
      return;
    }
    if (behaviour.kind === 'status') {
      entry.answered = behaviour.status;
      res
        .writeHead(behaviour.status, { 'content-type': 'text/plain', ...behaviour.headers })
        .end(behaviour.body ?? 'injected failure\n');
      return;
    }
    if (behaviour.kind === 'delay') {
      // Never answered in time: the client gives up first; the request is not forwarded.
      entry.answered = 'abandoned';
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(504).end();
      }, behaviour.ms).unref();
      return;
    }
    try {
      const answer = await fetch(`${this.target}${entry.path}`, {
        method: entry.method,
        headers: {
          'content-type': req.headers['content-type'] ?? 'text/plain',
          ...(req.headers['content-encoding'] ? { 'content-encoding': req.headers['content-encoding'] } : {}),
        },
        body: ['GET', 'HEAD', 'DELETE'].includes(entry.method) ? undefined : Buffer.concat(chunks),
      });
      entry.answered = answer.status;
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      entry.answered = 502;
      res.writeHead(502).end(String(error));
    }
  }
}
