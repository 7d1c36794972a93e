/**
 * A remote-write request the receiver refused for good (`status` 4xx other than 429: its samples are
 * dropped), data dropped from a full queue, or a receiver that could not be reached (`status`
 * undefined or 5xx/429, still being retried). The URL is shown without credentials or query values,
 * so no secret reaches a log through this message.
 */
export class RemoteWriteError extends Error {
  readonly code = 'METERKIT_REMOTE_WRITE';
  constructor(
    message: string,
    /** The receiver's URL with credentials and query values replaced by `[redacted]`. */
    readonly url: string,
    /** HTTP status, when the receiver answered. */
    readonly status: number | undefined,
    /** Samples this failure dropped (0 while they are still being retried). */
    readonly droppedSamples: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RemoteWriteError';
  }
}

/** The URL for messages: user, password and every query value replaced by `[redacted]`. */
export function redactUrl(url: URL): string {
  const shown = new URL(url.href);
  if (shown.username !== '') shown.username = 'redacted';
  if (shown.password !== '') shown.password = 'redacted';
  for (const key of [...new Set(shown.searchParams.keys())]) shown.searchParams.set(key, 'redacted');
  return shown.href;
}
