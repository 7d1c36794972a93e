import { createProvider, type Provider } from '@meterkit/core';
import { EtsyDaemon, eventually, OtlpReceiver } from '@meterkit/test-support';
import promClient from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPromClient } from '../src/index.js';

/*
 * A dependency instrumented with prom-client 15 (its own Registry), bridged with fromPromClient,
 * exports with meterkit's own metrics to the real Etsy StatsD daemon, the OTLP receiver (decoded by
 * OpenTelemetry's own protobuf decoder) and the logger's JSON lines.
 */

let daemon: EtsyDaemon | undefined;
let receiver: OtlpReceiver | undefined;
let provider: Provider | undefined;
const logLines: string[] = [];

beforeAll(async () => {
  [daemon, receiver] = await Promise.all([EtsyDaemon.start(), OtlpReceiver.start()]);
  provider = await createProvider({
    provider: ['statsd', 'opentelemetry', 'logger'],
    flushInterval: '200ms',
    statsd: { address: `127.0.0.1:${daemon.port}`, flushPeriod: '200ms' },
    opentelemetry: { collectorUrl: receiver.url, exportInterval: '200ms', protocol: 'http/protobuf' },
    logger: { format: 'json', sink: (line) => logLines.push(line) },
  });
  const registry = new promClient.Registry();
  const jobs = new promClient.Counter({
    name: 'legacy_jobs_total',
    help: 'Jobs done',
    labelNames: ['queue'],
    registers: [registry],
  });
  new promClient.Gauge({ name: 'legacy_pool_size', help: 'Pool', registers: [registry] }).set(12);
  const latency = new promClient.Histogram({
    name: 'legacy_latency_seconds',
    help: 'Latency',
    buckets: [0.1, 1],
    registers: [registry],
  });
  const size = new promClient.Summary({
    name: 'legacy_size_bytes',
    help: 'Size',
    percentiles: [0.5],
    registers: [registry],
  });
  fromPromClient(registry, provider);
  provider.counter('own_total').add(4);
  await provider.start();
  jobs.inc({ queue: 'mail' }, 5);
  for (const v of [0.05, 0.5, 2]) latency.observe(v);
  for (const v of [10, 20, 30]) size.observe(v);
});

afterAll(async () => {
  await provider?.stop();
  await Promise.all([daemon?.stop(), receiver?.close()]);
  daemon?.dispose();
});

describe('a prom-client Registry bridged with fromPromClient', () => {
  it('reaches the Etsy StatsD daemon: counter increments and gauges beside meterkit metrics', async () => {
    const totals = await eventually('the daemon to count the jobs', () => {
      const counters = daemon!.counterTotals();
      return counters.get('legacy_jobs_total.queue.mail') === 5 ? counters : undefined;
    });
    expect(totals.get('own_total')).toBe(4);
    expect(daemon!.lastGauges().get('legacy_pool_size')).toBe(12);
  });

  it('reaches the Etsy StatsD daemon: a histogram without min/max, its count and sum exact', async () => {
    const timer = await eventually('the daemon to receive the 3 observations', () =>
      daemon!.timer('legacy_latency_seconds', 3),
    );
    expect(timer.count).toBe(3);
    // 0.05 + 0.5 + 2: samples rebuilt from the buckets, moved so that their sum is the recorded sum.
    expect(timer.values.reduce((a, b) => a + b, 0)).toBeCloseTo(2.55, 9);
  });

  it('reaches the OTLP receiver: sums, gauges, histograms and summaries with their quantiles', async () => {
    await eventually('an OTLP export with the summary', () =>
      receiver!.metrics('legacy_size_bytes').length > 0 ? true : undefined,
    );
    const last = (name: string) => receiver!.metrics(name).at(-1);
    expect(last('legacy_jobs_total')).toMatchObject({
      kind: 'sum',
      isMonotonic: true,
      description: 'Jobs done',
      points: [{ attributes: { queue: 'mail' }, value: 5 }],
    });
    expect(last('legacy_pool_size')).toMatchObject({ kind: 'gauge', points: [{ value: 12 }] });
    expect(last('legacy_latency_seconds')).toMatchObject({
      kind: 'histogram',
      points: [{ count: 3, sum: 2.55, explicitBounds: [0.1, 1], bucketCounts: [1, 1, 1] }],
    });
    expect(last('legacy_size_bytes')).toMatchObject({
      kind: 'summary',
      points: [{ count: 3, sum: 60, quantiles: [{ quantile: 0.5, value: 20 }] }],
    });
  });

  it('reaches the logger as JSON lines', async () => {
    const records = await eventually('a log line of the prom-client histogram', () => {
      const parsed = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
      return parsed.some((r) => r.metric === 'legacy_latency_seconds') ? parsed : undefined;
    });
    const names = new Set(records.map((r) => r.metric));
    for (const name of ['legacy_jobs_total', 'legacy_pool_size', 'legacy_size_bytes', 'own_total']) {
      expect(names).toContain(name);
    }
  });
});
