import { createProvider, type HistogramPoint, type ValuePoint } from '@meterkit/core';
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * Core reads the active span through the global `@opentelemetry/api` registers (no import of its
 * own): this proves it against the real api 1.9, with a context manager registered through the api.
 */

/** A synchronous stack context manager (what AsyncLocalStorageContextManager does, minus async hops). */
class StackContextManager implements ContextManager {
  private stack: Context[] = [];
  active(): Context {
    return this.stack.at(-1) ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.stack = [];
    return this;
  }
}

context.setGlobalContextManager(new StackContextManager());
afterAll(() => context.disable());

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

function inSpan(traceFlags: TraceFlags, fn: () => void): void {
  const span = trace.wrapSpanContext({ traceId: TRACE, spanId: SPAN, traceFlags });
  context.with(trace.setSpan(context.active(), span), fn);
}

describe('exemplars from the active @opentelemetry/api span', () => {
  it('carry trace_id and span_id of a sampled span, and nothing for an unsampled one', async () => {
    const provider = await createProvider({ provider: 'memory', exemplars: true });
    const counter = provider.counter('sampled_total');
    const unsampled = provider.counter('unsampled_total');
    const histogram = provider.histogram('size', { buckets: [10] });
    inSpan(TraceFlags.SAMPLED, () => {
      counter.inc();
      histogram.observe(3);
    });
    inSpan(TraceFlags.NONE, () => unsampled.inc());
    counter.inc(); // outside any span: the exemplar of the sampled call stays
    const metrics = (await provider.registry().snapshot()).metrics;
    const point = (name: string) => metrics.find((m) => m.name === name)!.points[0]!;
    expect((point('sampled_total') as ValuePoint).exemplar?.tags).toEqual({ trace_id: TRACE, span_id: SPAN });
    expect((point('unsampled_total') as ValuePoint).exemplar).toBeUndefined();
    expect((point('size') as HistogramPoint).buckets[0]!.exemplar?.tags.trace_id).toBe(TRACE);
    await provider.stop();
  });
});
