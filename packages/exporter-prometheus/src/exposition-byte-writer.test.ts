import { createProvider, type Snapshot } from '@meterkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeExpositionBytes } from './exposition-byte-writer.js';
import { writeExpositionString } from './exposition-writer.js';
import { openMetricsDialect } from './openmetrics-serializer.js';
import { prometheusTextDialect } from './prometheus-serializer.js';

/*
 * The byte writer must write exactly what the general string writer (exposition-writer.ts, the
 * oracle here) writes for the same snapshot: same lines, same order, same escaping, exemplars and
 * `_created` lines, in both formats and at any chunk size.
 */

const tagValue = fc.oneof(
  fc.constantFrom('GET', 'POST', '/a', '/b', '200', '500', 'x'),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('a\\b', 'say "hi"', 'two\nlines', 'Zürich', '日本', '😀'),
);
// Classic keys take the fast path; dotted ones take the general path (translated and re-sorted).
const tagKey = fc.constantFrom('method', 'route', 'status', 'code', 'http.route', 'a_b');
const tagSet = fc.dictionary(tagKey, tagValue, { maxKeys: 4 });
const operation = fc.record({
  metric: fc.integer({ min: 0, max: 4 }),
  tags: tagSet,
  value: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
  exemplar: fc.boolean(),
});

async function snapshotFrom(
  operations: ReadonlyArray<{
    metric: number;
    tags: Record<string, string>;
    value: number;
    exemplar: boolean;
  }>,
  globalTags: Record<string, string>,
): Promise<Snapshot> {
  const provider = await createProvider({ provider: 'memory', tags: globalTags });
  const counter = provider.counter('jobs_total', { description: 'Jobs "done"\\', exemplars: true });
  const gauge = provider.gauge('queue.depth', { description: 'Depth', unit: 'items' });
  const histogram = provider.histogram('latency_seconds', { buckets: [0.1, 1, 10], exemplars: true });
  const negative = provider.histogram('offset', { buckets: [-1, 0, 1] });
  const plain = provider.counter('plain_total');
  for (const op of operations) {
    const exemplar = op.exemplar ? { trace_id: 'abc', span_id: 'de"f' } : undefined;
    if (op.metric === 0) counter.withTags(op.tags).add(op.value, exemplar);
    else if (op.metric === 1) gauge.withTags(op.tags).set(op.value - 500);
    else if (op.metric === 2) histogram.withTags(op.tags).observe(op.value / 100, exemplar);
    else if (op.metric === 3) negative.withTags(op.tags).observe(op.value / 1000 - 1);
    else plain.withTags(op.tags).inc();
  }
  if (operations.length > 0) counter.remove(operations[0]!.tags);
  return provider.registry().snapshot();
}

function bytesText(...args: Parameters<typeof writeExpositionBytes>): string {
  return Buffer.concat([...writeExpositionBytes(...args)]).toString('utf8');
}

describe('writeExpositionBytes', () => {
  it('writes what the general writer writes, in text 0.0.4 and OpenMetrics, at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { maxLength: 60 }),
        fc.dictionary(fc.constantFrom('env', 'region', 'zone'), fc.constantFrom('prod', 'eu', 'a"b'), {
          maxKeys: 2,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (operations, globalTags, linesPerChunk, createdTimestamps) => {
          const snapshot = await snapshotFrom(operations, globalTags);
          for (const dialect of [prometheusTextDialect, openMetricsDialect]) {
            const options = { linesPerChunk, createdTimestamps };
            expect(bytesText(snapshot, dialect, options)).toBe(
              writeExpositionString(snapshot, dialect, options),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('writes 20,000 series in chunks that are adjacent views of one buffer, as one exposition', async () => {
    const provider = await createProvider({ provider: 'memory', cardinalityLimit: 100_000 });
    const counter = provider.counter('requests_total', { cardinalityLimit: 100_000 });
    for (let i = 0; i < 20_000; i++) counter.withTags({ method: 'GET', route: `/item/${i}` }).add(i);
    const snapshot = await provider.registry().snapshot();
    const chunks = [...writeExpositionBytes(snapshot, prometheusTextDialect, { linesPerChunk: 512 })];
    expect(chunks.length).toBeGreaterThan(30);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toBe(writeExpositionString(snapshot, prometheusTextDialect));
    expect(text.split('\n').filter((line) => line.startsWith('requests_total{')).length).toBe(20_000);
    expect(text).toContain('requests_total{method="GET",route="/item/19999"} 19999\n');
  });
});

describe('writeExpositionBytes into reused memory', () => {
  it('writes over a large Buffer it is given, and ignores anything else passed as reuse', async () => {
    const snapshot = await snapshotFrom(
      Array.from({ length: 50 }, (_, i) => ({
        metric: 0,
        tags: { route: `/r${i}` },
        value: i,
        exemplar: false,
      })),
      {},
    );
    const expected = bytesText(snapshot, prometheusTextDialect);
    const memory = Buffer.alloc(100_000, 0x78);
    const pieces = [...writeExpositionBytes(snapshot, prometheusTextDialect, {}, memory)];
    expect(pieces.every((piece) => piece.buffer === memory.buffer)).toBe(true);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(expected);
    for (const notABuffer of ['x'.repeat(100_000), new Uint8Array(100_000), Buffer.alloc(10)]) {
      const text = Buffer.concat([
        ...writeExpositionBytes(snapshot, prometheusTextDialect, {}, notABuffer as unknown as Buffer),
      ]).toString('utf8');
      expect(text).toBe(expected);
    }
  });
});
