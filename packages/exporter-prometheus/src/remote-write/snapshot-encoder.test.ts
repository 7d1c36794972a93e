import { readFileSync } from 'node:fs';
import { createProvider, type Snapshot } from '@meterkit/core';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { SnapshotEncoder } from './snapshot-encoder.js';

// The independent reader: protobufjs with Prometheus' own prompb schema (test/fixtures/prompb).
const root = protobuf.parse(
  readFileSync(new URL('../../test/fixtures/prompb/remote-write.proto', import.meta.url), 'utf8'),
).root;
const WriteRequest = root.lookupType('prometheus.WriteRequest');

interface DecodedSeries {
  labels: Array<{ name: string; value: string }>;
  samples: Array<{ value: number; timestamp: number }>;
}
interface Decoded {
  timeseries: DecodedSeries[];
  metadata: Array<{ type: string; metricFamilyName: string; help: string; unit: string }>;
}

function decode(body: Uint8Array): Decoded {
  const message = WriteRequest.decode(body);
  return WriteRequest.toObject(message, { longs: Number, enums: String, defaults: true }) as Decoded;
}

function byName(decoded: Decoded): Map<string, DecodedSeries[]> {
  const map = new Map<string, DecodedSeries[]>();
  for (const series of decoded.timeseries) {
    const name = series.labels.find((label) => label.name === '__name__')!.value;
    map.set(name, [...(map.get(name) ?? []), series]);
  }
  return map;
}

const labelsOf = (series: DecodedSeries) => Object.fromEntries(series.labels.map((l) => [l.name, l.value]));

async function sampleSnapshot(): Promise<Snapshot> {
  const provider = await createProvider({ provider: 'memory', namespace: 'shop', tags: { region: 'eu' } });
  provider.counter('orders', { description: 'Orders placed' }).withTags({ Method: 'GET', job: 'own' }).add(3);
  provider.gauge('temperature', { unit: 'celsius', description: 'Oven' }).set(-0);
  const latency = provider.timer('latency', { buckets: [0.1, 1] });
  latency.record(0.05);
  latency.record(0.5);
  const sizes = provider.summary('sizes', { quantiles: [0.5, 0.99] });
  for (let i = 1; i <= 100; i++) sizes.observe(i);
  return provider.registry().snapshot();
}

const labels = [
  { key: 'instance', value: 'pod-7' },
  { key: 'job', value: 'checkout' },
];

describe('SnapshotEncoder', () => {
  it('writes every type with the exposition names, sorted labels and the static labels', async () => {
    const snapshot = await sampleSnapshot();
    const encoder = new SnapshotEncoder({ labels, maxSamplesPerRequest: 10_000, onConflict: () => {} });
    const [request] = encoder.encode(snapshot);
    const decoded = decode(request!.body);
    for (const series of decoded.timeseries) {
      const names = series.labels.map((label) => label.name);
      // Byte order: "Method" (uppercase) sorts before "__name__", which sorts before lowercase names.
      expect(names).toEqual([...names].sort());
      expect(new Set(names).size).toBe(names.length);
      expect(series.samples).toHaveLength(1);
      expect(series.samples[0]!.timestamp).toBe(snapshot.timestamp);
    }
    const series = byName(decoded);
    const orders = series.get('shop_orders_total')!;
    expect(orders).toHaveLength(1);
    // The series' own `job` tag wins over the static label, as Prometheus does with external_labels.
    expect(labelsOf(orders[0]!)).toEqual({
      Method: 'GET',
      __name__: 'shop_orders_total',
      instance: 'pod-7',
      job: 'own',
      region: 'eu',
    });
    expect(orders[0]!.samples[0]!.value).toBe(3);
    const temperature = series.get('shop_temperature')![0]!;
    expect(Object.is(temperature.samples[0]!.value, -0)).toBe(false);
    const buckets = series
      .get('shop_latency_seconds_bucket')!
      .map((s) => [labelsOf(s).le, s.samples[0]!.value]);
    expect(buckets).toEqual([
      ['0.1', 1],
      ['1.0', 2],
      ['+Inf', 2],
    ]);
    expect(series.get('shop_latency_seconds_count')![0]!.samples[0]!.value).toBe(2);
    expect(series.get('shop_latency_seconds_sum')![0]!.samples[0]!.value).toBeCloseTo(0.55, 12);
    const quantiles = series.get('shop_sizes')!.map((s) => labelsOf(s).quantile);
    expect(quantiles).toEqual(['0.5', '0.99']);
    expect(series.get('shop_sizes_count')![0]!.samples[0]!.value).toBe(100);
    expect(series.get('shop_sizes_sum')![0]!.samples[0]!.value).toBe(5050);
    const metadata = Object.fromEntries(decoded.metadata.map((m) => [m.metricFamilyName, m]));
    expect(metadata.shop_orders_total).toMatchObject({ type: 'COUNTER', help: 'Orders placed' });
    expect(metadata.shop_temperature).toMatchObject({ type: 'GAUGE', help: 'Oven' });
    expect(metadata.shop_latency_seconds).toMatchObject({ type: 'HISTOGRAM', unit: 'seconds' });
    expect(metadata.shop_sizes).toMatchObject({ type: 'SUMMARY' });
  });

  it('cuts requests at maxSamplesPerRequest, each with the metadata of its own families', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const gauge = provider.gauge('level');
    for (let i = 0; i < 25; i++) gauge.withTags({ i: String(i) }).set(i);
    provider.counter('done').inc();
    const encoder = new SnapshotEncoder({ labels: [], maxSamplesPerRequest: 10, onConflict: () => {} });
    const requests = encoder.encode(await provider.registry().snapshot());
    expect(requests.map((request) => request.samples)).toEqual([10, 10, 6]);
    const decoded = requests.map((request) => decode(request.body));
    expect(decoded.map((d) => d.timeseries.length)).toEqual([10, 10, 6]);
    expect(decoded[0]!.metadata.map((m) => m.metricFamilyName)).toEqual(['level']);
    expect(decoded[2]!.metadata.map((m) => m.metricFamilyName).sort()).toEqual(['done_total', 'level']);
  });

  it('never sends a series an older or equal timestamp, even when the clock steps back', async () => {
    const snapshot = await sampleSnapshot();
    const encoder = new SnapshotEncoder({ labels: [], maxSamplesPerRequest: 10_000, onConflict: () => {} });
    const stamps = [1_000_000, 999_000, 999_000, 1_000_005].map(
      (timestamp) =>
        decode(encoder.encode({ ...snapshot, timestamp })[0]!.body).timeseries[0]!.samples[0]!.timestamp,
    );
    expect(stamps).toEqual([1_000_000, 1_000_001, 1_000_002, 1_000_005]);
  });

  it('sends a stale marker (NaN 0x7ff0000000000002) for a series that is gone', async () => {
    const provider = await createProvider({ provider: 'memory' });
    const gauge = provider.gauge('queue_depth');
    gauge.withTags({ queue: 'a' }).set(1);
    gauge.withTags({ queue: 'b' }).set(2);
    const encoder = new SnapshotEncoder({ labels: [], maxSamplesPerRequest: 10_000, onConflict: () => {} });
    const first = await provider.registry().snapshot();
    encoder.encode(first);
    // The next collection without series a (what remove(), clear() or expiry leave behind).
    const metrics = first.metrics.map((metric) => ({
      ...metric,
      points: metric.points.filter((point) => point.tags[0]?.value !== 'a'),
    })) as Snapshot['metrics'];
    const [request] = encoder.encode({ timestamp: first.timestamp + 10_000, metrics });
    const decoded = decode(request!.body);
    const stale = decoded.timeseries.find((s) => labelsOf(s).queue === 'a')!;
    expect(Number.isNaN(stale.samples[0]!.value)).toBe(true);
    // The exact bits, read from the wire: protobufjs' number cannot show a NaN's payload.
    const bits = Buffer.from(request!.body);
    expect(bits.includes(Buffer.from('020000000000f07f', 'hex'))).toBe(true);
    expect(decoded.timeseries.find((s) => labelsOf(s).queue === 'b')!.samples[0]!.value).toBe(2);
  });

  it('leaves out a metric whose names collide with an earlier one and reports it', async () => {
    const provider = await createProvider({ provider: 'memory' });
    provider.counter('jobs').inc();
    provider.gauge('jobs_total').set(5);
    const conflicts: Error[] = [];
    const encoder = new SnapshotEncoder({
      labels: [],
      maxSamplesPerRequest: 10_000,
      onConflict: (e) => conflicts.push(e),
    });
    const decoded = decode(encoder.encode(await provider.registry().snapshot())[0]!.body);
    expect(decoded.timeseries).toHaveLength(1);
    expect(conflicts[0]!.message).toContain('jobs_total');
  });
});
