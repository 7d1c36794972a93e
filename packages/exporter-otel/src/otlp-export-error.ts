/**
 * An OTLP export that failed after the SDK's own retries and timeout. Reaches the error handler;
 * never the application.
 */
export class OtlpExportError extends Error {
  readonly code = 'METERKIT_OTLP_EXPORT_FAILED';
  /** The HTTP status the collector answered, when it answered. */
  readonly status: number | undefined;

  constructor(
    readonly url: string,
    cause: Error,
  ) {
    const status = (cause as { code?: unknown }).code;
    const httpStatus = typeof status === 'number' ? status : undefined;
    const body = (cause as { data?: unknown }).data;
    const detail = typeof body === 'string' && body !== '' ? ` (${body.slice(0, 200)})` : '';
    super(
      `OTLP export to ${url} failed: ${httpStatus === undefined ? '' : `HTTP ${httpStatus} `}${cause.message}${detail}`,
      { cause },
    );
    this.name = 'OtlpExportError';
    this.status = httpStatus;
  }
}
