// Reading `scrapeAuth` / `tls` and their METERKIT_PROMETHEUS_* variables moved to core so that the
// dashboard (@meterkit/dashboard) follows the same settings; re-exported here for this package's code.
export {
  checkSecret,
  checkUsername,
  type Environment,
  PROMETHEUS_SECURITY_ENV,
  resolveScrapeAuth,
  resolveServerTls,
} from '@meterkit/core/exporter-kit';
