/**
 * Metrics as log lines: JSON, logfmt or a human table; stdout, any function, pino or winston.
 *
 * @module @meterkit/exporter-logger
 * @document ../../packages/exporter-logger/README.md
 */
export * from '../../packages/exporter-logger/src/index.js';
