// Seed 003's "Testing Metrics", the meterkit way: give the code under test its own provider (no
// global registry to reset between tests) and read the numbers back, three ways.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, type Provider } from '@meterkit/core';
import { ManualClock, RecordingExporter } from '@meterkit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderService } from './order-service.js';

const paid = async () => {};
const declined = async () => {
  throw new Error('card declined');
};

describe('OrderService metrics', () => {
  let metrics: Provider | undefined;
  afterEach(async () => metrics?.stop());

  it('counts orders by status (read the handles directly)', async () => {
    metrics = await createProvider({ provider: 'memory' });
    const service = new OrderService(metrics, paid);

    await service.place({ id: 'a', amount: 20 });
    await service.place({ id: 'b', amount: 30 });
    await service.place({ id: 'c', amount: -1 });

    // get-or-create returns the very metric the service created: value() is the current total.
    const orders = metrics.counter('orders_total');
    expect(orders.withTags({ status: 'paid' }).value()).toBe(2);
    expect(orders.withTags({ status: 'rejected' }).value()).toBe(1);
    expect(orders.withTags({ status: 'declined' }).value()).toBe(0);
    const amounts = metrics.histogram('order_amount_dollars').snapshot();
    expect(amounts.count).toBe(2);
    expect(amounts.sum).toBe(50);
    expect(amounts.buckets.find((b) => b.upperBound === 50)?.count).toBe(2);
  });

  it('times the payment exactly, failures included (RecordingExporter + ManualClock)', async () => {
    const clock = new ManualClock();
    const recorder = new RecordingExporter();
    metrics = await createProvider({ provider: 'memory', namespace: 'shop', exporters: [recorder], clock });
    // A charge that takes exactly 1.5 s of the manual clock, then fails.
    const slowDecline = async () => {
      clock.advance(1500);
      throw new Error('timeout');
    };
    const service = new OrderService(metrics, slowDecline);

    expect(await service.place({ id: 'a', amount: 20 })).toBe('declined');
    await metrics.stop(); // the final flush hands the snapshot to the recorder

    expect(recorder.valueOf('shop_orders_total', { status: 'declined' })).toBe(1);
    const payment = recorder.last()?.metrics.find((m) => m.name === 'shop_payment_duration');
    expect(payment?.type).toBe('timer');
    expect(payment?.unit).toBe('seconds');
    const point = payment?.points[0];
    expect(point && 'sum' in point ? [point.count, point.sum] : undefined).toEqual([1, 1.5]);
  });

  it('exposes what a Prometheus scrape would see (the handler, end to end)', async () => {
    metrics = await createProvider({ provider: 'prometheus', namespace: 'shop' });
    const service = new OrderService(metrics, declined);
    await service.place({ id: 'a', amount: 20 });

    const exposition = await scrape(metrics);
    expect(exposition).toContain('# TYPE shop_orders_total counter');
    expect(exposition).toContain('shop_orders_total{status="declined"} 1');
    expect(exposition).toContain('shop_payment_duration_seconds_count 1');
  });
});

/** Serves the provider's handler on a free port of 127.0.0.1 for one GET, as Prometheus would. */
async function scrape(metrics: Provider): Promise<string> {
  const server = createServer(metrics.handler());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { accept: 'text/plain' } });
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
