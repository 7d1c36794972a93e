/**
 * Shared test helpers for the meterkit packages: real backends started and stopped by PID, a
 * stand-in OTLP collector, the Etsy StatsD daemon, Prometheus and Pushgateway API readers,
 * certificates and hand-built snapshot points. Consumed as TypeScript source by vitest.
 */
export { type BackendProcess, startBackend, stopChild, tempDir, waitForExit } from './backend-process.js';
export { completeLines } from './complete-lines.js';
export {
  EtsyDaemon,
  type EtsyDaemonOptions,
  type EtsyFlush,
  type EtsyHistogramBins,
  type EtsyPacket,
  type EtsyTimer,
  type EtsyTimerData,
  etsyTimerStats,
} from './etsy-daemon.js';
export {
  type Attributes,
  OtlpReceiver,
  type OtlpReceiverOptions,
  type ReceivedBucketSpan,
  type ReceivedExemplar,
  type ReceivedMetric,
  type ReceivedPoint,
  type ReceivedRequest,
  type Reply,
} from './otlp-receiver.js';
export { eventually, sleep, waitFor } from './polling.js';
export { freePort } from './ports.js';
export {
  type ActiveTarget,
  activeTargets,
  type BackendSample,
  querySamples,
  queryScalar,
  queryVector,
  targetOfJob,
  type VectorResult,
} from './prometheus-api.js';
export { type PrometheusOptions, scrapeConfig, startPrometheus } from './prometheus-server.js';
export { type PromtoolResult, promtool, promtoolCheckMetrics } from './promtool.js';
export { findGroup, type GatewayGroup, groupSamples, readGroups, wipe } from './pushgateway-api.js';
export { createSelfSignedCert, type SelfSignedCert } from './self-signed-cert.js';
export {
  buildInfoPoint,
  jobDurationPoint,
  payloadSummaryPoint,
  requestSizePoint,
  tags,
} from './snapshot-fixtures.js';
export { startVictoriaMetrics } from './victoria-metrics-server.js';
