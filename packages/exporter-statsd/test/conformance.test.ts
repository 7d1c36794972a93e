import type { Provider, SnapshotMetricType } from '@meterkit/core';
import { type ReadSeries, runConformance } from '@meterkit/core/testing';
import { EtsyDaemon, type EtsyFlush, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, it } from 'vitest';

/** The daemon's histogram bins for request_size_bytes: the scenario's buckets. */
const BINS = [100, 1000, 10000, 'inf'] as const;

/**
 * The shared conformance scenario through the `datadog` flavor into the Etsy daemon, read back from
 * what the daemon computed at its flushes. The daemon keeps DogStatsD tags in its keys
 * (`name;k=v;k2=v2`, verbatim with `keyNameSanitize: false`), computes the 50/90/99th percentiles
 * of every timer, and counts the samples of `request_size_bytes` into bins matching its buckets.
 */
describe('conformance: datadog flavor into the Etsy statsd daemon', () => {
  let daemon: EtsyDaemon;

  beforeAll(async () => {
    daemon = await EtsyDaemon.start({
      keyNameSanitize: false,
      percentThreshold: [50, 90, 99],
      histogram: [{ metric: 'request_size_bytes', bins: BINS }],
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it('passes the conformance suite', async () => {
    await runConformance({
      name: 'statsd (datadog flavor) → Etsy statsd 0.9.0',
      config: () => ({
        provider: 'statsd',
        statsd: { address: `127.0.0.1:${daemon.port}`, flavor: 'datadog', histogramType: 'ms' },
      }),
      read: async (provider) => readBack(provider, daemon),
      capabilities: { buckets: true, quantiles: true, summary: true, info: true, callback: true },
    });
  });
});

async function readBack(provider: Provider, daemon: EtsyDaemon): Promise<ReadSeries[]> {
  const types = new Map<string, SnapshotMetricType>();
  for (const metric of (await provider.registry().snapshot()).metrics) types.set(metric.name, metric.type);
  await provider.stop();
  const flushes = await waitFor('the final flush (timers and gauges)', () => {
    const { flushes } = daemon.records();
    const keys = flushes.flatMap((flush) => [...Object.keys(flush.timers), ...Object.keys(flush.gauges)]);
    const hasAll = ['conf.suite.job_duration', 'conf.suite.payload_bytes', 'conf.suite.build_info'].every(
      (name) => keys.some((key) => key.startsWith(`${name};`)),
    );
    return hasAll ? flushes : undefined;
  });
  const series = new Map<string, ReadSeries>();
  const entry = (key: string): ReadSeries => {
    let found = series.get(key);
    if (found === undefined) {
      const [name, ...pairs] = key.split(';');
      const tags: Record<string, string> = {};
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        tags[pair.slice(0, at)] = pair.slice(at + 1);
      }
      // Metric names cannot contain '.', so every '.' is a separator meterkit wrote.
      found = { name: name!.replaceAll('.', '_'), tags };
      series.set(key, found);
    }
    return found;
  };
  const bins = new Map<string, number[]>();
  for (const flush of flushes) readFlush(flush, entry, types, bins);
  for (const [key, found] of series) {
    if (found.count === undefined) continue;
    // Percentiles as the daemon computed them (recomputed its way if the samples straddled two flushes).
    const scale = types.get(found.name) === 'timer' ? 1000 : 1;
    const timer = daemon.timer(key, found.count)!;
    found.quantiles = [
      { quantile: 0.5, value: timer.upper_50! / scale },
      { quantile: 0.9, value: timer.upper_90 / scale },
      { quantile: 0.99, value: timer.upper_99! / scale },
    ];
    const counts = bins.get(key);
    if (counts !== undefined) {
      let running = 0;
      found.buckets = BINS.map((bound, i) => ({
        upperBound: bound === 'inf' ? Number.POSITIVE_INFINITY : bound,
        count: (running += counts[i]!),
      }));
    }
  }
  return [...series.values()];
}

function readFlush(
  flush: EtsyFlush,
  entry: (key: string) => ReadSeries,
  types: Map<string, SnapshotMetricType>,
  bins: Map<string, number[]>,
) {
  for (const [key, value] of Object.entries(flush.counters)) {
    if (key.startsWith('statsd.')) continue;
    const series = entry(key);
    series.value = (series.value ?? 0) + value;
  }
  for (const [key, value] of Object.entries(flush.gauges))
    if (!key.startsWith('statsd.')) entry(key).value = value;
  for (const [key, values] of Object.entries(flush.timers)) {
    if (values.length === 0) continue;
    const series = entry(key);
    // Timers were sent in milliseconds.
    const scale = types.get(series.name) === 'timer' ? 1000 : 1;
    series.count = (series.count ?? 0) + flush.timer_counters[key]!;
    series.sum = (series.sum ?? 0) + values.reduce((a, b) => a + b, 0) / scale;
    const histogram = (flush.timer_data[key] as { histogram?: Record<string, number> }).histogram;
    if (histogram !== undefined) {
      const counts = bins.get(key) ?? BINS.map(() => 0);
      BINS.forEach((bound, i) => {
        counts[i]! += histogram[`bin_${bound}`] ?? 0;
      });
      bins.set(key, counts);
    }
  }
}
