/**
 * This package's version, reported as the instrumentation scope version of every metric it
 * translates. Kept in step with package.json by a unit test.
 */
export const PACKAGE_VERSION = '0.1.0';

/** The instrumentation scope name under which meterkit's metrics reach OpenTelemetry. */
export const SCOPE_NAME = '@meterkit/exporter-otel';
