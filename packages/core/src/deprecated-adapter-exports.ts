/**
 * The HTTP and call-measuring adapters under their 0.1.0 names on the `@meterkit/core` root, kept for
 * one release so that existing imports keep working. Each is the very same function, class or value
 * as on its subpath, marked `@deprecated` so that editors point to the new import. This file is the
 * only place where core imports the adapters (module-boundaries.test.ts allows it by name); delete it
 * with the next breaking release.
 */
import * as http from './http/index.js';
import * as instrument from './instrument/index.js';

/** @deprecated Import from `@meterkit/core/http`. */
export const expressMiddleware = http.expressMiddleware;
/** @deprecated Import from `@meterkit/core/http`. */
export const expressRoute = http.expressRoute;
/** @deprecated Import from `@meterkit/core/http`. */
export const fastifyPlugin = http.fastifyPlugin;
/** @deprecated Import from `@meterkit/core/http`. */
export const fastifyRoute = http.fastifyRoute;
/** @deprecated Import from `@meterkit/core/http`. */
export const OTHER_METHOD = http.OTHER_METHOD;
/** @deprecated Import from `@meterkit/core/http`. */
export const STANDARD_HTTP_METHODS = http.STANDARD_HTTP_METHODS;
/** @deprecated Import from `@meterkit/core/http`. */
export const HttpMetrics = http.HttpMetrics;
/** @deprecated Import from `@meterkit/core/http`. */
export type HttpMetrics = http.HttpMetrics;
/** @deprecated Import from `@meterkit/core/http`. */
export const httpMetrics = http.httpMetrics;
/** @deprecated Import from `@meterkit/core/http`. */
export const ABORTED_STATUS = http.ABORTED_STATUS;
/** @deprecated Import from `@meterkit/core/http`. */
export const DEFAULT_SIZE_BUCKETS = http.DEFAULT_SIZE_BUCKETS;
/** @deprecated Import from `@meterkit/core/http`. */
export const DEFAULT_UNMATCHED_ROUTE = http.DEFAULT_UNMATCHED_ROUTE;
/** @deprecated Import from `@meterkit/core/http`. */
export const SEMCONV_DURATION_BUCKETS = http.SEMCONV_DURATION_BUCKETS;
/** @deprecated Import from `@meterkit/core/http`. */
export const instrumentHandler = http.instrumentHandler;
/** @deprecated Import from `@meterkit/core/http`. */
export const compileRoutePatterns = http.compileRoutePatterns;

/** @deprecated Import from `@meterkit/core/http`. */
export type ExpressLikeRequest = http.ExpressLikeRequest;
/** @deprecated Import from `@meterkit/core/http`. */
export type ExpressMetricsMiddleware<Request extends http.ExpressLikeRequest = http.ExpressLikeRequest> =
  http.ExpressMetricsMiddleware<Request>;
/** @deprecated Import from `@meterkit/core/http`. */
export type FastifyLikeRequest = http.FastifyLikeRequest;
/** @deprecated Import from `@meterkit/core/http`. */
export type FastifyLikeReply = http.FastifyLikeReply;
/** @deprecated Import from `@meterkit/core/http`. */
export type FastifyLikeInstance<Request extends http.FastifyLikeRequest = http.FastifyLikeRequest> =
  http.FastifyLikeInstance<Request>;
/** @deprecated Import from `@meterkit/core/http`. */
export type FastifyMetricsPlugin<Request extends http.FastifyLikeRequest = http.FastifyLikeRequest> =
  http.FastifyMetricsPlugin<Request>;
/** @deprecated Import from `@meterkit/core/http`. */
export type HttpMetricsOptions = http.HttpMetricsOptions;
/** @deprecated Import from `@meterkit/core/http`. */
export type RouteOptions<Request> = http.RouteOptions<Request>;
/** @deprecated Import from `@meterkit/core/http`. */
export type NodeHttpMetricsOptions = http.NodeHttpMetricsOptions;
/** @deprecated Import from `@meterkit/core/http`. */
export type RouteMatcher = http.RouteMatcher;

/** @deprecated Import from `@meterkit/core/instrument`. */
export const instrumentFunction = instrument.instrumentFunction;
/** @deprecated Import from `@meterkit/core/instrument`. */
export const Instrumented = instrument.Instrumented;
/** @deprecated Import from `@meterkit/core/instrument`. */
export const instrumentMethod = instrument.instrumentMethod;
/** @deprecated Import from `@meterkit/core/instrument`. */
export const DEFAULT_BATCH_SIZE_BUCKETS = instrument.DEFAULT_BATCH_SIZE_BUCKETS;
/** @deprecated Import from `@meterkit/core/instrument`. */
export const trackBatch = instrument.trackBatch;
/** @deprecated Import from `@meterkit/core/instrument`. */
export const trackBlock = instrument.trackBlock;

/** @deprecated Import from `@meterkit/core/instrument`. */
export type CallMetricsOptions = instrument.CallMetricsOptions;
/** @deprecated Import from `@meterkit/core/instrument`. */
export type InstrumentedDecorator = instrument.InstrumentedDecorator;
/** @deprecated Import from `@meterkit/core/instrument`. */
export type ProviderSource = instrument.ProviderSource;
/** @deprecated Import from `@meterkit/core/instrument`. */
export type BatchOptions = instrument.BatchOptions;
/** @deprecated Import from `@meterkit/core/instrument`. */
export type BatchOutcome = instrument.BatchOutcome;
/** @deprecated Import from `@meterkit/core/instrument`. */
export type BatchResult<Result> = instrument.BatchResult<Result>;
