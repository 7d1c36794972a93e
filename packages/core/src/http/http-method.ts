/**
 * The methods kept as tag values. Anything else becomes {@link OTHER_METHOD}: a client can send any
 * token as a method (RFC 9110 §9.1), and each distinct one would otherwise create a new series.
 */
export const STANDARD_HTTP_METHODS: readonly string[] = Object.freeze([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

/** The tag value of every method outside the known set. */
export const OTHER_METHOD = 'OTHER';

/** Maps a request method to a bounded tag value: a known method as is, anything else as `OTHER`. */
export function methodNormalizer(
  known: readonly string[] = STANDARD_HTTP_METHODS,
): (method: unknown) => string {
  const allowed = new Set(known.map((method) => method.toUpperCase()));
  return (method) => {
    if (typeof method !== 'string') return OTHER_METHOD;
    // Node's parser already upper-cases methods, so the common case is one Set lookup with no allocation.
    if (allowed.has(method)) return method;
    const upper = method.toUpperCase();
    return allowed.has(upper) ? upper : OTHER_METHOD;
  };
}
