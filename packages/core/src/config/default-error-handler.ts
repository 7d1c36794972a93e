/**
 * The default error handler: one line on stderr per error, repeated messages from the same source
 * shown once a minute, so a backend that is down does not flood the application's log.
 */
const lastShown = new Map<string, number>();

export function reportToStderr(error: Error, source: string): void {
  const key = `${source}\u0000${error.message}`;
  const now = Date.now();
  const last = lastShown.get(key);
  if (last !== undefined && now - last < 60_000) return;
  if (lastShown.size > 1000) lastShown.clear();
  lastShown.set(key, now);
  process.stderr.write(`[meterkit] ${source}: ${error.message}\n`);
}
