import { describe, expect, it } from 'vitest';
import { InvalidTagError, MetricTypeConflictError } from '../errors.js';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';

const registry = () => new MemoryRegistry(createMetricStore({ namespace: 'app' }));

describe('counter', () => {
  it('counts inc and add', () => {
    const counter = registry().counter('jobs_total');
    counter.inc();
    counter.add(2.5);
    expect(counter.value()).toBe(3.5);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'rejects add(%d) with a RangeError and records nothing',
    (bad) => {
      const counter = registry().counter('jobs_total');
      counter.add(1);
      expect(() => counter.add(bad)).toThrow(RangeError);
      expect(() => counter.add(bad)).toThrow(/app_jobs_total/);
      expect(counter.value()).toBe(1);
    },
  );

  it('returns one series per tag set whatever the input order or form', () => {
    const counter = registry().counter('requests_total');
    const a = counter.withTags({ method: 'GET', status: '200' });
    const b = counter.withTags({ status: '200', method: 'GET' });
    const c = counter.withTags({ key: 'status', value: '200' }, { key: 'method', value: 'GET' });
    const d = counter.withTags([
      { key: 'method', value: 'GET' },
      { key: 'status', value: '200' },
    ]);
    const e = counter.withTags({ method: 'GET' }).withTags({ status: '200' });
    expect(new Set([a, b, c, d, e]).size).toBe(1);
    a.inc();
    b.inc();
    e.inc();
    expect(d.value()).toBe(3);
    expect(counter.withTags({ method: 'POST', status: '200' })).not.toBe(a);
  });

  it('returns the same series from a cached lookup and from the canonical path', () => {
    const counter = registry().counter('x_total');
    const first = counter.withTags({ b: '1', a: '2' });
    const again = counter.withTags({ b: '1', a: '2' });
    const canonical = counter.withTags({ a: '2', b: '1' });
    expect(again).toBe(first);
    expect(canonical).toBe(first);
  });

  it('treats a non-string tag value as bad input, also after a cached hit for the string', () => {
    const counter = registry().counter('x_total');
    counter.withTags({ code: '200' }).inc();
    expect(() => counter.withTags({ code: 200 as unknown as string })).toThrow(InvalidTagError);
  });

  it('is get-or-create by name, and a name reused with another type is a typed error naming both', () => {
    const reg = registry();
    expect(reg.counter('hits_total')).toBe(reg.counter('hits_total'));
    expect(() => reg.gauge('hits_total')).toThrow(MetricTypeConflictError);
    expect(() => reg.gauge('hits_total')).toThrow(
      /already registered as a counter; it cannot also be a gauge/,
    );
  });

  it('enforces declared labelNames', () => {
    const counter = registry().counter('x_total', { labelNames: ['method'] });
    expect(() => counter.withTags({ methd: 'GET' })).toThrow(/methd/);
    counter.withTags({ method: 'GET' }).inc();
  });

  it('applies tags given at creation and on provider views', () => {
    const reg = registry();
    const viewed = reg.withTags({ service: 'api' });
    viewed.counter('calls_total', { tags: { region: 'eu' } }).inc();
    reg.counter('calls_total').withTags({ region: 'eu', service: 'api' }).inc();
    expect(viewed.counter('calls_total', { tags: { region: 'eu' } }).value()).toBe(2);
  });
});
