import { OtlpReceiver, type ReceivedPoint } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { only } from './only-metric.js';

const DELTA = 1;
const CUMULATIVE = 2;
const nanos = (ms: number) => BigInt(ms) * 1_000_000n;
const EMPTY = { offset: 0, bucketCounts: [] };

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

/** The exponential fields of a received point; an absent span is an empty one (proto3 defaults). */
function exponentialOf(point: ReceivedPoint) {
  return {
    scale: point.scale ?? 0,
    zeroCount: point.zeroCount ?? 0,
    positive: point.positive ?? EMPTY,
    negative: point.negative ?? EMPTY,
  };
}

// Base 2 from the start (maxScale 0) and at most 4 buckets per sign, so the values below land in
// buckets worked out by hand: (1, 2] is bucket 0, (2, 4] bucket 1, (64, 128] bucket 6; at scale -1
// (base 4) (1, 4] is bucket 0 and (64, 256] bucket 3.
async function scenario(protocol: 'http/json' | 'http/protobuf', temporality: 'cumulative' | 'delta') {
  const start = receiver.requests.length;
  const h = await createHarness(
    { collectorUrl: receiver.url, protocol, temporality },
    { histograms: { exponential: true } },
  );
  const t0 = h.clock.now();
  const latency = h.provider.histogram('latency', {
    unit: 'seconds',
    exponential: { maxScale: 0, maxBuckets: 4 },
    buckets: [1, 10],
  });
  const route = latency.withTags({ route: '/a' });
  for (const v of [1.5, 3, 0, -1.5]) route.observe(v);
  h.provider.timer('job').record(0.75); // exponential through Config.histograms
  h.clock.advance(1000);
  await h.exportNow();
  route.observe(100); // needs buckets 0..6 at scale 0: the histogram drops to scale -1
  h.clock.advance(1000);
  await h.exportNow();
  await h.exporter.shutdown();
  expect(h.errors).toEqual([]);
  expect(receiver.requests.length).toBe(start + 2);
  const sent = receiver.requests.slice(start).map((r) => r.scopes[0]!.metrics);
  return { t0, sent };
}

describe.each(['http/json', 'http/protobuf'] as const)('exponential histograms over OTLP %s', (protocol) => {
  it('sends cumulative ExponentialHistogram points (buckets given too: exponential wins)', async () => {
    const { t0, sent } = await scenario(protocol, 'cumulative');
    const first = only(sent[0]!, 'latency');
    expect(first).toMatchObject({ kind: 'exponentialHistogram', unit: 's', temporality: CUMULATIVE });
    const p1 = first.points[0]!;
    expect(p1).toMatchObject({ attributes: { route: '/a' }, count: 4, sum: 3, min: -1.5, max: 3 });
    expect(p1.startTimeUnixNano).toBe(nanos(t0));
    expect(p1.explicitBounds).toBeUndefined();
    expect(exponentialOf(p1)).toEqual({
      scale: 0,
      zeroCount: 1,
      positive: { offset: 0, bucketCounts: [1, 1] },
      negative: { offset: 0, bucketCounts: [1] },
    });
    const p2 = only(sent[1]!, 'latency').points[0]!;
    expect(p2).toMatchObject({ count: 5, sum: 103, min: -1.5, max: 100 });
    expect(p2.startTimeUnixNano).toBe(nanos(t0));
    expect(exponentialOf(p2)).toEqual({
      scale: -1,
      zeroCount: 1,
      positive: { offset: 0, bucketCounts: [2, 0, 0, 1] },
      negative: { offset: 0, bucketCounts: [1] },
    });
    // The timer: 0.75 at the default maxScale 20 is one bucket; its index is (2^20 * log2 0.75) rounded down.
    const job = only(sent[0]!, 'job');
    expect(job.kind).toBe('exponentialHistogram');
    expect(exponentialOf(job.points[0]!)).toEqual({
      scale: 20,
      zeroCount: 0,
      positive: { offset: Math.floor(Math.log2(0.75) * 2 ** 20), bucketCounts: [1] },
      negative: EMPTY,
    });
  });

  it('sends delta points: the later one holds only the new observation, at the lowered scale', async () => {
    const { t0, sent } = await scenario(protocol, 'delta');
    const first = only(sent[0]!, 'latency');
    expect(first.temporality).toBe(DELTA);
    expect(first.points[0]).toMatchObject({ count: 4, sum: 3, min: -1.5, max: 3 });
    const second = only(sent[1]!, 'latency').points[0]!;
    expect(second).toMatchObject({ count: 1, sum: 100 });
    expect(second.min).toBeUndefined();
    expect(second.startTimeUnixNano).toBe(nanos(t0 + 1000));
    expect(second.timeUnixNano).toBe(nanos(t0 + 2000));
    expect(exponentialOf(second)).toEqual({
      scale: -1,
      zeroCount: 0,
      positive: { offset: 3, bucketCounts: [1] },
      negative: EMPTY,
    });
    expect(only(sent[1]!, 'job').points[0]).toMatchObject({ count: 0, sum: 0 });
  });
});
