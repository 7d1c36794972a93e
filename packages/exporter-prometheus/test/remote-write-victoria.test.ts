import { createProvider } from '@meterkit/core';
import { type ConformanceBackend, runConformance } from '@meterkit/core/testing';
import {
  type BackendProcess,
  type BackendSample,
  eventually,
  startVictoriaMetrics,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toReadSeries } from './helpers/read-series.js';

/*
 * Debian's VictoriaMetrics as a second, independent remote-write receiver (its own snappy and
 * protobuf decoders), read back through /api/v1/export (every raw sample it stored).
 */

vi.setConfig({ testTimeout: 30_000 });

let victoria: BackendProcess;

beforeAll(async () => {
  victoria = await startVictoriaMetrics();
}, 30_000);

afterAll(async () => {
  await victoria?.stop();
});

interface ExportedSeries {
  metric: Record<string, string>;
  values: Array<number | null>;
  timestamps: number[];
}

/**
 * Every stored series matching `selector`, with all its raw samples, once two reads half a second
 * apart agree: VictoriaMetrics acknowledges a write before every row is searchable.
 */
async function exported(selector: string): Promise<ExportedSeries[]> {
  let previous = '';
  return eventually(
    `VictoriaMetrics to settle on ${selector}`,
    async () => {
      const current = await exportOnce(selector);
      // Export streams series in no fixed order.
      const text = JSON.stringify(current.map((series) => JSON.stringify(series)).sort());
      const settled = current.length > 0 && text === previous;
      previous = text;
      return settled ? current : undefined;
    },
    20_000,
    500,
  );
}

/** One read of /api/v1/export (JSON lines), after flushing VictoriaMetrics' in-memory buffers. */
async function exportOnce(selector: string): Promise<ExportedSeries[]> {
  await fetch(`${victoria.baseUrl}/internal/force_flush`);
  const response = await fetch(
    `${victoria.baseUrl}/api/v1/export?${new URLSearchParams({ 'match[]': selector })}`,
  );
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExportedSeries);
}

/** The last sample of each series, as the conformance reader wants it. */
function lastSamples(series: readonly ExportedSeries[]): BackendSample[] {
  return series.map(({ metric, values }) => ({
    name: metric.__name__ ?? '',
    labels: metric,
    value: Number(values[values.length - 1]),
  }));
}

describe('remote write into a real VictoriaMetrics', () => {
  it('passes the conformance suite, read back from /api/v1/export', async () => {
    const backend: ConformanceBackend = {
      name: 'victoria-metrics remote write',
      config: () => ({
        provider: 'remote-write',
        remoteWrite: { url: `${victoria.baseUrl}/api/v1/write`, labels: { instance: 'conformance-suite' } },
      }),
      async read(provider) {
        const snapshot = await provider.registry().snapshot();
        await provider.stop();
        const series = await exported('{__name__=~"conf_suite_.+",instance="conformance-suite"}');
        return toReadSeries(lastSamples(series), snapshot, ['instance']);
      },
    };
    await runConformance(backend);
  });

  it('stores every push of a series in timestamp order, the last one holding the recorded total', async () => {
    const errors: Error[] = [];
    const provider = await createProvider({
      provider: 'remote-write',
      remoteWrite: {
        url: `${victoria.baseUrl}/api/v1/write`,
        interval: '100ms',
        labels: { job: 'vm_ordered' },
      },
      onError: (error) => errors.push(error),
    });
    await provider.start();
    const jobs = provider.counter('vm_jobs');
    for (let i = 0; i < 20; i++) {
      jobs.add(5);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    // VictoriaMetrics refuses -0 (the exporter writes it as 0) and drops NaN samples (the rest of
    // the request is stored: no error).
    provider.gauge('vm_offset').set(-0);
    provider.gauge('vm_unknown').set(Number.NaN);
    await provider.stop();
    // The final push is acknowledged before VictoriaMetrics makes it searchable: wait for it.
    const series = await eventually(
      'VictoriaMetrics to hold the final total of vm_jobs',
      async () => {
        const [found] = await exported('vm_jobs_total{job="vm_ordered"}');
        return found?.values.at(-1) === 100 ? found : undefined;
      },
      30_000,
    );
    expect(series!.values.length).toBeGreaterThan(3);
    const sorted = [...series!.timestamps].sort((a, b) => a - b);
    expect(series!.timestamps).toEqual(sorted);
    expect(new Set(series!.timestamps).size).toBe(series!.timestamps.length);
    // Cumulative values never go down across pushes, and the last is what was recorded.
    for (let i = 1; i < series!.values.length; i++) {
      expect(series!.values[i]!).toBeGreaterThanOrEqual(series!.values[i - 1]!);
    }
    expect(series!.values.at(-1), JSON.stringify(series)).toBe(100);
    const [offset] = await exported('vm_offset{job="vm_ordered"}');
    expect(offset!.values).toEqual([0]);
    expect(errors).toEqual([]);
  });
});
