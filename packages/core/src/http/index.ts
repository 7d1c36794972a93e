/**
 * `@meterkit/core/http`: HTTP server metrics for node:http, express and fastify, built on the
 * public `Provider` of `@meterkit/core` only (no framework is imported; each is typed structurally).
 *
 * ```text
 * http-metrics.ts          HttpMetrics / httpMetrics: the instruments and what one exchange records
 * http-metrics-options.ts  options, default buckets, the unmatched-route and aborted-status values
 * http-exchange.ts         one request/response: timing, sizes, the end/close/abort outcome
 * http-method.ts           the method tag: standard methods kept, everything else `_OTHER`
 * route-patterns.ts        compileRoutePatterns: route templates for plain node:http
 * route-override.ts        a route set by the application for one request
 * node-http-handler.ts     instrumentHandler: wraps a node:http request listener
 * express-middleware.ts    expressMiddleware, expressRoute
 * fastify-plugin.ts        fastifyPlugin, fastifyRoute
 * ```
 * @packageDocumentation
 */

export { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
export type { ExpressLikeRequest, ExpressMetricsMiddleware } from './express-middleware.js';
export { expressMiddleware, expressRoute } from './express-middleware.js';
export type {
  FastifyLikeInstance,
  FastifyLikeReply,
  FastifyLikeRequest,
  FastifyMetricsPlugin,
} from './fastify-plugin.js';
export { fastifyPlugin, fastifyRoute } from './fastify-plugin.js';
export { OTHER_METHOD, STANDARD_HTTP_METHODS } from './http-method.js';
export { HttpMetrics, httpMetrics } from './http-metrics.js';
export type { HttpMetricsOptions, RouteOptions } from './http-metrics-options.js';
export {
  ABORTED_STATUS,
  DEFAULT_SIZE_BUCKETS,
  DEFAULT_UNMATCHED_ROUTE,
  SEMCONV_DURATION_BUCKETS,
} from './http-metrics-options.js';
export type { NodeHttpMetricsOptions } from './node-http-handler.js';
export { instrumentHandler } from './node-http-handler.js';
export type { RouteMatcher } from './route-patterns.js';
export { compileRoutePatterns } from './route-patterns.js';
