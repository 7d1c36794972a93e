/** What stands in for a secret in a redacted URL. */
const REDACTED = 'redacted';

/**
 * `user:password@` after `//` or at the very start (`user:pw@host:8125`, which a URL parser reads
 * as an opaque URL of scheme `user:`), for text that has no authority a parser can find.
 */
const USERINFO = /(^|\/\/)[^/?#\s]*@/g;
/** `key=value` pairs of a query string, for the same fallback. */
const QUERY_VALUE = /([?&][^=&#\s]*=)[^&#\s]*/g;

function redactByPattern(text: string): string {
  return text.replace(USERINFO, `$1${REDACTED}@`).replace(QUERY_VALUE, `$1${REDACTED}`);
}

/**
 * A URL as it may appear in an error message or a log line: credentials (`user:pass@`) and every
 * query-string value (`?api_key=…`, `?token=…`) become `redacted`, and the fragment is dropped;
 * scheme, host, port and path are kept, so the message still says where the request went.
 * `http://user:pw@gw:9091/metrics/job/a?token=t` → `http://redacted@gw:9091/metrics/job/a?token=redacted`.
 * Text that is not a valid URL, or has no authority, is redacted by pattern instead; this never throws.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return redactByPattern(String(url));
  }
  // An opaque URL (`mailto:`, `unix:`, `user:pw@host` read as scheme `user:`) has no authority.
  if (!parsed.href.startsWith(`${parsed.protocol}//`)) return redactByPattern(parsed.href);
  const userinfo = parsed.username !== '' || parsed.password !== '' ? `${REDACTED}@` : '';
  let query = '';
  for (const key of new URLSearchParams(parsed.search).keys()) {
    query += `${query === '' ? '?' : '&'}${encodeURIComponent(key)}=${REDACTED}`;
  }
  return `${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query}`;
}
