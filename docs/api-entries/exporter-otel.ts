/**
 * OTLP over HTTP (JSON or protobuf) through the OpenTelemetry JS SDK.
 *
 * @module @meterkit/exporter-otel
 * @document ../../packages/exporter-otel/README.md
 */
export * from '../../packages/exporter-otel/src/index.js';
