import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import type { HistogramMetricSnapshot, ValueMetricSnapshot } from '../snapshot.js';
import { RecordingExporter } from '../testing/recording-exporter.js';
import { MetricFilters } from './metric-filters.js';

async function run(
  filters: Parameters<typeof createProvider>[0]['filters'],
  record: (p: Awaited<ReturnType<typeof createProvider>>) => void,
) {
  const recorder = new RecordingExporter();
  const provider = await createProvider({
    provider: 'memory',
    namespace: 'app',
    filters,
    exporters: [recorder],
  });
  record(provider);
  await provider.stop();
  return recorder.last()!;
}

describe('MetricFilters', () => {
  it('deny drops a metric from every backend while its handles keep working', async () => {
    let counter!: ReturnType<Awaited<ReturnType<typeof createProvider>>['counter']>;
    const snapshot = await run([MetricFilters.deny('app_debug_*')], (p) => {
      counter = p.counter('debug_events_total');
      counter.inc();
      p.counter('kept_total').inc();
      p.registry().registerCallback('debug_queue', () => {
        throw new Error('a denied callback must never be called');
      });
    });
    expect(counter.value()).toBe(1);
    expect(snapshot.metrics.map((m) => m.name)).toEqual(['app_kept_total']);
  });

  it('acceptOnly keeps matching metrics, and an earlier accept wins over a later deny', async () => {
    const only = await run([MetricFilters.acceptOnly(/^app_http_/)], (p) => {
      p.counter('http_requests_total').inc();
      p.counter('other_total').inc();
    });
    expect(only.metrics.map((m) => m.name)).toEqual(['app_http_requests_total']);
    const ordered = await run([MetricFilters.accept('app_x_total'), MetricFilters.deny('*')], (p) => {
      p.counter('x_total').inc();
      p.counter('y_total').inc();
    });
    expect(ordered.metrics.map((m) => m.name)).toEqual(['app_x_total']);
  });

  it('renames metrics and tag keys, drops tags and replaces values, merging the series they collapse', async () => {
    const snapshot = await run(
      [
        MetricFilters.renameMetric('app_req_total', 'app_requests_total'),
        MetricFilters.renameTag('code', 'status'),
        MetricFilters.dropTags(['instance_id']),
        MetricFilters.replaceTagValues('status', (v) => `${v[0]}xx`),
      ],
      (p) => {
        const req = p.counter('req_total');
        req.withTags({ code: '200', instance_id: 'a' }).inc();
        req.withTags({ code: '201', instance_id: 'b' }).add(2);
        req.withTags({ code: '503', instance_id: 'c' }).inc();
      },
    );
    const metric = snapshot.metrics[0] as ValueMetricSnapshot;
    expect(metric.name).toBe('app_requests_total');
    expect(metric.points).toEqual([
      { tags: [{ key: 'status', value: '2xx' }], value: 3, startTime: expect.any(Number) },
      { tags: [{ key: 'status', value: '5xx' }], value: 1, startTime: expect.any(Number) },
    ]);
  });

  it('redacts e-mails, UUIDs, long ids and named keys, also in callbacks and info metrics', async () => {
    const snapshot = await run([MetricFilters.redactTagValues({ keys: ['token'] })], (p) => {
      const logins = p.counter('logins_total');
      logins.withTags({ user: 'ada@example.com' }).inc();
      logins.withTags({ user: 'grace@example.org' }).inc();
      logins.withTags({ user: '7f9c2ba4-e88f-4ae0-9c1c-5f3b7c2d1e0a' }).inc();
      logins.withTags({ user: 'guest' }).inc();
      logins.withTags({ user: 'acct-12345678' }).inc();
      p.registry().registerCallback('sessions', () => 2, { tags: { token: 'abc' } });
      p.info('build').set({ owner: 'ops@example.com', version: '1.0' });
    });
    const logins = snapshot.metrics.find((m) => m.name === 'app_logins_total') as ValueMetricSnapshot;
    expect(logins.points).toEqual([
      { tags: [{ key: 'user', value: 'redacted' }], value: 4, startTime: expect.any(Number) },
      { tags: [{ key: 'user', value: 'guest' }], value: 1, startTime: expect.any(Number) },
    ]);
    expect(
      (snapshot.metrics.find((m) => m.name === 'app_sessions') as ValueMetricSnapshot).points[0]!.tags,
    ).toEqual([{ key: 'token', value: 'redacted' }]);
    expect(
      (snapshot.metrics.find((m) => m.name === 'app_build_info') as ValueMetricSnapshot).points[0]!.tags,
    ).toEqual([
      { key: 'owner', value: 'redacted' },
      { key: 'version', value: '1.0' },
    ]);
  });

  it('overrides buckets and adds common tags without overriding a series tag', async () => {
    const snapshot = await run(
      [
        MetricFilters.buckets('app_latency_*', [0.5, 1]),
        MetricFilters.commonTags({ team: 'core', route: 'none' }),
      ],
      (p) => {
        p.histogram('latency_seconds', { buckets: [1, 2, 3] })
          .withTags({ route: '/a' })
          .observe(0.7);
      },
    );
    const metric = snapshot.metrics[0] as HistogramMetricSnapshot;
    const recorded = metric.points.find((p) => p.count > 0)!;
    expect(recorded.buckets.map((b) => b.upperBound)).toEqual([0.5, 1, Number.POSITIVE_INFINITY]);
    expect(recorded.buckets.map((b) => b.count)).toEqual([0, 1, 1]);
    expect(recorded.tags).toEqual([
      { key: 'route', value: '/a' },
      { key: 'team', value: 'core' },
    ]);
  });

  it('rejects filters that are not objects', async () => {
    await expect(createProvider({ provider: 'memory', filters: ['deny' as never] })).rejects.toThrow(
      /filters/,
    );
  });
});
