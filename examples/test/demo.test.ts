// The README's first command: `pnpm demo`. Its default (in-memory + the logger's table + /metrics),
// and the same code switched to every other backend by METERKIT_PROVIDER.

import { eventually, queryScalar, startPrometheus } from '@meterkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleProcess, runExample, startExample } from './support/example-process.js';
import { samplesOf, sampleValue, scrape } from './support/exposition.js';
import { startOtlpReceiver, startStatsdReceiver } from './support/receivers.js';

const SCRIPT = 'demo/server.mjs';

describe('pnpm demo', () => {
  let demo: ExampleProcess | undefined;
  afterEach(async () => {
    await demo?.stop();
    demo = undefined;
  });

  it('serves /metrics with errors and slow requests, prints where to look, and a table on stop', async () => {
    demo = await startExample(SCRIPT, { env: { PORT: '0' } });
    expect(demo.stdout()).toContain(`prometheus: scrape ${demo.url}/metrics`);
    expect(demo.stdout()).toContain('logger: a table of every series on stdout every 5s');
    const url = demo.url;
    const exposition = await eventually(
      'some failed and some slow requests',
      async () => {
        const scraped = await scrape(url);
        const errors =
          sampleValue(scraped, 'demo_http_requests_total', { route: '/users/:id', status: '500' }) ?? 0;
        const labels = { method: 'GET', route: '/users/:id', service: 'shop' };
        const fast =
          sampleValue(scraped, 'demo_http_request_duration_seconds_bucket', { ...labels, le: '0.25' }) ?? 0;
        const all = sampleValue(scraped, 'demo_http_request_duration_seconds_count', labels) ?? 0;
        return errors > 0 && all > fast ? scraped : undefined;
      },
      40_000,
      500,
    );
    expect(
      sampleValue(exposition, 'demo_http_requests_total', { route: '/orders', status: '201' }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(exposition, 'demo_http_requests_total', { route: 'unmatched', status: '404' }),
    ).toBeGreaterThan(0);
    expect(exposition.types.get('demo_order_value_dollars')).toBe('summary');
    expect(samplesOf(exposition, 'demo_order_value_dollars', { quantile: '0.99' })).toHaveLength(1);
    expect(sampleValue(exposition, 'demo_build_info', { version: '1.0.0' })).toBe(1);
    expect(await demo.stop()).toBe(0);
    // The final flush on stop prints the table once more.
    const table = demo.stdout().slice(demo.stdout().lastIndexOf('--- meterkit'));
    expect(table).toMatch(/^NAME +TYPE +TAGS +VALUE +CHANGE$/m);
    expect(table).toMatch(
      /^demo_http_requests_total +counter +method=GET,route=\/users\/:id,service=shop,status=500 +\d+/m,
    );
  });

  it('is scraped by a Prometheus 2.42 with native histograms, which answers PromQL on the native series', async () => {
    demo = await startExample(SCRIPT, { env: { PORT: '0', METERKIT_PROVIDER: 'prometheus' } });
    const target = new URL(demo.url).host;
    const prometheus = await startPrometheus(
      `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['${target}']\n`,
      'meterkit-demo-native-',
      { flags: ['--enable-feature=native-histograms'] },
    );
    try {
      const lookups = 'demo_http_request_duration_seconds{job="demo",method="GET",route="/users/:id"}';
      // Enough lookups in the window that every 20th being slow shows in the 0.99 quantile.
      await eventually(
        'over 150 native-histogram lookups in the last minute',
        async () => {
          const count = await queryScalar(prometheus.baseUrl, `histogram_count(increase(${lookups}[1m]))`);
          return count !== undefined && count > 150 ? count : undefined;
        },
        40_000,
        500,
      );
      const quantile = (q: number) =>
        eventually(
          `histogram_quantile(${q}) over rate() of the native series`,
          () => queryScalar(prometheus.baseUrl, `histogram_quantile(${q}, rate(${lookups}[1m]))`),
          40_000,
          500,
        );
      // 19 lookups in 20 take 5-45 ms plus the event loop's delay; every 20th takes 300-700 ms.
      const median = await quantile(0.5);
      expect(median).toBeGreaterThan(0.004);
      expect(median).toBeLessThan(0.15);
      const p99 = await quantile(0.99);
      expect(p99).toBeGreaterThan(0.25);
      expect(p99).toBeLessThan(1);
    } finally {
      await prometheus.stop();
    }
  });

  it('stops by itself after DEMO_DURATION, printing the table', async () => {
    const run = await runExample(SCRIPT, { env: { PORT: '0', DEMO_DURATION: '3s' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^--- meterkit .*: \d+ series/m);
    expect(run.stdout).toMatch(
      /^demo_http_requests_total +counter +method=POST,route=\/orders,service=shop,status=201 +\d+/m,
    );
  });

  it('sends StatsD lines with METERKIT_PROVIDER=statsd, and /metrics explains there is no pull backend', async () => {
    const daemon = await startStatsdReceiver();
    try {
      demo = await startExample(SCRIPT, {
        env: {
          PORT: '0',
          METERKIT_PROVIDER: 'statsd',
          METERKIT_STATSD_ADDRESS: daemon.address,
          METERKIT_FLUSH_INTERVAL: '500ms',
        },
      });
      expect(demo.stdout()).toContain(`statsd: etsy lines to ${daemon.address}`);
      const response = await fetch(`${demo.url}/metrics`);
      expect(response.status).toBe(404);
      // Plain StatsD has no tags: the etsy flavor folds them into the name.
      const expected = [
        /^demo\.http_requests_total\.method\.POST\.route\._orders\.service\.shop\.status\.201:\d+\|c$/,
        /^demo\.http_request_duration\..*:[\d.]+\|ms/,
        /^demo\.http_requests_in_flight\.service\.shop:\d+\|g$/,
      ];
      await eventually('a counter, a timer and a gauge line', async () => {
        const lines = daemon.lines();
        return expected.every((pattern) => lines.some((line) => pattern.test(line))) ? true : undefined;
      });
      expect(await demo.stop()).toBe(0);
    } finally {
      await daemon.close();
    }
  });

  it('exports OTLP with METERKIT_PROVIDER=opentelemetry', async () => {
    const collector = await startOtlpReceiver();
    try {
      const run = await runExample(SCRIPT, {
        env: {
          PORT: '0',
          DEMO_DURATION: '2s',
          METERKIT_PROVIDER: 'opentelemetry',
          METERKIT_OTEL_COLLECTOR_URL: collector.url,
          METERKIT_OTEL_PROTOCOL: 'http/json',
        },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      const requests = collector.metrics().filter((metric) => metric.name === 'demo_http_requests_total');
      expect(requests.length).toBeGreaterThan(0);
      const points = requests.flatMap((metric) => metric.sum?.dataPoints ?? []);
      const created = points.filter((point) =>
        point.attributes.some((a) => a.key === 'status' && a.value.stringValue === '201'),
      );
      expect(created.length).toBeGreaterThan(0);
      expect(created.every((point) => (point.asDouble ?? 0) > 0)).toBe(true);
      const names = new Set(collector.metrics().map((metric) => metric.name));
      expect(names).toContain('demo_http_request_duration');
      expect(names).toContain('demo_order_value_dollars');
    } finally {
      await collector.close();
    }
  });

  it('logs JSON lines with METERKIT_PROVIDER=logger METERKIT_LOGGER_FORMAT=json', async () => {
    const run = await runExample(SCRIPT, {
      env: { PORT: '0', DEMO_DURATION: '2s', METERKIT_PROVIDER: 'logger', METERKIT_LOGGER_FORMAT: 'json' },
    });
    expect(run.code, run.stderr).toBe(0);
    const records = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { metric: string; type: string; count?: number });
    expect(records.find((r) => r.metric === 'demo_http_request_duration')?.type).toBe('timer');
    expect(records.find((r) => r.metric === 'demo_order_value_dollars')?.count).toBeGreaterThan(0);
  });
});
