import { request } from 'node:http';

/** One server-sent event. */
export interface ServerEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Opens an event stream with node:http (not the code under test) and collects parsed events until
 * `done` says enough, then closes the connection.
 */
export function readEvents(
  url: string,
  done: (events: ServerEvent[]) => boolean,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ status: number; headers: Record<string, unknown>; events: ServerEvent[] }> {
  return new Promise((resolve, reject) => {
    const events: ServerEvent[] = [];
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let buffer = '';
      const finish = () => {
        clearTimeout(timer);
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, events });
      };
      if (res.statusCode !== 200) {
        res.resume();
        return finish();
      }
      res.on('end', finish);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
        if (done(events)) finish();
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`timed out with ${events.length} events: ${JSON.stringify(events).slice(0, 500)}`));
    }, timeoutMs);
    req.on('error', reject);
    req.end();
  });
}
