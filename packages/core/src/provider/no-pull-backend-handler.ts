import type { RequestHandler } from '../types.js';

/** The handler of a provider without a pull backend: a 404 that says why, instead of a silent hang. */
export function noPullBackendHandler(providers: readonly string[]): RequestHandler {
  const body =
    `meterkit: no pull backend is configured (provider: ${providers.join(', ')}). ` +
    `Add "prometheus" to Config.provider to serve metrics here.\n`;
  return (_req, res) => {
    try {
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } catch {
      // The response was already sent or the socket is gone; nothing to do.
    }
  };
}
