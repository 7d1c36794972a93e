import {
  OTLPMetricExporterBase,
  type OTLPMetricExporterOptions,
} from '@opentelemetry/exporter-metrics-otlp-http';
import {
  convertLegacyHttpOptions,
  createOtlpHttpExportDelegate,
} from '@opentelemetry/otlp-exporter-base/node-http';
import { MetricsExporterMetricsHelper } from '@opentelemetry/otlp-transformer';
import { createOtlpSerializer, type OtlpProtocol } from './otlp-serializer.js';

/**
 * The SDK's Node OTLP/HTTP options (`OTLPExporterNodeConfigBase`). Named through the function that
 * takes them because the type moved: the 0.223 exporters export it from the package root, the 0.30x
 * ones only from `/node-http`; `convertLegacyHttpOptions` is in `/node-http` in both.
 */
type OtlpNodeHttpOptions = Parameters<typeof convertLegacyHttpOptions>[0];

/** Options of {@link MeterkitOtlpMetricExporter}: the SDK's OTLP/HTTP options plus the encoding. */
export interface MeterkitOtlpMetricExporterOptions extends OtlpNodeHttpOptions, OTLPMetricExporterOptions {
  /** `http/protobuf` (default, as the OTLP exporter spec recommends) or `http/json`. */
  protocol?: OtlpProtocol;
}

/** The component type the SDK's self-observability metrics use for OTLP/HTTP metric exporters. */
const COMPONENT_TYPE = 'otlp_http_metric_exporter';

/**
 * The SDK's OTLP/HTTP metric exporter, assembled exactly as `OTLPMetricExporter` of
 * `@opentelemetry/exporter-metrics-otlp-http` (JSON) and `-otlp-proto` (protobuf) assemble it:
 * the SDK's HTTP transport with its retries, timeout, gzip, headers and `OTEL_EXPORTER_OTLP_*`
 * handling. The request is encoded by this package ({@link createOtlpSerializer}): the same bytes
 * the SDK's serializer writes, plus meterkit's summaries (OTLP `Summary` points, which the SDK has
 * no type for), exemplars and canonical proto3 JSON. meterkit's own exporter calls its `export()`
 * directly; an application can use it in its own `PeriodicExportingMetricReader` to get real
 * summaries and exemplars from a `MeterkitMetricProducer`.
 */
export class MeterkitOtlpMetricExporter extends OTLPMetricExporterBase {
  /** Where metrics are posted, after options, `OTEL_EXPORTER_OTLP_*` and defaults were applied. */
  readonly url: string;

  constructor(options: MeterkitOtlpMetricExporterOptions = {}) {
    const protocol = options.protocol ?? 'http/protobuf';
    const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    const configuration = convertLegacyHttpOptions(options, 'METRICS', 'v1/metrics', {
      'Content-Type': contentType,
    });
    super(
      createOtlpHttpExportDelegate(
        configuration,
        createOtlpSerializer(protocol),
        COMPONENT_TYPE,
        MetricsExporterMetricsHelper,
        options.selfObsMeterProvider,
      ),
      options,
    );
    this.url = configuration.url;
  }
}
