import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
import type { Provider } from '../types.js';
import { HttpMetrics } from './http-metrics.js';
import type { RouteOptions } from './http-metrics-options.js';
import { withOverride } from './route-override.js';
import { compileRoutePatterns } from './route-patterns.js';

/** Options of {@link instrumentHandler}: a `routeOf` function, or `routes` patterns, or both. */
export interface NodeHttpMetricsOptions extends RouteOptions<IncomingMessage> {
  /**
   * Route templates such as `/users/:id` or `/assets/*`, matched against the request path (query
   * ignored, first match wins). Used when `routeOf` is absent or returns `undefined`. A path none
   * matches is recorded as the unmatched route.
   */
  routes?: readonly string[];
}

/**
 * Wraps a plain node:http request listener so that every request is measured (see {@link HttpMetrics}).
 * node:http has no router, so the route template comes from `routeOf` or `routes`; without either,
 * every request is recorded under the unmatched route rather than under its raw, unbounded path.
 *
 * ```ts
 * const server = http.createServer(instrumentHandler(app, provider, { routes: ['/users/:id'] }));
 * ```
 */
export function instrumentHandler<Handler extends (req: IncomingMessage, res: ServerResponse) => unknown>(
  handler: Handler,
  provider: Provider,
  options: NodeHttpMetricsOptions = {},
): Handler {
  if (typeof handler !== 'function') {
    throw new InvalidInstrumentationOptionError(
      'instrumentHandler',
      'handler',
      handler,
      'must be a function',
    );
  }
  const metrics = new HttpMetrics(provider, options);
  const resolveRoute = routeResolver(options);
  const instrumented = function (this: unknown, req: IncomingMessage, res: ServerResponse): unknown {
    metrics.track(req, res, req, resolveRoute);
    return handler.call(this, req, res);
  };
  return instrumented as Handler;
}

function routeResolver(options: NodeHttpMetricsOptions): (req: IncomingMessage) => string | undefined {
  const match = options.routes === undefined ? undefined : compileRoutePatterns(options.routes);
  const fromPatterns = match === undefined ? noRoute : (req: IncomingMessage) => match(req.url ?? '');
  return withOverride(options.routeOf, fromPatterns);
}

function noRoute(): undefined {
  return undefined;
}
