import type { ExpositionFormatName } from './content-negotiation.js';

/**
 * A scrape response would exceed `prometheus.maxResponseBytes`. Reported once per collection and
 * format through `onError`; the scraper gets 503 with `Retry-After`.
 */
export class ExpositionTooLargeError extends Error {
  readonly code = 'METERKIT_EXPOSITION_TOO_LARGE';

  constructor(
    /** The configured limit in bytes (uncompressed). */
    readonly limitBytes: number,
    /** Bytes serialized when the limit was crossed (serialization stops there). */
    readonly bytesSoFar: number,
    readonly format: ExpositionFormatName,
  ) {
    super(
      `The ${format} scrape response is over prometheus.maxResponseBytes=${limitBytes}: ` +
        `${bytesSoFar} bytes written before stopping; raise the limit or deny metrics with Config filters`,
    );
    this.name = 'ExpositionTooLargeError';
  }
}
