import type * as NodeHttp from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import {
  type BackendProcess,
  EtsyDaemon,
  eventually,
  freePort,
  OtlpReceiver,
  querySamples,
  startPrometheus,
} from '@meterkit/test-support';
import { metrics } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeterProvider } from '../src/index.js';

/*
 * A real OpenTelemetry auto-instrumentation from npm (@opentelemetry/instrumentation-http 0.223.0,
 * stable HTTP semantic conventions) records through the bridge, installed as the global
 * MeterProvider, into one meterkit provider exporting to three real backends at once: Prometheus
 * scrapes it (PromQL), the Etsy StatsD daemon receives its flushes, and the OTLP receiver decodes
 * its exports with OpenTelemetry's own protobuf decoder. The application serves 7 requests
 * answered 200 and 3 answered 404, made by an instrumented client.
 */

const OK = 7;
const MISSING = 3;
/*
 * The bridge passes OpenTelemetry's names and attribute keys through unchanged; each exporter
 * translates them: Prometheus by OpenTelemetry's compatibility rules (unit `s` → `_seconds`),
 * OTLP not at all, the Etsy flavor of StatsD with dots kept in names and a dotted key as one segment.
 */
const SERVER_DURATION = 'http.server.request.duration';

let prometheus: BackendProcess | undefined;
let daemon: EtsyDaemon | undefined;
let receiver: OtlpReceiver | undefined;
let provider: Provider | undefined;
let server: NodeHttp.Server | undefined;
let instrumentation: HttpInstrumentation | undefined;

beforeAll(async () => {
  const appPort = await freePort();
  [prometheus, daemon, receiver] = await Promise.all([
    startPrometheus(
      [
        'global: { scrape_interval: 1s, scrape_timeout: 1s }',
        'scrape_configs:',
        `  - { job_name: bridge, static_configs: [ { targets: ['127.0.0.1:${appPort}'] } ] }`,
      ].join('\n'),
    ),
    EtsyDaemon.start(),
    OtlpReceiver.start(),
  ]);
  provider = await createProvider({
    provider: ['prometheus', 'statsd', 'opentelemetry'],
    statsd: { address: `127.0.0.1:${daemon.port}`, flushPeriod: '200ms' },
    opentelemetry: { collectorUrl: receiver.url, exportInterval: '300ms', protocol: 'http/protobuf' },
  });
  await provider.start();

  // What an application does: the bridge becomes the global MeterProvider, then the
  // instrumentation is created (it takes its meter from the global provider).
  process.env.OTEL_SEMCONV_STABILITY_OPT_IN = 'http';
  metrics.setGlobalMeterProvider(createMeterProvider(provider));
  // Only the application's traffic counts: not Prometheus' scrapes, nor the OTLP receiver (an
  // http server in this process) and the exporter's requests to it.
  instrumentation = new HttpInstrumentation({
    ignoreIncomingRequestHook: (req) => req.url === '/metrics' || req.socket.localPort !== appPort,
    ignoreOutgoingRequestHook: (req) => Number(req.port) !== appPort,
  });
  instrumentation.enable();
  // The instrumentation patches `http` as CommonJS `require` returns it.
  const http = createRequire(import.meta.url)('node:http') as typeof NodeHttp;
  const handler = provider.handler();
  server = http.createServer((req, res) => {
    if (req.url === '/metrics') return handler(req, res);
    res.statusCode = req.url === '/work' ? 200 : 404;
    res.end('done');
  });
  await new Promise<void>((resolve) => server!.listen(appPort, '127.0.0.1', resolve));
  const get = (path: string) =>
    new Promise<void>((resolve, reject) => {
      http
        .get(`http://127.0.0.1:${(server!.address() as AddressInfo).port}${path}`, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  for (let i = 0; i < OK; i++) await get('/work');
  for (let i = 0; i < MISSING; i++) await get('/missing');
});

afterAll(async () => {
  instrumentation?.disable();
  metrics.disable();
  delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await provider?.stop();
  await Promise.all([prometheus?.stop(), daemon?.stop(), receiver?.close()]);
  daemon?.dispose();
});

describe('@opentelemetry/instrumentation-http through the bridge', () => {
  it('reaches a real Prometheus: request counts by status code, in the advised seconds buckets', async () => {
    const query =
      'sum by (http_response_status_code, http_request_method) ' +
      '(http_server_request_duration_seconds_count{job="bridge"})';
    const samples = await eventually(
      'Prometheus to scrape the instrumented requests',
      async () => {
        const found = await querySamples(prometheus!.baseUrl, query);
        return found.length === 2 ? found : undefined;
      },
      60_000,
      500,
    );
    const byStatus = Object.fromEntries(samples.map((s) => [s.labels.http_response_status_code, s.value]));
    expect(byStatus).toEqual({ '200': OK, '404': MISSING });
    expect(samples.every((s) => s.labels.http_request_method === 'GET')).toBe(true);
    // The instrumentation's advice (0.005 … 10 s) became the buckets: every request took < 10 s.
    const tenSeconds = await querySamples(
      prometheus!.baseUrl,
      'sum(http_server_request_duration_seconds_bucket{job="bridge", le="10.0"})',
    );
    expect(tenSeconds[0]?.value).toBe(OK + MISSING);
  });

  it('reaches the OTLP receiver under the instrumentation scope, as histograms in seconds', async () => {
    const metric = await eventually(
      'an OTLP export holding every request',
      () => {
        for (const request of [...receiver!.requests].reverse()) {
          for (const scope of request.scopes) {
            const found = scope.metrics.find((m) => m.name === SERVER_DURATION);
            const total = found?.points.reduce((sum, p) => sum + (p.count ?? 0), 0);
            if (found && total === OK + MISSING) return { scope, metric: found };
          }
        }
        return undefined;
      },
      30_000,
    );
    expect(metric.scope.name).toBe('@opentelemetry/instrumentation-http');
    expect(metric.scope.version).toBe('0.223.0');
    expect(metric.metric).toMatchObject({ kind: 'histogram', unit: 's' });
    const byStatus = Object.fromEntries(
      metric.metric.points.map((p) => [p.attributes['http.response.status_code'], p.count]),
    );
    expect(byStatus).toEqual({ '200': OK, '404': MISSING });
    expect(metric.metric.points[0]?.explicitBounds).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
    ]);
    // The client side was instrumented too: one client duration per request made.
    const client = receiver!.requests
      .flatMap((r) => r.scopes.flatMap((s) => s.metrics))
      .filter((m) => m.name === 'http.client.request.duration')
      .at(-1);
    expect(client?.points.reduce((sum, p) => sum + (p.count ?? 0), 0)).toBe(OK + MISSING);
  });

  it('reaches the Etsy StatsD daemon: one timer sample per request, keyed by status code', async () => {
    const countsByStatus = () => {
      const counts: Record<string, number> = {};
      for (const flush of daemon!.flushes()) {
        for (const [key, count] of Object.entries(flush.timer_counters)) {
          if (!key.startsWith(`${SERVER_DURATION}.`)) continue;
          const status = /\.http_response_status_code\.(\d+)/.exec(key)?.[1] ?? 'none';
          counts[status] = (counts[status] ?? 0) + count;
        }
      }
      return counts;
    };
    const counts = await eventually(
      'the daemon to flush every request',
      () => {
        const c = countsByStatus();
        return (c['200'] ?? 0) + (c['404'] ?? 0) >= OK + MISSING ? c : undefined;
      },
      30_000,
    );
    expect(counts).toEqual({ '200': OK, '404': MISSING });
  });
});
