/**
 * HTTP server metrics for node:http, express and fastify: `expressMiddleware`, `fastifyPlugin`, `instrumentHandler`, `httpMetrics`.
 *
 * @module @meterkit/core/http
 */
export * from '../../packages/core/src/http/index.js';
