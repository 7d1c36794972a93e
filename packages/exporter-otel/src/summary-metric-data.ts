import type { HrTime } from '@opentelemetry/api';
import type { MetricData, MetricDescriptor } from '@opentelemetry/sdk-metrics';

/**
 * The SDK's `DataPointType` has no summary (the OpenTelemetry API cannot create one), yet OTLP
 * has a `Summary` message. meterkit's summaries travel through the SDK pipeline under this marker
 * and are written by {@link createOtlpSerializer}; the SDK's own serializers would emit a
 * metric without data for it, so producers attached to third-party readers use the `gauges` mode.
 */
export const SUMMARY_DATA_POINT_TYPE = 'meterkit.summary';

/** One OTLP `ValueAtQuantile`. */
export interface SummaryQuantile {
  readonly quantile: number;
  readonly value: number;
}

/** The value of one OTLP `SummaryDataPoint`: always cumulative, as the OTLP spec defines it. */
export interface SummaryValue {
  readonly count: number;
  readonly sum: number;
  readonly quantiles: readonly SummaryQuantile[];
}

/** One series of a summary. Attributes are meterkit tags, so always strings. */
export interface SummaryDataPoint {
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly attributes: Readonly<Record<string, string>>;
  readonly value: SummaryValue;
}

/** A summary metric, carried next to the SDK's `MetricData` in a `ScopeMetrics`. */
export interface SummaryMetricData {
  readonly descriptor: MetricDescriptor;
  readonly dataPointType: typeof SUMMARY_DATA_POINT_TYPE;
  readonly dataPoints: readonly SummaryDataPoint[];
}

/** What the meterkit translation produces: the SDK's metric data, plus summaries. */
export type MeterkitMetricData = MetricData | SummaryMetricData;

/** True for a meterkit summary travelling through the SDK. */
export function isSummaryMetricData(metric: unknown): metric is SummaryMetricData {
  return (
    typeof metric === 'object' &&
    metric !== null &&
    (metric as { dataPointType?: unknown }).dataPointType === SUMMARY_DATA_POINT_TYPE
  );
}
