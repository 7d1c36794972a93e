import { redactUrl } from '@meterkit/core/exporter-kit';

/** Any URL inside a message, redacted (credentials and query values): messages may quote where they failed. */
function redactUrlsIn(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (url) => redactUrl(url));
}

/**
 * An OTLP export that failed after the SDK's own retries and timeout. Reaches the error handler;
 * never the application. The collector URL is shown redacted: `https://redacted@host/v1/metrics`
 * for a URL with credentials, `?api_key=redacted` for query-string tokens.
 */
export class OtlpExportError extends Error {
  readonly code = 'METERKIT_OTLP_EXPORT_FAILED';
  /** The HTTP status the collector answered, when it answered. */
  readonly status: number | undefined;
  /** The collector URL, redacted. */
  readonly url: string;

  constructor(url: string, cause: Error) {
    const shown = redactUrl(url);
    const status = (cause as { code?: unknown }).code;
    const httpStatus = typeof status === 'number' ? status : undefined;
    const body = (cause as { data?: unknown }).data;
    const detail = typeof body === 'string' && body !== '' ? ` (${body.slice(0, 200)})` : '';
    super(
      `OTLP export to ${shown} failed: ${httpStatus === undefined ? '' : `HTTP ${httpStatus} `}${redactUrlsIn(cause.message)}${redactUrlsIn(detail)}`,
      { cause },
    );
    this.url = shown;
    this.name = 'OtlpExportError';
    this.status = httpStatus;
  }
}
