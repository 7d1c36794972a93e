import { OtlpReceiver, type ReceivedRequest } from '@meterkit/test-support';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import * as traceSdk from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { only } from './only-metric.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const nanos = (ms: number) => BigInt(ms) * 1_000_000n;
const metricsOf = (request: ReceivedRequest) => request.scopes.flatMap((scope) => scope.metrics);

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await OtlpReceiver.start();
});
afterAll(async () => {
  await receiver.close();
});

/**
 * The SDK's tracer provider: `BasicTracerProvider` in sdk-trace-base 2.x; the 3.x line renamed the
 * package to `@opentelemetry/sdk-trace` and the class to `TracerProvider` (.ci/otel-node22.sh runs
 * this file against it under the old import name).
 */
const TracerProviderClass: typeof traceSdk.BasicTracerProvider =
  (traceSdk as { BasicTracerProvider?: typeof traceSdk.BasicTracerProvider }).BasicTracerProvider ??
  (traceSdk as unknown as { TracerProvider: typeof traceSdk.BasicTracerProvider }).TracerProvider;

describe.each(['http/protobuf', 'http/json'] as const)('OTLP exemplars over %s', (protocol) => {
  it('carry explicit exemplar tags: trace and span ids as ids, the other tags as filtered attributes', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url, protocol }, { exemplars: true });
    const orders = h.provider.counter('orders_total');
    const latency = h.provider.histogram('latency', { unit: 'seconds', buckets: [0.1, 1] });
    h.clock.advance(500);
    const recordedAt = h.clock.now();
    orders.add(2, { trace_id: TRACE_ID, span_id: SPAN_ID, shop: 'north' });
    latency.observe(0.05, { trace_id: TRACE_ID, span_id: SPAN_ID });
    latency.observe(5, { customer: 'c-17' });
    h.clock.advance(500);
    await h.exportNow();
    await receiver.waitFor(start + 1);
    const request = receiver.requests[start]!;

    const [counterPoint] = only(metricsOf(request), 'orders_total').points;
    expect(counterPoint!.value).toBe(2);
    expect(counterPoint!.exemplars).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        filteredAttributes: { shop: 'north' },
        timeUnixNano: nanos(recordedAt),
        value: 2,
      },
    ]);

    const [histogramPoint] = only(metricsOf(request), 'latency').points;
    expect(histogramPoint!.bucketCounts).toEqual([1, 0, 1]);
    // One exemplar per bucket that has one, lowest bucket first; the +Inf one has no trace.
    expect(histogramPoint!.exemplars).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        filteredAttributes: {},
        timeUnixNano: nanos(recordedAt),
        value: 0.05,
      },
      { filteredAttributes: { customer: 'c-17' }, timeUnixNano: nanos(recordedAt), value: 5 },
    ]);
    expect(h.errors).toEqual([]);
    await h.exporter.shutdown?.();
  });

  it('carry the latest exemplar per exponential bucket on ExponentialHistogram points', async () => {
    const start = receiver.requests.length;
    const h = await createHarness({ collectorUrl: receiver.url, protocol }, { exemplars: true });
    const sizes = h.provider.histogram('payload_size', { unit: 'bytes', exponential: true });
    h.clock.advance(100);
    const first = h.clock.now();
    sizes.observe(3, { trace_id: TRACE_ID, span_id: SPAN_ID });
    h.clock.advance(100);
    const second = h.clock.now();
    // 3 and 1000 fall into different exponential buckets at every scale: two exemplars.
    sizes.observe(1000, { request: 'r-2' });
    h.clock.advance(100);
    await h.exportNow();
    await receiver.waitFor(start + 1);
    const metric = only(metricsOf(receiver.requests[start]!), 'payload_size');
    expect(metric.kind).toBe('exponentialHistogram');
    const [point] = metric.points;
    expect(point!.count).toBe(2);
    expect(point!.exemplars).toEqual([
      { traceId: TRACE_ID, spanId: SPAN_ID, filteredAttributes: {}, timeUnixNano: nanos(first), value: 3 },
      { filteredAttributes: { request: 'r-2' }, timeUnixNano: nanos(second), value: 1000 },
    ]);
    expect(h.errors).toEqual([]);
    await h.exporter.shutdown?.();
  });

  it('send a delta point only the exemplars recorded in its interval', async () => {
    const start = receiver.requests.length;
    const h = await createHarness(
      { collectorUrl: receiver.url, protocol, temporality: 'delta' },
      { exemplars: true },
    );
    const jobs = h.provider.counter('jobs_total');
    h.clock.advance(100);
    jobs.inc({ trace_id: TRACE_ID, span_id: SPAN_ID });
    h.clock.advance(100);
    await h.exportNow();
    h.clock.advance(100);
    jobs.inc(); // no exemplar tags and no active span: the series keeps its older exemplar
    h.clock.advance(100);
    await h.exportNow();
    await receiver.waitFor(start + 2);
    const [first, second] = receiver.requests
      .slice(start)
      .map((r) => only(metricsOf(r), 'jobs_total').points[0]!);
    expect(first!.exemplars?.map((e) => e.traceId)).toEqual([TRACE_ID]);
    expect(second!.value).toBe(1);
    expect(second!.exemplars).toBeUndefined();
    await h.exporter.shutdown?.();
  });

  it('take the trace id of the active span of a real OpenTelemetry tracer', async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    const tracerProvider = new TracerProviderClass();
    trace.setGlobalTracerProvider(tracerProvider);
    try {
      const start = receiver.requests.length;
      const h = await createHarness({ collectorUrl: receiver.url, protocol }, { exemplars: true });
      const requests = h.provider.counter('http_requests_total');
      const duration = h.provider.histogram('http_request_duration', { unit: 'seconds', buckets: [0.5] });
      const tracer = trace.getTracer('exemplar-test');
      const span = await tracer.startActiveSpan('GET /checkout', async (active) => {
        // An await inside the span: the async context carries it to the recording below.
        await new Promise((resolve) => setImmediate(resolve));
        requests.inc();
        duration.observe(0.25);
        active.end();
        return active;
      });
      duration.observe(0.75); // outside any span: no exemplar from it in the +Inf bucket
      await h.exportNow();
      await receiver.waitFor(start + 1);
      const request = receiver.requests[start]!;
      const { traceId, spanId } = span.spanContext();
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      const [counterPoint] = only(metricsOf(request), 'http_requests_total').points;
      expect(counterPoint!.exemplars).toMatchObject([{ traceId, spanId, filteredAttributes: {}, value: 1 }]);
      const [histogramPoint] = only(metricsOf(request), 'http_request_duration').points;
      expect(histogramPoint!.exemplars).toMatchObject([{ traceId, spanId, value: 0.25 }]);
      await h.exporter.shutdown?.();
    } finally {
      trace.disable();
      context.disable();
      await tracerProvider.shutdown();
    }
  });
});
