import { describe, expect, it } from 'vitest';
import { createMetricStore } from '../registry/create-metric-store.js';
import { MemoryRegistry } from '../registry/memory-registry.js';

describe('gauge', () => {
  it('sets, increments, decrements, adds and subtracts', () => {
    const gauge = new MemoryRegistry(createMetricStore()).gauge('in_flight');
    gauge.set(10);
    gauge.inc();
    gauge.dec();
    gauge.dec();
    gauge.add(0.5);
    gauge.sub(3);
    expect(gauge.value()).toBe(6.5);
  });

  it('accepts any number, NaN and infinities included, as Prometheus does', () => {
    const gauge = new MemoryRegistry(createMetricStore()).gauge('g');
    gauge.set(Number.NaN);
    expect(gauge.value()).toBeNaN();
    gauge.set(Number.NEGATIVE_INFINITY);
    expect(gauge.value()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('keeps tagged series apart', () => {
    const gauge = new MemoryRegistry(createMetricStore()).gauge('temperature');
    gauge.withTags({ room: 'a' }).set(1);
    gauge.withTags({ room: 'b' }).set(2);
    expect(gauge.withTags({ room: 'a' }).value()).toBe(1);
    expect(gauge.withTags({ room: 'b' }).value()).toBe(2);
  });
});
