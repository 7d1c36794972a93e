import {
  createProvider,
  type HistogramMetricSnapshot,
  type Snapshot,
  type ValueMetricSnapshot,
} from '@meterkit/core';
import { describe, expect, it, vi } from 'vitest';
import { serializeProtobufExposition } from '../src/protobuf/protobuf-exposition.js';
import { readWithGoogleProtobuf } from './helpers/client-model-python-reader.js';

/*
 * The bytes of protobuf exemplars read by a reader we did not write: Google's protobuf runtime with
 * client_model's metrics.proto compiled by protoc.
 */

vi.setConfig({ testTimeout: 30_000 });

let snapshot: Snapshot;
/** When core recorded the (only) exemplar of histogram `name`, in milliseconds. */
function recordedAt(name: string): number {
  const metric = snapshot.metrics.find((m) => m.name === name) as HistogramMetricSnapshot;
  const point = metric.points[0]!;
  return (point.buckets.find((b) => b.exemplar !== undefined) ?? point.buckets.at(-1)!).exemplar!.timestamp;
}

describe('protobuf exposition exemplars read by Google protobuf', () => {
  it('reads counter, classic bucket and native histogram exemplars with their timestamps', async () => {
    const registry = await createProvider({ provider: 'memory', exemplars: true });
    registry.counter('jobs_total').add(3, { trace_id: 'c0ffee', span_id: '01' });
    registry.histogram('size', { buckets: [10] }).observe(4, { trace_id: 'beef' });
    registry.histogram('wait', { exponential: true }).observe(0.5, { trace_id: 'f00d' });
    snapshot = await registry.registry().snapshot();
    await registry.stop();
    const families = await readWithGoogleProtobuf(serializeProtobufExposition(snapshot));
    const byName = Object.fromEntries(families.map((family) => [family.name, family])) as Record<
      string,
      // biome-ignore lint/suspicious/noExplicitAny: proto3 JSON read back field by field
      { metric: any[] }
    >;
    // Read back as an RFC 3339 Timestamp, it is the millisecond the exemplar was recorded at.
    const recorded = (snapshot.metrics[0] as ValueMetricSnapshot).points[0]!.exemplar!.timestamp;
    const timestamp = byName.jobs_total!.metric[0].counter.exemplar.timestamp;
    expect(Date.parse(timestamp)).toBe(recorded);
    expect(byName.jobs_total!.metric[0].counter).toEqual({
      value: 3,
      exemplar: {
        label: [
          { name: 'trace_id', value: 'c0ffee' },
          { name: 'span_id', value: '01' },
        ],
        value: 3,
        timestamp,
      },
    });
    const when = (name: string) => expect.toSatisfy((text: string) => Date.parse(text) === recordedAt(name));
    const size = byName.size!.metric[0].histogram;
    expect(size.bucket[0]).toEqual({
      cumulativeCount: '1',
      upperBound: 10,
      exemplar: { label: [{ name: 'trace_id', value: 'beef' }], value: 4, timestamp: when('size') },
    });
    expect(size.exemplars).toBeUndefined();
    const wait = byName.wait!.metric[0].histogram;
    const exemplar = { label: [{ name: 'trace_id', value: 'f00d' }], value: 0.5, timestamp: when('wait') };
    expect(wait.exemplars).toEqual([exemplar]);
    expect(wait.bucket).toEqual([{ cumulativeCount: '1', upperBound: 'Infinity', exemplar }]);
    expect(wait.schema).toBe(8);
  });
});
