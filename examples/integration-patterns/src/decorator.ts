// Pattern 1 (seed 003's `@track_function` decorator): count calls by outcome and time them.
// Two forms: a TC39 decorator on a class method, and a wrapper for a plain function.
import type { Provider } from '@meterkit/core';
import { Instrumented, instrumentFunction } from '@meterkit/core/instrument';

/**
 * Where decorators find the provider. Classes are defined when the module loads, before the
 * (asynchronously created) provider exists, so decorators take a getter; calls made while it
 * returns `undefined` simply run unmeasured.
 */
let provider: Provider | undefined;
export function useProvider(metrics: Provider): void {
  provider = metrics;
}

export class ReportService {
  /** report_build_total{outcome}, report_build_duration_seconds */
  @Instrumented(() => provider, { name: 'report_build', description: 'Reports built, by outcome' })
  async build(day: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 40));
    if (Math.random() < 0.1) throw new Error(`no data for ${day}`);
    return `report for ${day}`;
  }
}

/** A plain function, wrapped once at start-up: process_data_total{outcome}, process_data_duration_seconds. */
export function instrumentedProcessData(metrics: Provider): (values: number[]) => number {
  const processData = (values: number[]): number => {
    if (values.length === 0) throw new RangeError('nothing to process');
    return values.reduce((sum, value) => sum + value, 0) / values.length;
  };
  return instrumentFunction(processData, metrics, { name: 'process_data', tags: { stage: 'ingest' } });
}
