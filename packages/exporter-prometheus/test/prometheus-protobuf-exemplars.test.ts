import { createProvider, type Provider } from '@meterkit/core';
import { type BackendProcess, eventually, startPrometheus } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROMETHEUS_PROTOBUF_CONTENT_TYPE } from '../src/protobuf/protobuf-exposition.js';
import { startTarget, type TargetServer } from './helpers/target-server.js';

/*
 * Exemplars in the protobuf exposition, proven by a real Prometheus 2.42 started with
 * `--enable-feature=exemplar-storage,native-histograms`: with native histograms on it asks for the
 * protobuf format, and `/api/v1/query_exemplars` returns the trace ids the application recorded on a
 * counter, a classic histogram's bucket and a native-only (exponential) histogram.
 */

vi.setConfig({ testTimeout: 40_000 });

const COUNTER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const BUCKET_TRACE = '0af7651916cd43dd8448eb211c80319c';
const NATIVE_TRACE = '5b8efff798038103d269b633813fc60c';

let prometheus: BackendProcess;
let provider: Provider;
let app: TargetServer;

beforeAll(async () => {
  provider = await createProvider({
    provider: 'prometheus',
    namespace: 'pbex',
    exemplars: true,
    prometheus: { minCollectionInterval: 0 },
  });
  provider.counter('orders_total').add(2, { trace_id: COUNTER_TRACE, span_id: '00f067aa0ba902b7' });
  provider
    .timer('checkout', { buckets: [0.1, 1] })
    .record(0.4, { trace_id: BUCKET_TRACE, span_id: 'b7ad6b7169203331' });
  const native = provider.timer('render', { exponential: true });
  native.record(0.003);
  native.record(0.25, { trace_id: NATIVE_TRACE, span_id: '53995c3f42cd8ad8' });
  app = await startTarget(provider.handler());
  prometheus = await startPrometheus(
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: ['${app.hostPort}']\n`,
    'meterkit-protobuf-exemplars-',
    { flags: ['--enable-feature=exemplar-storage,native-histograms'] },
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

describe('Prometheus 2.42 scraping the protobuf exposition with exemplar storage', () => {
  it('scrapes the protobuf format', async () => {
    await eventually('a scrape', async () => (app.served.length > 0 ? true : undefined));
    expect(app.served[0]).toBe(PROMETHEUS_PROTOBUF_CONTENT_TYPE);
  });

  it('stores the trace id recorded on a counter', async () => {
    const [series] = await eventually('counter exemplar', () => exemplarsOf('pbex_orders_total'));
    expect(series!.seriesLabels.__name__).toBe('pbex_orders_total');
    expect(series!.exemplars[0]!.labels).toEqual({ trace_id: COUNTER_TRACE, span_id: '00f067aa0ba902b7' });
    expect(Number(series!.exemplars[0]!.value)).toBe(2);
  });

  it('stores the trace id recorded in the classic bucket the duration fell into', async () => {
    const found = await eventually('bucket exemplar', () => exemplarsOf('pbex_checkout_seconds_bucket'));
    expect(found).toHaveLength(1);
    expect(found[0]!.seriesLabels.le).toBe('1.0');
    expect(found[0]!.exemplars[0]!.labels.trace_id).toBe(BUCKET_TRACE);
    expect(Number(found[0]!.exemplars[0]!.value)).toBe(0.4);
  });

  it('stores the trace id recorded on a native-only histogram', async () => {
    const found = await eventually('native exemplar', () => exemplarsOf('pbex_render_seconds'));
    expect(found[0]!.seriesLabels.__name__).toBe('pbex_render_seconds');
    const traces = found.flatMap((series) => series.exemplars.map((exemplar) => exemplar.labels.trace_id));
    expect(traces).toContain(NATIVE_TRACE);
    const exemplar = found[0]!.exemplars.find((e) => e.labels.trace_id === NATIVE_TRACE)!;
    expect(Number(exemplar.value)).toBe(0.25);
  });
});
