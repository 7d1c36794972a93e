import { ConfigError } from '@meterkit/core';
import { redactUrl } from '@meterkit/core/exporter-kit';

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The OTLP/HTTP path of the metrics signal, added when a collector URL has no path. */
export const METRICS_PATH = '/v1/metrics';

/**
 * Resolves `opentelemetry.collectorUrl` to the URL metrics are posted to.
 * - `collector:4318` (no scheme): `https://` — or `http://` when `insecure` — as the Go and Java
 *   exporters read an endpoint without a scheme.
 * - A URL without a path (`http://collector:4318`) gets `/v1/metrics`, like `OTEL_EXPORTER_OTLP_ENDPOINT`;
 *   a URL with a path is used as given, like `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`.
 */
export function resolveCollectorUrl(value: unknown, insecure: boolean): string {
  const field = 'opentelemetry.collectorUrl';
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(field, value, 'must be a URL such as "http://localhost:4318" or "collector:4318"');
  }
  const text = value.trim();
  // The URL may carry credentials or a token in its query: errors show it redacted.
  const shown = redactUrl(text);
  const withScheme = HAS_SCHEME.test(text) ? text : `${insecure ? 'http' : 'https'}://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(field, shown, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(field, shown, 'must use http:// or https:// (OTLP/gRPC is not supported)');
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = METRICS_PATH;
  return url.toString();
}
