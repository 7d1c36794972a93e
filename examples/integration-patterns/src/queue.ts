// Seed 003's MetricsAwareQueue: depth as a callback gauge (always current), items as a counter.
import type { Counter, Provider } from '@meterkit/core';

export class MetricsAwareQueue<Item> {
  private readonly items: Item[] = [];
  private readonly processed: Counter;

  /** queue_depth{queue_name} and queue_items_processed_total{queue_name}. */
  constructor(
    metrics: Provider,
    readonly name: string,
  ) {
    metrics.registry().registerCallback('queue_depth', () => this.items.length, {
      description: 'Items in queue',
      tags: { queue_name: name },
    });
    this.processed = metrics
      .counter('queue_items_processed_total', { description: 'Total items processed from queue' })
      .withTags({ queue_name: name });
  }

  put(item: Item): void {
    this.items.push(item);
  }

  /** The oldest item, or undefined when the queue is empty. */
  get(): Item | undefined {
    if (this.items.length === 0) return undefined;
    this.processed.inc();
    return this.items.shift();
  }

  get depth(): number {
    return this.items.length;
  }
}
