import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import type { HistogramMetricSnapshot, SummaryMetricSnapshot } from '../snapshot.js';
import { RecordingExporter } from '../testing/recording-exporter.js';
import { ObservationReservoir } from './observation-reservoir.js';

class SampleWantingExporter extends RecordingExporter {
  readonly observationReservoir = 4;
}

describe('observation reservoir', () => {
  it('keeps every observation up to its capacity, then a uniform sample with the true count', () => {
    const reservoir = new ObservationReservoir(100);
    for (let i = 0; i < 50; i++) reservoir.add(i);
    expect(reservoir.drain()).toEqual({ values: Array.from({ length: 50 }, (_, i) => i), count: 50 });
    // 10,000 values 0..9999 through 100 slots, 200 times: each value's inclusion rate is about 1%,
    // so the mean of the kept values stays near the population mean of 4999.5.
    let total = 0;
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 10_000; i++) reservoir.add(i);
      const { values, count } = reservoir.drain();
      expect(count).toBe(10_000);
      expect(values).toHaveLength(100);
      total += values.reduce((a, b) => a + b, 0) / values.length;
    }
    expect(Math.abs(total / 200 - 4999.5)).toBeLessThan(150);
  });

  it('is drained by push flushes of an exporter that asked for it, never by scrapes', async () => {
    const exporter = new SampleWantingExporter();
    const provider = await createProvider({ provider: 'memory', exporters: [exporter] });
    const timer = provider.timer('job_seconds');
    const summary = provider.summary('size_bytes');
    for (const v of [0.5, 1.5]) timer.record(v);
    summary.observe(10);
    const scraped = await provider.registry().snapshot();
    expect((scraped.metrics[0] as HistogramMetricSnapshot).points[0]!.recent).toBeUndefined();
    for (const v of [2, 3, 4, 5]) timer.record(v);
    await provider.stop();
    const pushed = exporter.last()!;
    const point = (pushed.metrics.find((m) => m.name === 'job_seconds') as HistogramMetricSnapshot)
      .points[0]!;
    expect(point.recent?.count).toBe(6);
    expect(point.recent?.values).toHaveLength(4);
    for (const v of point.recent!.values) expect([0.5, 1.5, 2, 3, 4, 5]).toContain(v);
    const sizes = (pushed.metrics.find((m) => m.name === 'size_bytes') as SummaryMetricSnapshot).points[0]!;
    expect(sizes.recent).toEqual({ values: [10], count: 1 });
  });

  it('is absent when no exporter asks', async () => {
    const exporter = new RecordingExporter();
    const provider = await createProvider({ provider: 'memory', exporters: [exporter] });
    provider.histogram('h').observe(1);
    await provider.stop();
    expect((exporter.last()!.metrics[0] as HistogramMetricSnapshot).points[0]!.recent).toBeUndefined();
  });
});
