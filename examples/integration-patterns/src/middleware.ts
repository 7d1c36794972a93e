// Pattern 3 (seed 003's before/after request hooks): one express middleware measures every request.
import type { Provider } from '@meterkit/core';
import { expressMiddleware } from '@meterkit/core/http';
import express, { type Express } from 'express';

/**
 * An express app with http_requests_total, http_request_duration_seconds and
 * http_requests_in_flight by method, route template (`/users/:id`, never `/users/42`) and status,
 * and the scrape endpoint at /metrics.
 */
export function createApp(metrics: Provider): Express {
  const app = express();
  // First, before any router, so 404s and errors are measured too; the scrape itself is not.
  app.use(expressMiddleware(metrics, { ignore: (req) => req.url === '/metrics' }));
  app.get('/metrics', metrics.handler());
  return app;
}
