/** Repeats of one message from one source are shown at most this often. */
const REPEAT_INTERVAL_MS = 60_000;

/**
 * The default error handler: one line on stderr per error, repeated messages from the same source
 * shown once a minute, so a backend that is down does not flood the application's log. Each
 * provider gets its own (no module-level state shared between providers).
 */
export function createStderrReporter(): (error: Error, source: string) => void {
  const lastShown = new Map<string, number>();
  return (error, source) => {
    const key = `${source}\u0000${error.message}`;
    const now = Date.now();
    const last = lastShown.get(key);
    if (last !== undefined && now - last < REPEAT_INTERVAL_MS) return;
    // Bounded: an endless variety of messages must not grow this map without limit.
    if (lastShown.size > 1000) lastShown.clear();
    lastShown.set(key, now);
    process.stderr.write(`[meterkit] ${source}: ${error.message}\n`);
  };
}
