import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateMetricError } from '../errors.js';
import { prometheusSampleName } from '../prometheus-compatible-name.js';
import { createMetricStore } from './create-metric-store.js';
import { MemoryRegistry } from './memory-registry.js';

describe('two names with one Prometheus name', () => {
  it('are an error at creation naming both when a translated name is involved', () => {
    const registry = new MemoryRegistry(createMetricStore());
    registry.counter('http_requests');
    expect(() => registry.counter('http.requests')).toThrow(DuplicateMetricError);
    expect(() => registry.counter('http.requests')).toThrow(
      /"http.requests" and "http_requests" both become the Prometheus name "http_requests_total"/,
    );
    registry.gauge('heap.used', { unit: 'By' });
    expect(() => registry.gauge('heap-used', { unit: 'By' })).toThrow(/heap_used_bytes/);
    expect(() => registry.registerCallback('heap used', () => 1, { unit: 'By' })).toThrow(/heap.used/);
  });

  it('include the family and the _bucket, _sum, _count and _total samples, not just the sample name', () => {
    const registry = new MemoryRegistry(createMetricStore());
    registry.histogram('latency', { buckets: [1] });
    expect(() => registry.gauge('latency.bucket')).toThrow(
      /"latency.bucket" and "latency" both become the Prometheus name "latency_bucket"/,
    );
    registry.summary('order.value');
    expect(() => registry.gauge('order.value.count')).toThrow(/"order_value_count"/);
    // A counter's OpenMetrics family drops `_total`: `order_value_count` again.
    expect(() => registry.counter('order_value.count')).toThrow(/"order_value_count"/);
    expect(() => registry.counter('order.value.counted')).not.toThrow();
    registry.counter('jobs.done');
    // OpenMetrics names the counter's family `jobs_done`: a gauge of that name would repeat it.
    expect(() => registry.gauge('jobs_done')).toThrow(/"jobs_done" and "jobs.done"/);
    registry.timer('db.query');
    expect(() => registry.gauge('db.query.seconds.sum')).toThrow(/db_query_seconds_sum/);
  });

  it('keep today behaviour for two classic names, and lapse when the first is unregistered', () => {
    const registry = new MemoryRegistry(createMetricStore());
    registry.counter('jobs');
    expect(() => registry.counter('jobs_total')).not.toThrow();
    registry.gauge('a.b');
    registry.unregister('a.b');
    expect(registry.gauge('a-b')).toBeDefined();
  });

  it('detects every collision a property run finds', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
        fc.array(fc.constantFrom('.', '-', '/', ' ', 'é', '_'), { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
        (head, separators, tail) => {
          const registry = new MemoryRegistry(createMetricStore());
          const dotted = `${head}${separators.join('')}${tail}`;
          const classic = prometheusSampleName(dotted, 'gauge', '');
          registry.gauge(classic);
          if (dotted === classic) return;
          expect(() => registry.gauge(dotted)).toThrow(DuplicateMetricError);
        },
      ),
    );
  });
});
