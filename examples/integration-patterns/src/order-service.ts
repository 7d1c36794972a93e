// The code under test in order-service.test.ts: business logic that records metrics through a
// Provider it is given, so a test can hand it a provider of its own and read the numbers back.
import type { Counter, Histogram, Provider, Timer } from '@meterkit/core';

export interface Order {
  readonly id: string;
  readonly amount: number;
}

/** Charges a card; rejects when the payment provider refuses. */
export type Charge = (order: Order) => Promise<void>;

export class OrderService {
  private readonly orders: Counter;
  private readonly amounts: Histogram;
  private readonly payment: Timer;

  /** orders_total{status}, order_amount_dollars, payment_duration_seconds */
  constructor(
    metrics: Provider,
    private readonly charge: Charge,
  ) {
    this.orders = metrics.counter('orders_total', {
      description: 'Orders by final status',
      labelNames: ['status'],
    });
    this.amounts = metrics.histogram('order_amount_dollars', {
      description: 'Order amounts',
      buckets: [10, 50, 100, 500],
    });
    this.payment = metrics.timer('payment_duration', { description: 'Payment provider calls' });
  }

  /** Places an order: `paid`, `declined` (the charge failed) or `rejected` (invalid, never charged). */
  async place(order: Order): Promise<'paid' | 'declined' | 'rejected'> {
    if (!(order.amount > 0)) {
      this.orders.withTags({ status: 'rejected' }).inc();
      return 'rejected';
    }
    try {
      await this.payment.time(() => this.charge(order));
    } catch {
      this.orders.withTags({ status: 'declined' }).inc();
      return 'declined';
    }
    this.orders.withTags({ status: 'paid' }).inc();
    this.amounts.observe(order.amount);
    return 'paid';
  }
}
