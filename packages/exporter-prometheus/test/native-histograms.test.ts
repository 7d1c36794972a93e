import { createProvider, type HistogramPoint, type Provider } from '@meterkit/core';
import {
  type BackendProcess,
  eventually,
  freePort,
  queryScalar,
  queryVector,
  startBackend,
  startPrometheus,
  targetOfJob,
  tempDir,
} from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OPENMETRICS_CONTENT_TYPE } from '../src/openmetrics-serializer.js';
import { PROMETHEUS_PROTOBUF_CONTENT_TYPE } from '../src/protobuf/protobuf-exposition.js';
import { PushgatewayClient } from '../src/pushgateway-client.js';
import { httpRequest } from './helpers/http-client.js';
import { decodeMetricFamilies } from './helpers/metric-family-decoder.js';
import { startTarget, type TargetServer } from './helpers/target-server.js';

/*
 * Native histograms proven by real servers: a Prometheus 2.42 started with
 * `--enable-feature=native-histograms` (it asks for the protobuf exposition) scrapes an app whose
 * histograms are exponential, and a Pushgateway 1.5.1 that got a protobuf push; a second Prometheus
 * 2.42 without the flag scrapes the same app as OpenMetrics (the text fallback, and the classic
 * buckets of a histogram that has both).
 */

vi.setConfig({ testTimeout: 30_000 });

/** A deterministic spread of latencies from 1 ms to 5 s, log-uniform (a fixed LCG, no Math.random). */
function latencies(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 0.001 * 5000 ** (state / 2 ** 31);
  });
}

/**
 * Recorded once: count and sum are checked exactly. Zeros and negative values exercise the zero
 * bucket and the negative spans (a temperature-like histogram).
 */
const STATIC_VALUES = [...latencies(997, 7), 0, -0.25, -3];
/**
 * Recorded again every tick, so `rate()` sees the same distribution in every window. 199 values: the
 * 0.9 rank (179.1) is never a whole count, so no bucket edge is ambiguous after `rate()` scaling.
 */
const BATCH = latencies(199, 11);
/** Classic bounds of the timer that has both kinds of buckets. */
const STEP_BOUNDS = [0.01, 0.1, 1];
const STEP_VALUES = [0.005, 0.05, 0.05, 0.5, 0.5, 0.5, 2];

let native: BackendProcess;
let classic: BackendProcess;
let gateway: BackendProcess;
let provider: Provider;
let app: TargetServer;
let ticker: NodeJS.Timeout | undefined;
let batches = 0;
/** The batch recorded every tick, its sorted copy for the true quantile. */
const sortedBatch = [...BATCH].sort((a, b) => a - b);

async function startGateway(): Promise<BackendProcess> {
  const port = await freePort();
  return startBackend(
    'prometheus-pushgateway',
    [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'],
    { baseUrl: `http://127.0.0.1:${port}`, dataDir: await tempDir('meterkit-native-pushgateway-') },
  );
}

function scrapeConfig(withGateway: boolean): string {
  const jobs = [`  - job_name: app\n    static_configs:\n      - targets: ['${app.hostPort}']\n`];
  if (withGateway) {
    const host = new URL(gateway.baseUrl).host;
    jobs.push(
      `  - job_name: pushgateway\n    honor_labels: true\n    static_configs:\n      - targets: ['${host}']\n`,
    );
  }
  return `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${jobs.join('')}`;
}

beforeAll(async () => {
  // Prometheus scrapes every second here: every scrape a fresh collection.
  provider = await createProvider({
    provider: 'prometheus',
    namespace: 'nh',
    prometheus: { minCollectionInterval: 0 },
  });
  const temperature = provider.histogram('temperature_delta', {
    description: 'Static exponential histogram',
    exponential: true,
  });
  for (const value of STATIC_VALUES) temperature.observe(value);
  const latency = provider.timer('request', { description: 'Exponential only', exponential: true });
  const step = provider.timer('step', { description: 'Both kinds', exponential: true, buckets: STEP_BOUNDS });
  for (const value of STEP_VALUES) step.record(value);
  const recordBatch = () => {
    for (const value of BATCH) latency.record(value);
    batches++;
  };
  recordBatch();
  ticker = setInterval(recordBatch, 200);
  ticker.unref();
  app = await startTarget(provider.handler());
  gateway = await startGateway();
  [native, classic] = await Promise.all([
    startPrometheus(scrapeConfig(true), 'meterkit-native-', {
      flags: ['--enable-feature=native-histograms'],
    }),
    startPrometheus(scrapeConfig(false), 'meterkit-classic-'),
  ]);
}, 40_000);

afterAll(async () => {
  if (ticker) clearInterval(ticker);
  await Promise.all([native?.stop(), classic?.stop(), gateway?.stop()]);
  await app?.close();
  await provider?.stop();
});

async function pointOf(name: string): Promise<HistogramPoint> {
  const snapshot = await provider.registry().snapshot();
  return snapshot.metrics.find((metric) => metric.name === name)!.points[0] as HistogramPoint;
}

describe('Prometheus 2.42 with native histograms scraping exponential histograms', () => {
  it('is served the protobuf exposition and stores count and sum exactly', async () => {
    const base = native.baseUrl;
    const count = await eventually('histogram_count of nh_temperature_delta', () =>
      queryScalar(base, 'histogram_count(nh_temperature_delta{job="app"})'),
    );
    expect(count).toBe(STATIC_VALUES.length);
    const point = await pointOf('nh_temperature_delta');
    expect(await queryScalar(base, 'histogram_sum(nh_temperature_delta{job="app"})')).toBe(point.sum);
    expect(point.sum).toBeCloseTo(
      STATIC_VALUES.reduce((a, b) => a + b, 0),
      9,
    );
    expect(app.served).toContain(PROMETHEUS_PROTOBUF_CONTENT_TYPE);
    expect((await targetOfJob(base, 'app'))?.lastError).toBe('');
  });

  it('answers histogram_quantile(0.9, rate(x[1m])) within the relative error of the scale', async () => {
    const base = native.baseUrl;
    const query = 'histogram_quantile(0.9, rate(nh_request_seconds{job="app"}[1m]))';
    const estimate = await eventually(query, () => queryScalar(base, query));
    const truth = sortedBatch[Math.ceil(0.9 * BATCH.length) - 1]!;
    // Prometheus interpolates inside the bucket (L, U] that holds the true value, U = L * base.
    const schema = Math.min((await pointOf('nh_request')).exponential!.scale, 8);
    const base2 = 2 ** (2 ** -schema);
    expect(schema).toBeGreaterThanOrEqual(2);
    expect(Math.abs(estimate - truth) / truth).toBeLessThanOrEqual(base2 - 1);
    expect(batches).toBeGreaterThan(1);
  });

  it('keeps both kinds of buckets of a series that has both in what it is served', async () => {
    const response = await httpRequest(`http://${app.hostPort}/metrics`, {
      headers: {
        Accept: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
      },
    });
    const family = decodeMetricFamilies(response.bytes).find((f) => f.name === 'nh_step_seconds')!;
    const histogram = family.metric[0]!.histogram!;
    expect(histogram.bucket.map((bucket) => [bucket.upperBound, bucket.cumulativeCount])).toEqual([
      [0.01, 1],
      [0.1, 3],
      [1, 6],
      [Number.POSITIVE_INFINITY, 7],
    ]);
    expect(histogram.positiveSpan.length).toBeGreaterThan(0);
    const count = await eventually('histogram_count of nh_step_seconds', () =>
      queryScalar(native.baseUrl, 'histogram_count(nh_step_seconds{job="app"})'),
    );
    expect(count).toBe(STEP_VALUES.length);
  });
});

describe('Prometheus 2.42 without native histograms scraping the same app (OpenMetrics)', () => {
  it('still answers histogram_quantile on the classic _bucket series of a histogram with both', async () => {
    const base = classic.baseUrl;
    const p50 = await eventually('classic nh_step_seconds_bucket', () =>
      queryScalar(base, 'histogram_quantile(0.5, nh_step_seconds_bucket{job="app"})'),
    );
    // Rank 3.5 of 7 lies in (0.1, 1] holding ranks 4-6: 0.1 + 0.9 * (3.5 - 3) / 3.
    expect(p50).toBeCloseTo(0.25, 9);
    expect(app.served).toContain(OPENMETRICS_CONTENT_TYPE);
  });

  it('gets an exponential-only histogram as its count, sum and +Inf bucket (the text fallback)', async () => {
    const base = classic.baseUrl;
    const count = await eventually('nh_temperature_delta_count', () =>
      queryScalar(base, 'nh_temperature_delta_count{job="app"}'),
    );
    expect(count).toBe(STATIC_VALUES.length);
    const buckets = await queryVector(base, 'nh_temperature_delta_bucket{job="app"}');
    expect(buckets.map((bucket) => [bucket.metric.le, Number(bucket.value[1])])).toEqual([
      ['+Inf', STATIC_VALUES.length],
    ]);
    expect(await queryScalar(base, 'nh_temperature_delta_sum{job="app"}')).toBe(
      (await pointOf('nh_temperature_delta')).sum,
    );
  });
});

describe('Pushgateway 1.5.1 receiving a protobuf push, scraped by Prometheus with native histograms', () => {
  it('stores the native histogram, and Prometheus reads its count and sum exactly', async () => {
    const batch = await createProvider({ provider: 'memory', namespace: 'batch' });
    const rows = batch.histogram('row_bytes', { description: 'Row sizes', exponential: true });
    const sizes = [0, 12, 80, 80, 512, 4096, 70_000];
    for (const size of sizes) rows.observe(size);
    const client = new PushgatewayClient({ url: gateway.baseUrl, job: 'import', retries: 0 });
    const snapshot = await batch.registry().snapshot();
    const scale = (snapshot.metrics[0]!.points[0] as HistogramPoint).exponential!.scale;
    await client.push(snapshot);
    await batch.stop();
    const count = await eventually('histogram_count of the pushed batch_row_bytes', () =>
      queryScalar(native.baseUrl, 'histogram_count(batch_row_bytes{job="import"})'),
    );
    expect(count).toBe(sizes.length);
    expect(await queryScalar(native.baseUrl, 'histogram_sum(batch_row_bytes{job="import"})')).toBe(74_780);
    // Rank 3.5 of 7 is the second 80: Prometheus interpolates inside its bucket (L, L * base].
    const median = await queryScalar(
      native.baseUrl,
      'histogram_quantile(0.5, batch_row_bytes{job="import"})',
    );
    expect(Math.abs(median! - 80) / 80).toBeLessThanOrEqual(2 ** (2 ** -Math.min(scale, 8)) - 1);
  });
});
