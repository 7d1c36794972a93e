import { createProvider, MetricFilters } from '@meterkit/core';
import { EtsyDaemon, waitFor } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * Before the exporter kit, StatsD rebuilt `namespace.subsystem.name` by splitting any full name that
 * started with `namespace_subsystem_` at that prefix. A runtime metric (never prefixed) whose name
 * happens to start like the namespace (`nodejs_…` under namespace `nodejs`) was split into
 * `nodejs.heap…`, and so was a metric a filter renamed to a name with that start. Now only names core
 * itself prefixed are joined with dots (from `MetricSnapshot.nameParts`); read back from the real
 * Etsy daemon.
 */
describe('regression: StatsD joins only the names core prefixed', () => {
  let daemon: EtsyDaemon;

  beforeAll(async () => {
    daemon = await EtsyDaemon.start();
  });

  afterAll(async () => {
    await daemon?.stop();
    daemon?.dispose();
  });

  it('keeps runtime and renamed metrics as they are, and dots the prefixed one', async () => {
    const errors: Error[] = [];
    const meters = await createProvider({
      provider: 'statsd',
      namespace: 'nodejs',
      enableRuntimeMetrics: true,
      flushInterval: 60_000,
      filters: [MetricFilters.renameMetric('nodejs_jobs_total', 'nodejs_tasks_total')],
      statsd: { address: `127.0.0.1:${daemon.port}`, flavor: 'etsy' },
      onError: (error) => errors.push(error),
    });
    meters.counter('jobs_total').add(2);
    meters.counter('orders_total').add(3);
    // An untagged runtime gauge of the `nodejs_` family, e.g. nodejs_heap_size_total_bytes.
    const runtimeName = (await meters.registry().snapshot()).metrics.find(
      (metric) =>
        metric.type === 'gauge' &&
        metric.name.startsWith('nodejs_') &&
        metric.points.length === 1 &&
        metric.points[0]!.tags.length === 0,
    )?.name;
    expect(runtimeName).toBeDefined();
    await meters.stop();
    const seen = await waitFor('the three names', () => {
      const keys = new Set([...daemon.counterTotals().keys(), ...daemon.lastGauges().keys()]);
      return keys.has('nodejs.orders_total') && keys.has('nodejs_tasks_total') && keys.has(runtimeName!)
        ? keys
        : undefined;
    });
    expect(daemon.counterTotals().get('nodejs.orders_total')).toBe(3);
    expect(daemon.counterTotals().get('nodejs_tasks_total')).toBe(2);
    expect(seen.has(runtimeName!)).toBe(true);
    expect([...seen].some((key) => key.startsWith('nodejs.') && key !== 'nodejs.orders_total')).toBe(false);
    expect(errors).toEqual([]);
  });
});
