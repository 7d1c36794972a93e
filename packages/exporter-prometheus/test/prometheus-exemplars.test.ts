import { createProvider, type Provider } from '@meterkit/core';
import { type BackendProcess, eventually, startPrometheus } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTarget, type TargetServer } from './helpers/target-server.js';

/*
 * Exemplars proven by a real Prometheus 2.42 started with `--enable-feature=exemplar-storage`: it
 * scrapes OpenMetrics, stores the exemplars, and `/api/v1/query_exemplars` returns the trace ids the
 * application recorded on a counter and on a histogram bucket.
 */

vi.setConfig({ testTimeout: 40_000 });

const COUNTER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const BUCKET_TRACE = '0af7651916cd43dd8448eb211c80319c';

let prometheus: BackendProcess;
let provider: Provider;
let app: TargetServer;

beforeAll(async () => {
  provider = await createProvider({
    provider: 'prometheus',
    namespace: 'ex',
    exemplars: true,
    prometheus: { minCollectionInterval: 0 },
  });
  provider.counter('orders_total').add(2, { trace_id: COUNTER_TRACE, span_id: '00f067aa0ba902b7' });
  provider
    .timer('checkout', { buckets: [0.1, 1] })
    .record(0.4, { trace_id: BUCKET_TRACE, span_id: 'b7ad6b7169203331' });
  app = await startTarget(provider.handler());
  prometheus = await startPrometheus(
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['${app.hostPort}']\n`,
    'meterkit-exemplars-',
    { flags: ['--enable-feature=exemplar-storage'] },
  );
}, 40_000);

afterAll(async () => {
  await prometheus?.stop();
  await app?.close();
  await provider?.stop();
});

interface ExemplarResult {
  seriesLabels: Record<string, string>;
  exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }>;
}

async function exemplarsOf(query: string): Promise<ExemplarResult[] | undefined> {
  const url = new URL('/api/v1/query_exemplars', prometheus.baseUrl);
  url.searchParams.set('query', query);
  url.searchParams.set('start', String(Date.now() / 1000 - 600));
  url.searchParams.set('end', String(Date.now() / 1000 + 60));
  const body = (await (await fetch(url)).json()) as { data: ExemplarResult[] };
  return body.data.length > 0 ? body.data : undefined;
}

describe('Prometheus 2.42 with exemplar storage', () => {
  it('stores the trace id recorded on a counter', async () => {
    const [series] = await eventually('counter exemplar', () => exemplarsOf('ex_orders_total'));
    expect(series!.seriesLabels.__name__).toBe('ex_orders_total');
    expect(series!.exemplars[0]!.labels).toEqual({ trace_id: COUNTER_TRACE, span_id: '00f067aa0ba902b7' });
    expect(Number(series!.exemplars[0]!.value)).toBe(2);
  });

  it('stores the trace id recorded in the bucket the duration fell into', async () => {
    const found = await eventually('bucket exemplar', () => exemplarsOf('ex_checkout_seconds_bucket'));
    expect(found).toHaveLength(1);
    expect(found[0]!.seriesLabels.le).toBe('1.0');
    expect(found[0]!.exemplars[0]!.labels.trace_id).toBe(BUCKET_TRACE);
    expect(Number(found[0]!.exemplars[0]!.value)).toBe(0.4);
  });
});
