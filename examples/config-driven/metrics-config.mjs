// Seed 002's Config, in one place: the code never names a backend. The base below is what a
// developer runs; a deployment overrides any field with METERKIT_* variables, e.g.
//   METERKIT_PROVIDER=statsd METERKIT_STATSD_ADDRESS=statsd:8125
//   METERKIT_PROVIDER=opentelemetry METERKIT_OTEL_COLLECTOR_URL=http://collector:4318
//   METERKIT_PROVIDER=prometheus,logger METERKIT_LOGGER_FORMAT=json
//   METERKIT_ENABLED=false            (the noop provider: same API, nothing recorded)
import { configFromEnv } from '@meterkit/core';

/** @type {import('@meterkit/core').Config} */
export const baseConfig = {
  provider: 'prometheus',
  enabled: true,
  namespace: 'myapp',
  subsystem: 'api',
  tags: { env: 'dev' },
  enableRuntimeMetrics: true, // Node.js event loop lag, GC, heap, under prom-client's names
  endpoint: '/metrics',
  flushInterval: '10s', // how often push backends (StatsD, OTLP, logs) receive a snapshot
  // Each backend's section is read only when that backend is selected.
  prometheus: { openMetrics: true },
  opentelemetry: { resourceAttributes: { 'service.name': 'myapp-api' } },
  statsd: { address: '127.0.0.1:8125', flavor: 'datadog' },
  logger: { format: 'table' },
};

/** The Config for this process: the base, overridden by the environment. */
export function loadConfig(env = process.env) {
  return configFromEnv(env, baseConfig);
}
