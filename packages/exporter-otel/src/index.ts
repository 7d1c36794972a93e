import type { ExporterFactory } from '@meterkit/core';
import { resolvePrometheusSettings } from '@meterkit/exporter-prometheus';
import { OtelExporter } from './otel-exporter.js';
import { OtelPrometheusEndpoint } from './otel-prometheus-endpoint.js';
import { buildResource } from './otel-resource.js';
import { resolveOtelSettings } from './otel-settings.js';

/**
 * The factory `createProvider({ provider: 'opentelemetry' })` loads: validates the `opentelemetry`
 * section (throwing a `ConfigError` naming the bad field). Nothing listens or sends yet: the
 * `opentelemetry.prometheus` server listens on `provider.start()` (see {@link OtelExporter.start})
 * and OTLP objects are created at the first export.
 */
export const createExporter: ExporterFactory = (context) => {
  const settings = resolveOtelSettings(context.config, process.env);
  const resource = buildResource(settings.resourceAttributes);
  const prometheus =
    settings.prometheus &&
    new OtelPrometheusEndpoint(
      settings.prometheus,
      // The same scrape auth, TLS and limits as the Prometheus exporter's (section and variables).
      resolvePrometheusSettings(context.config),
      resource,
      () => context.collect(),
      (error) => context.onError(error, 'opentelemetry.prometheus'),
    );
  return new OtelExporter(settings, context, resource, prometheus);
};

export {
  createMeterkitProducer,
  MeterkitMetricProducer,
  type MeterkitProducerOptions,
  type ProducerSnapshotSource,
  type SnapshotSource,
} from './meterkit-metric-producer.js';
export type { Temporality } from './otel-data-points.js';
export { OtelExporter } from './otel-exporter.js';
export { buildResource } from './otel-resource.js';
export { type OtelSettings, type PrometheusSettings, resolveOtelSettings } from './otel-settings.js';
export { toOtelUnit } from './otel-units.js';
export type { ExemplarCarrier } from './otlp-exemplars.js';
export { OtlpExportError } from './otlp-export-error.js';
export {
  MeterkitOtlpMetricExporter,
  type MeterkitOtlpMetricExporterOptions,
} from './otlp-metric-exporter.js';
export {
  OtlpRequestBuilder,
  type ScopedMetricData,
  type SummaryMode,
  type TranslationOptions,
} from './otlp-request-builder.js';
export { createOtlpSerializer, type MetricsResponse, type OtlpProtocol } from './otlp-serializer.js';
export {
  isSummaryMetricData,
  type MeterkitMetricData,
  SUMMARY_DATA_POINT_TYPE,
  type SummaryDataPoint,
  type SummaryMetricData,
  type SummaryQuantile,
  type SummaryValue,
} from './summary-metric-data.js';
