/**
 * Fresh instances of the three libraries under test, each set up the way an application would:
 * meterkit's in-memory provider, a prom-client Registry (never the global one) and an OpenTelemetry
 * MeterProvider with a reader attached (without a reader the SDK records nothing).
 */
import { createProvider } from '@meterkit/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import promClient from 'prom-client';

/** A pull-only reader: no timer, collects when asked, no cardinality cap (the SDK default is 2000). */
export class ManualReader extends MetricReader {
  constructor() {
    super({ cardinalitySelector: () => Number.MAX_SAFE_INTEGER });
  }
  onForceFlush() {
    return Promise.resolve();
  }
  onShutdown() {
    return Promise.resolve();
  }
}

export function createMeterkit() {
  return createProvider({ provider: 'memory' });
}

export function createProm() {
  const registry = new promClient.Registry();
  return {
    registry,
    counter: (name, labelNames = []) =>
      new promClient.Counter({ name, help: name, labelNames, registers: [registry] }),
    histogram: (name, labelNames = []) =>
      new promClient.Histogram({ name, help: name, labelNames, registers: [registry] }),
  };
}

export function createOtel() {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { reader, provider, meter: provider.getMeter('meterkit-bench') };
}

/** Sum of counter values (or histogram counts) of one prom-client metric, over all its series. */
export async function promTotal(metric) {
  const { values } = await metric.get();
  const histogram = values.some((v) => v.metricName?.endsWith('_count'));
  return values
    .filter((v) => !histogram || v.metricName.endsWith('_count'))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Same for an OTel instrument, read through the reader. */
export async function otelTotal(reader, name) {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      return metric.dataPoints.reduce(
        (sum, p) => sum + (typeof p.value === 'number' ? p.value : p.value.count),
        0,
      );
    }
  }
  return 0;
}

/** Number of series an OTel instrument holds, to prove it was not capped or overflowed. */
export async function otelSeriesCount(reader, name) {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric.dataPoints.length;
  }
  return 0;
}

/** Number of series of one meterkit metric in a snapshot of the provider. */
export async function meterkitSeriesCount(provider, name) {
  const snapshot = await provider.registry().snapshot();
  return snapshot.metrics.find((m) => m.name === name)?.points.length ?? 0;
}
