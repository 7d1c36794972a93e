import { afterEach, describe, expect, it } from 'vitest';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';
import type { HistogramMetricSnapshot, ValueMetricSnapshot } from '../snapshot.js';
import { ManualClock } from '../testing/manual-clock.js';

const errors: Error[] = [];
const registry = (exemplars?: boolean) =>
  new MemoryRegistry(
    createMetricStore({
      exemplars,
      clock: new ManualClock(1_700_000_000_000),
      onError: (e) => errors.push(e),
    }),
  );

// The global layout `@opentelemetry/api` 1.x registers (the real api is exercised in otel-bridge's test).
const API = Symbol.for('opentelemetry.js.api.1');
const SPAN = Symbol.for('OpenTelemetry Context Key SPAN');
function activeSpan(traceId: string, spanId: string, traceFlags: number): void {
  const span = { spanContext: () => ({ traceId, spanId, traceFlags }) };
  (globalThis as Record<symbol, unknown>)[API] = {
    context: { active: () => ({ getValue: (key: symbol) => (key === SPAN ? span : undefined) }) },
  };
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[API];
  errors.length = 0;
});

const find = async (r: MemoryRegistry, name: string) =>
  (await r.snapshot()).metrics.find((m) => m.name === name);

describe('exemplars', () => {
  it('keep the latest explicit exemplar of a counter series', async () => {
    const r = registry(true);
    const counter = r.counter('jobs_total');
    counter.inc({ trace_id: 'aaa' });
    counter.add(5, { trace_id: 'bbb' });
    const point = ((await find(r, 'jobs_total')) as ValueMetricSnapshot).points[0]!;
    expect(point.value).toBe(6);
    expect(point.exemplar).toEqual({ tags: { trace_id: 'bbb' }, value: 5, timestamp: 1_700_000_000_000 });
  });

  it('take the active sampled span when no tags are given, and ignore unsampled spans', async () => {
    const r = registry(true);
    const counter = r.counter('jobs_total');
    activeSpan('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 0);
    counter.inc();
    expect(((await find(r, 'jobs_total')) as ValueMetricSnapshot).points[0]!.exemplar).toBeUndefined();
    activeSpan('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 1);
    counter.inc();
    expect(((await find(r, 'jobs_total')) as ValueMetricSnapshot).points[0]!.exemplar?.tags).toEqual({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
    });
  });

  it('keep the latest exemplar per histogram bucket, not cumulated', async () => {
    const r = registry();
    const histogram = r.histogram('latency', { buckets: [1, 10], exemplars: true });
    histogram.observe(0.5, { id: 'a' });
    histogram.observe(5, { id: 'b' });
    histogram.observe(7, { id: 'c' });
    const buckets = ((await find(r, 'latency')) as HistogramMetricSnapshot).points[0]!.buckets;
    expect(buckets.map((b) => b.exemplar?.tags.id)).toEqual(['a', 'c', undefined]);
    expect(buckets[1]!.exemplar?.value).toBe(7);
    expect(buckets.map((b) => b.count)).toEqual([1, 3, 3]);
  });

  it('carry timer.record tags and the span of timer.time', async () => {
    const r = registry(true);
    const timer = r.timer('work', { buckets: [1] });
    timer.record(2, { id: 'slow' });
    activeSpan('11111111111111111111111111111111', '2222222222222222', 1);
    timer.time(() => undefined);
    const buckets = ((await find(r, 'work')) as HistogramMetricSnapshot).points[0]!.buckets;
    expect(buckets[0]!.exemplar?.tags.trace_id).toBe('11111111111111111111111111111111');
    expect(buckets[1]!.exemplar?.tags).toEqual({ id: 'slow' });
  });

  it('drop tags over 128 characters with one warning, never a throw', async () => {
    const r = registry(true);
    const counter = r.counter('jobs_total');
    counter.inc({ id: 'x'.repeat(127) });
    counter.inc({ id: 'y'.repeat(200) });
    expect(((await find(r, 'jobs_total')) as ValueMetricSnapshot).points[0]!.value).toBe(2);
    expect(((await find(r, 'jobs_total')) as ValueMetricSnapshot).points[0]!.exemplar).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('jobs_total');
    expect(errors[0]!.message).toContain('128');
  });

  it('are off by default: no exemplar, and the prototype methods run', async () => {
    const r = registry();
    const counter = r.counter('jobs_total');
    counter.inc({ trace_id: 'aaa' } as never);
    expect(((await find(r, 'jobs_total')) as ValueMetricSnapshot).points[0]!).not.toHaveProperty('exemplar');
    expect(Object.hasOwn(counter, 'inc')).toBe(false);
  });

  it('reject a non-boolean exemplars option with the bad value', async () => {
    expect(() => registry().counter('c_total', { exemplars: 'yes' as never })).toThrow(/exemplars.*yes/);
  });
});
