import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';

/**
 * Combines the application's `routeOf` with an adapter's own route lookup: `routeOf` first, then the
 * adapter's template when it returns `undefined`.
 */
export function withOverride<Request>(
  routeOf: ((req: Request) => string | undefined) | undefined,
  fallback: (req: Request) => string | undefined,
): (req: Request) => string | undefined {
  if (routeOf === undefined) return fallback;
  if (typeof routeOf !== 'function') {
    throw new InvalidInstrumentationOptionError('http metrics', 'routeOf', routeOf, 'must be a function');
  }
  return (req) => routeOf(req) ?? fallback(req);
}
