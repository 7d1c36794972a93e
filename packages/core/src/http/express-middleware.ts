import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from '../types.js';
import { HttpMetrics } from './http-metrics.js';
import type { RouteOptions } from './http-metrics-options.js';
import { withOverride } from './route-override.js';

/** The parts of an express request the middleware reads (express is not a dependency of core). */
export interface ExpressLikeRequest extends IncomingMessage {
  /** The matched route; its `path` is the template as written: `/users/:id`. */
  route?: { path?: unknown } | undefined;
  /** The path the enclosing router was mounted at, e.g. `/api`. */
  baseUrl?: string;
}

/** An express-compatible middleware (`app.use(…)`), typed without importing express. */
export type ExpressMetricsMiddleware<Request extends ExpressLikeRequest = ExpressLikeRequest> = (
  req: Request,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Express (4 and 5) middleware measuring every request (see {@link HttpMetrics}). Register it first,
 * before the routers, so that it sees every request including 404s. The route is read when the
 * response finishes: the mount path of the enclosing router plus the matched route's template
 * (`/api` + `/users/:id`). A request no route matched (a 404, or one answered by an earlier
 * middleware such as a static-file server) is recorded under the unmatched route.
 *
 * Express exposes a router's mount path only as the matched URL, so a router mounted at a path with
 * parameters (`app.use('/tenants/:tenant', router)`) would leak raw values: give `routeOf` there.
 *
 * ```ts
 * app.use(expressMiddleware(provider, { ignore: (req) => req.url === '/metrics' }));
 * ```
 */
export function expressMiddleware<Request extends ExpressLikeRequest = ExpressLikeRequest>(
  provider: Provider,
  options: RouteOptions<Request> = {},
): ExpressMetricsMiddleware<Request> {
  const metrics = new HttpMetrics(provider, options);
  const resolveRoute = withOverride<Request>(options.routeOf, expressRoute);
  return (req, res, next) => {
    metrics.track(req, res, req, resolveRoute);
    next();
  };
}

/** The route template of a finished express request, or `undefined` when no route matched. */
export function expressRoute(req: ExpressLikeRequest): string | undefined {
  const path = req.route?.path;
  if (path === undefined || path === null) return undefined;
  // A route may be declared with a RegExp or an array of paths: still one fixed value per route.
  const template = typeof path === 'string' ? path : String(path);
  const base = req.baseUrl;
  if (base === undefined || base === '') return template;
  return template === '/' ? base : base + template;
}
