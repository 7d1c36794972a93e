import { describe, expect, it } from 'vitest';
import { createProvider } from '../provider/create-provider.js';
import { joinedMetricName, ucumUnit } from './metric-names.js';

describe('joinedMetricName', () => {
  it('joins the parts core recorded, never splitting a name at "_"', async () => {
    const metrics = await createProvider({
      provider: 'memory',
      namespace: 'nodejs',
      subsystem: 'api',
      enableRuntimeMetrics: true,
    });
    metrics.counter('http_requests_total').inc();
    const snapshot = await metrics.registry().snapshot();
    await metrics.stop();
    const byName = new Map(snapshot.metrics.map((metric) => [metric.name, metric]));
    expect(joinedMetricName(byName.get('nodejs_api_http_requests_total')!, '.')).toBe(
      'nodejs.api.http_requests_total',
    );
    // A runtime metric is never prefixed, even when its name starts like the namespace.
    const runtime = snapshot.metrics.find(
      (metric) => metric.name.startsWith('nodejs_') && !metric.name.startsWith('nodejs_api_'),
    );
    expect(runtime).toBeDefined();
    expect(joinedMetricName(runtime!, '.')).toBe(runtime!.name);
    expect(joinedMetricName(byName.get('nodejs_api_http_requests_total')!, '_')).toBe(
      'nodejs_api_http_requests_total',
    );
  });

  it('keeps a renamed metric as renamed', async () => {
    const metrics = await createProvider({
      provider: 'memory',
      namespace: 'app',
      filters: [{ rename: (name) => (name === 'app_old_total' ? 'app_new_total' : undefined) }],
    });
    metrics.counter('old_total').inc();
    const [metric] = (await metrics.registry().snapshot()).metrics;
    await metrics.stop();
    expect(metric!.nameParts).toBeUndefined();
    expect(joinedMetricName(metric!, '.')).toBe('app_new_total');
  });
});

describe('ucumUnit', () => {
  it('inverts the Prometheus unit table, preferring OpenTelemetry codes', () => {
    expect(
      ['seconds', 'bytes', 'kilobytes', 'percent', 'ratio', 'celsius', 'widgets', ''].map(ucumUnit),
    ).toEqual(['s', 'By', 'kBy', '%', '1', 'Cel', 'widgets', '']);
  });
});
