import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from '../types.js';
import { HttpMetrics } from './http-metrics.js';
import type { RouteOptions } from './http-metrics-options.js';
import { withOverride } from './route-override.js';

/** The parts of a fastify request the plugin reads (fastify is not a dependency of core). */
export interface FastifyLikeRequest {
  readonly raw: IncomingMessage;
  /** Fastify ≥ 4.10: the matched route's options; `url` is the template, `/users/:id`. */
  readonly routeOptions?: { readonly url?: string | undefined };
  /** Fastify < 4.10 (deprecated later): the matched route's template. */
  readonly routerPath?: string | undefined;
}

/** The parts of a fastify reply the plugin reads. */
export interface FastifyLikeReply {
  readonly raw: ServerResponse;
}

/** The fastify instance method the plugin calls. */
export interface FastifyLikeInstance<Request extends FastifyLikeRequest = FastifyLikeRequest> {
  addHook(
    name: 'onRequest',
    hook: (request: Request, reply: FastifyLikeReply, done: (error?: Error) => void) => void,
  ): unknown;
}

/** A fastify plugin (`fastify.register(…)`), typed without importing fastify. */
export type FastifyMetricsPlugin<Request extends FastifyLikeRequest = FastifyLikeRequest> = (
  instance: FastifyLikeInstance<Request>,
  options: unknown,
  done: (error?: Error) => void,
) => void;

/**
 * A fastify (4 and 5) plugin measuring every request (see {@link HttpMetrics}), 404s included. It is
 * marked with `Symbol.for('skip-override')` (what `fastify-plugin` does) so that its `onRequest` hook
 * applies to the whole application, not only to routes registered inside the plugin. The route is the
 * matched route's template (`request.routeOptions.url`, or `request.routerPath` on old fastify).
 *
 * ```ts
 * await app.register(fastifyPlugin(provider, { ignore: (req) => req.url === '/metrics' }));
 * ```
 */
export function fastifyPlugin<Request extends FastifyLikeRequest = FastifyLikeRequest>(
  provider: Provider,
  options: RouteOptions<Request> = {},
): FastifyMetricsPlugin<Request> {
  const metrics = new HttpMetrics(provider, options);
  const resolveRoute = withOverride<Request>(options.routeOf, fastifyRoute);
  const plugin: FastifyMetricsPlugin<Request> = (instance, _options, done) => {
    instance.addHook('onRequest', (request, reply, next) => {
      metrics.track(request.raw, reply.raw, request, resolveRoute);
      next();
    });
    done();
  };
  Object.defineProperty(plugin, Symbol.for('skip-override'), { value: true });
  Object.defineProperty(plugin, Symbol.for('fastify.display-name'), { value: 'meterkit-http-metrics' });
  return plugin;
}

/** The route template of a fastify request, or `undefined` for the not-found handler. */
export function fastifyRoute(request: FastifyLikeRequest): string | undefined {
  const options = request.routeOptions;
  // `routerPath` is read only when `routeOptions` is missing: fastify ≥ 4.21 warns on every access.
  if (options !== undefined) return options.url;
  return request.routerPath;
}
