import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import { type DashboardHandler, type DashboardOptions, dashboardHandler } from '../../src/index.js';

/** A provider served by the dashboard handler on 127.0.0.1, on a free port. */
export interface TestApp {
  readonly url: string;
  readonly provider: Provider;
  readonly handler: DashboardHandler;
  close(): Promise<void>;
}

/** Serves `provider` through `dashboardHandler` on a plain node:http server. */
export async function serveDashboard(provider: Provider, options?: DashboardOptions): Promise<TestApp> {
  const handler = dashboardHandler(provider, { scrapeAuth: false, ...options });
  const server: Server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    provider,
    handler,
    close: async () => {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Counts per second of the counter that grows linearly with time. */
export const LINEAR_RATE = 40;

/**
 * A memory provider with every kind of metric, fed by timers: a counter that grows by exactly
 * LINEAR_RATE per second of wall-clock time (so its rate between any two snapshots is known), a
 * gauge, a histogram and a timer whose slow share changes, and a summary.
 */
export async function everyKindProvider(): Promise<{ provider: Provider; stop(): void }> {
  const provider = await createProvider({ provider: 'memory', namespace: 'app' });
  const linear = provider.counter('linear_total', { description: 'Grows by 40 per second' });
  const requests = provider.counter('requests_total', { description: 'Requests by route' });
  const queue = provider.gauge('queue_depth', { description: 'Jobs waiting' });
  const latency = provider.timer('request_duration', { description: 'Request latency' });
  const sizes = provider.histogram('payload_bytes', { buckets: [100, 1000, 10_000, 100_000], unit: 'bytes' });
  const orders = provider.summary('order_value', { quantiles: [0.5, 0.9, 0.99] });
  provider.info('build', { description: 'Build information' }).set({ version: '1.2.3' });
  const start = Date.now();
  let counted = 0;
  let tick = 0;
  // Every 10 ms: when the event loop lags, the missed time is added at once, so at every instant
  // the counter is 40 × (seconds since start) to within one tick.
  const timer = setInterval(() => {
    const due = ((Date.now() - start) / 1000) * LINEAR_RATE;
    linear.add(due - counted);
    counted = due;
    tick++;
    for (const route of ['/users', '/orders']) {
      requests.withTags({ route, status: tick % 17 === 0 ? '500' : '200' }).inc();
      latency
        .withTags({ route })
        .record(tick % 25 === 0 ? 0.4 + Math.random() * 0.3 : 0.01 + Math.random() * 0.04);
    }
    queue.set(20 + 10 * Math.sin(tick / 50));
    sizes.observe(50 + Math.random() * 20_000);
    if (tick % 5 === 0) orders.observe(5 + Math.random() * 200);
  }, 10);
  timer.unref();
  return { provider, stop: () => clearInterval(timer) };
}
