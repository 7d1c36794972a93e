/** What stands in for a secret in a redacted URL. */
const REDACTED = 'redacted';

/** `scheme://user:password@` at the start of an authority, for text that does not parse as a URL. */
const USERINFO = /(\/\/)[^/?#@\s]*@/g;
/** `key=value` pairs of a query string, for the same fallback. */
const QUERY_VALUE = /([?&][^=&#\s]*=)[^&#\s]*/g;

/**
 * A URL as it may appear in an error message or a log line: credentials (`user:pass@`) and every
 * query-string value (`?api_key=…`, `?token=…`) become `redacted`, and the fragment is dropped;
 * scheme, host, port and path are kept, so the message still says where the request went.
 * `http://user:pw@gw:9091/metrics/job/a?token=t` → `http://redacted@gw:9091/metrics/job/a?token=redacted`.
 * Text that is not a valid URL is redacted by pattern instead; this never throws.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return String(url).replace(USERINFO, `$1${REDACTED}@`).replace(QUERY_VALUE, `$1${REDACTED}`);
  }
  const userinfo = parsed.username !== '' || parsed.password !== '' ? `${REDACTED}@` : '';
  let query = '';
  for (const key of new URLSearchParams(parsed.search).keys()) {
    query += `${query === '' ? '?' : '&'}${encodeURIComponent(key)}=${REDACTED}`;
  }
  // An opaque URL (`mailto:`, `unix:`) has no host: only its scheme and path are kept.
  const authority =
    parsed.host === '' && !parsed.href.startsWith(`${parsed.protocol}//`)
      ? ''
      : `//${userinfo}${parsed.host}`;
  return `${parsed.protocol}${authority}${parsed.pathname}${query}`;
}
