/**
 * @meterkit/dashboard: a live page of charts of every series of a meterkit provider, served by any
 * node:http server, drawn with uPlot bundled into the package (nothing fetched from elsewhere).
 * @packageDocumentation
 */
export {
  CONTENT_SECURITY_POLICY,
  type DashboardHandler,
  dashboardHandler,
  STREAM_PATH,
} from './dashboard-handler.js';
export {
  type DashboardOptions,
  HISTORY_MS,
  type ResolvedDashboardOptions,
  resolveDashboardOptions,
} from './dashboard-options.js';
export {
  type DashboardServer,
  type DashboardServerOptions,
  DEFAULT_DASHBOARD_PORT,
  startDashboard,
} from './dashboard-server.js';
export { MAX_QUEUED_BYTES } from './snapshot-broadcaster.js';
export type {
  FrameMessage,
  HelloMessage,
  ProblemMessage,
  SeriesDescriptor,
  SeriesValues,
  StreamMetricType,
} from './stream-protocol.js';
export { STREAM_EVENTS } from './stream-protocol.js';
