import { ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  type InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

type ResultCallback = Parameters<PushMetricExporter['export']>[1];

/**
 * Reports every failed export of the wrapped exporter. The SDK's `PeriodicExportingMetricReader`
 * hands export failures to `globalErrorHandler` (process-wide state we must not set) and only logs
 * timeouts through `diag`; wrapping the exporter sees each result before the reader does.
 */
export class FailureReportingExporter implements PushMetricExporter {
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly onFailure: (error: Error) => void,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: ResultCallback): void {
    this.inner.export(metrics, (result) => {
      if (result.code !== ExportResultCode.SUCCESS) {
        const error = result.error ?? new Error('OTLP export failed without an error');
        this.onFailure(error);
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality?.(instrumentType) ?? AggregationTemporality.CUMULATIVE;
  }
}
