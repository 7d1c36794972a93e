import { type Counter, createProvider, type Provider, type Snapshot } from '@meterkit/core';
import { type ConformanceBackend, runConformance } from '@meterkit/core/testing';
import {
  activeTargets,
  type BackendProcess,
  eventually,
  querySamples,
  queryScalar,
  queryVector,
  startPrometheus,
} from '@meterkit/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OPENMETRICS_CONTENT_TYPE } from '../src/openmetrics-serializer.js';
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '../src/prometheus-serializer.js';
import { createScrapeHandler } from '../src/scrape-handler.js';
import { labelValueArbitrary } from './helpers/label-values.js';
import { toReadSeries } from './helpers/read-series.js';
import { startTarget, type TargetServer } from './helpers/target-server.js';

/*
 * A real Prometheus 2.42 scrapes meterkit every second: one target negotiated as text 0.0.4
 * (openMetrics: false), one as OpenMetrics (Prometheus asks for it first), and swappable targets
 * for the conformance suite and the label-value property test.
 */

// The first scrape comes ~5 s after Prometheus starts (its target-update throttle).
vi.setConfig({ testTimeout: 20_000 });

const TICKS_PER_SECOND = 50;
let prometheus: BackendProcess;
const providers: Provider[] = [];
const targets: Record<string, TargetServer> = {};
let ticker: NodeJS.Timeout | undefined;

const emptySnapshot: Snapshot = { timestamp: 0, metrics: [] };

/** Records the same deterministic data into a provider; the tick counter follows wall time. */
function instrument(provider: Provider, startedAt: number): () => void {
  provider.counter('orders', { description: 'Orders placed' }).withTags({ shop: 'north' }).add(42);
  const latency = provider.timer('latency', {
    description: 'Request latency',
    buckets: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1],
  });
  for (let ms = 1; ms <= 100; ms++) latency.record(ms / 1000);
  const ticks: Counter = provider.counter('ticks', { description: 'Wall-clock ticks' });
  let added = 0;
  return () => {
    const due = Math.floor(((Date.now() - startedAt) / 1000) * TICKS_PER_SECOND);
    if (due > added) {
      ticks.add(due - added);
      added = due;
    }
  };
}

function scrapeConfig(): string {
  const job = (name: string, target: TargetServer) =>
    `  - job_name: ${name}\n    static_configs:\n      - targets: ['${target.hostPort}']\n`;
  return `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n${Object.entries(targets)
    .map(([name, target]) => job(name, target))
    .join('')}`;
}

beforeAll(async () => {
  const startedAt = Date.now();
  // Prometheus scrapes every second here, more often than the default 2 s reuse window allows
  // (rate() would see repeated samples): each scrape collects afresh.
  const textProvider = await createProvider({
    provider: 'prometheus',
    namespace: 'e2e',
    prometheus: { openMetrics: false, minCollectionInterval: 0 },
  });
  const openMetricsProvider = await createProvider({
    provider: 'prometheus',
    namespace: 'e2e',
    prometheus: { minCollectionInterval: 0 },
  });
  providers.push(textProvider, openMetricsProvider);
  const tickers = providers.map((provider) => instrument(provider, startedAt));
  ticker = setInterval(() => {
    for (const tick of tickers) tick();
  }, 20);
  ticker.unref();
  const empty = createScrapeHandler({ collect: async () => emptySnapshot });
  targets.text = await startTarget(textProvider.handler());
  targets.openmetrics = await startTarget(openMetricsProvider.handler());
  targets.conformance_om = await startTarget(empty);
  targets.conformance_text = await startTarget(empty);
  targets.property_om = await startTarget(empty);
  targets.property_text = await startTarget(empty);
  prometheus = await startPrometheus(scrapeConfig(), 'meterkit-prometheus-');
}, 30_000);

afterAll(async () => {
  if (ticker) clearInterval(ticker);
  await prometheus?.stop();
  await Promise.all(Object.values(targets).map((target) => target.close()));
  await Promise.all(providers.map((provider) => provider.stop()));
});

describe.each([
  ['text', PROMETHEUS_TEXT_CONTENT_TYPE],
  ['openmetrics', OPENMETRICS_CONTENT_TYPE],
])('Prometheus 2.42 scraping the %s target', (job, contentType) => {
  it('stores the counter value and the histogram that were recorded', async () => {
    const base = prometheus.baseUrl;
    const orders = await eventually(`e2e_orders_total{job="${job}"}`, () =>
      queryScalar(base, `e2e_orders_total{job="${job}",shop="north"}`),
    );
    expect(orders).toBe(42);
    const p90 = await queryScalar(base, `histogram_quantile(0.9, e2e_latency_seconds_bucket{job="${job}"})`);
    // 100 observations of 1..100 ms in 10 ms buckets: rank 90 ends exactly at the 0.09 bound.
    expect(p90).toBeCloseTo(0.09, 9);
    expect(await queryScalar(base, `e2e_latency_seconds_count{job="${job}"}`)).toBe(100);
    expect(await queryScalar(base, `e2e_latency_seconds_sum{job="${job}"}`)).toBeCloseTo(5.05, 9);
    expect(targets[job]!.served.at(-1)).toBe(contentType);
  });

  it('computes rate() of a counter that grows with wall time', async () => {
    const base = prometheus.baseUrl;
    await eventually('five samples of e2e_ticks_total', async () => {
      const samples = await queryScalar(base, `count_over_time(e2e_ticks_total{job="${job}"}[10s])`);
      return samples !== undefined && samples >= 5 ? samples : undefined;
    });
    const rate = await queryScalar(base, `rate(e2e_ticks_total{job="${job}"}[5s])`);
    expect(rate).toBeGreaterThan(TICKS_PER_SECOND * 0.8);
    expect(rate).toBeLessThan(TICKS_PER_SECOND * 1.2);
  });

  it('shows the target up with an empty lastError', async () => {
    const target = (await activeTargets(prometheus.baseUrl)).find((t) => t.labels.job === job);
    expect(target?.health).toBe('up');
    expect(target?.lastError).toBe('');
  });
});

/** The conformance suite, read back from Prometheus after it scraped the suite's provider. */
function scrapedBackend(job: 'conformance_om' | 'conformance_text'): ConformanceBackend {
  return {
    name: `prometheus 2.42 scrape (${job})`,
    config: () => ({ provider: 'prometheus', prometheus: { openMetrics: job === 'conformance_om' } }),
    async read(provider) {
      targets[job]!.handler = provider.handler();
      const base = prometheus.baseUrl;
      await eventually(`conf_suite series of ${job}`, async () => {
        const found = await queryVector(base, `conf_suite_requests_total{job="${job}"}`);
        return found.length === 2 ? found : undefined;
      });
      const samples = await querySamples(base, `{__name__=~"conf_suite_.+",job="${job}"}`);
      return toReadSeries(samples, await provider.registry().snapshot(), ['job', 'instance']);
    },
  };
}

describe('conformance through a real Prometheus scrape', () => {
  it('passes as OpenMetrics', async () => {
    await runConformance(scrapedBackend('conformance_om'));
    expect(targets.conformance_om!.served).toContain(OPENMETRICS_CONTENT_TYPE);
  });

  it('passes as text 0.0.4', async () => {
    await runConformance(scrapedBackend('conformance_text'));
    expect(targets.conformance_text!.served).toContain(PROMETHEUS_TEXT_CONTENT_TYPE);
  });
});

describe('label values read back through Prometheus (property)', () => {
  it('any tag value survives serialization and a real scrape in both formats', async () => {
    let generation = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(labelValueArbitrary, { minLength: 20, maxLength: 40 }), async (values) => {
        const gen = String(++generation);
        const provider = await createProvider({ provider: 'prometheus' });
        const gauge = provider.gauge('prop_case', { description: 'Property test case' });
        for (const [i, value] of values.entries()) gauge.withTags({ case: String(i), gen, v: value }).set(i);
        const snapshot = await provider.registry().snapshot();
        targets.property_om!.handler = createScrapeHandler({ collect: async () => snapshot });
        targets.property_text!.handler = createScrapeHandler({
          collect: async () => snapshot,
          openMetrics: false,
        });
        for (const job of ['property_om', 'property_text']) {
          const series = await eventually(`generation ${gen} of ${job}`, async () => {
            const found = await queryVector(prometheus.baseUrl, `prop_case{job="${job}",gen="${gen}"}`);
            return found.length === values.length ? found : undefined;
          });
          for (const { metric, value } of series) {
            const index = Number(value[1]);
            expect(metric.case).toBe(String(index));
            // Prometheus treats an empty label value as an absent label.
            expect(metric.v ?? '').toBe(values[index]);
          }
        }
        await provider.stop();
      }),
      { numRuns: 3 },
    );
  }, 30_000);
});
