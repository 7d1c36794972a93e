import { OtlpReceiver, type ReceivedPoint } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

/*
 * Issue 16 on OTLP, read back by the receiver (OpenTelemetry's own generated decoder): cumulative
 * points carry their series' own start time, a re-created series starts a new cumulative stream,
 * a removed series is no longer sent, and delta temporality starts a re-created series from zero
 * even when its new total exceeds the old one.
 */

const nanos = (ms: number) => BigInt(ms) * 1_000_000n;

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

/** Points of `name` in the last request received, by their `queue` attribute. */
function lastPoints(name: string): Map<string, ReceivedPoint> {
  const request = receiver.requests[receiver.requests.length - 1]!;
  const metric = request.scopes.flatMap((s) => s.metrics).find((m) => m.name === name);
  return new Map((metric?.points ?? []).map((p) => [String(p.attributes.queue), p]));
}

describe.each(['http/json', 'http/protobuf'] as const)('series lifecycle over OTLP %s', (protocol) => {
  it('cumulative: per-series start times, a removed series stops, a re-created one starts a new stream', async () => {
    const h = await createHarness({ collectorUrl: receiver.url, protocol });
    const t0 = h.clock.now();
    const jobs = h.provider.counter('jobs_total');
    const sizes = h.provider.histogram('job_size', { buckets: [10] });
    jobs.withTags({ queue: 'early' }).add(5);
    sizes.withTags({ queue: 'early' }).observe(3);
    h.clock.advance(1_000);
    const late = jobs.withTags({ queue: 'late' });
    late.add(2);
    h.clock.advance(1_000);
    await h.exportNow();
    let points = lastPoints('jobs_total');
    expect(points.get('early')!.startTimeUnixNano).toBe(nanos(t0));
    expect(points.get('late')!.startTimeUnixNano).toBe(nanos(t0 + 1_000));
    expect(lastPoints('job_size').get('early')!.startTimeUnixNano).toBe(nanos(t0));

    jobs.remove({ queue: 'late' });
    sizes.clear();
    h.clock.advance(1_000);
    await h.exportNow();
    points = lastPoints('jobs_total');
    expect([...points.keys()]).toEqual(['early']);
    expect(lastPoints('job_size').size).toBe(0);

    // The held handle records again: a new stream from zero, starting now.
    h.clock.advance(1_000);
    late.add(1);
    h.clock.advance(1_000);
    await h.exportNow();
    points = lastPoints('jobs_total');
    expect(points.get('late')!.value).toBe(1);
    expect(points.get('late')!.startTimeUnixNano).toBe(nanos(t0 + 4_000));
    expect(points.get('early')!.value).toBe(5);
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
  });

  it('delta: a series re-created between exports reports its new total, not the difference', async () => {
    const h = await createHarness({ collectorUrl: receiver.url, protocol, temporality: 'delta' });
    const t0 = h.clock.now();
    const jobs = h.provider.counter('jobs_total');
    const held = jobs.withTags({ queue: 'q' });
    held.add(5);
    h.clock.advance(1_000);
    await h.exportNow();
    expect(lastPoints('jobs_total').get('q')!.value).toBe(5);

    jobs.remove({ queue: 'q' });
    h.clock.advance(1_000);
    held.add(8); // above the old total: only the start time tells a new series
    h.clock.advance(1_000);
    await h.exportNow();
    const point = lastPoints('jobs_total').get('q')!;
    expect(point.value).toBe(8);
    expect(point.startTimeUnixNano).toBe(nanos(t0 + 2_000));

    held.add(1);
    h.clock.advance(1_000);
    await h.exportNow();
    const next = lastPoints('jobs_total').get('q')!;
    expect(next.value).toBe(1);
    expect(next.startTimeUnixNano).toBe(nanos(t0 + 3_000));
    await h.exporter.shutdown();
    expect(h.errors).toEqual([]);
  });
});
