import { InvalidInstrumentationOptionError } from '../instrumentation-option-error.js';
import type { TagsInput } from '../tags.js';
import type { Counter, Histogram, Provider, Timer } from '../types.js';
import { ERROR, SUCCESS } from './call-instruments.js';

/** Options of {@link trackBatch}. */
export interface BatchOptions {
  /** How many items are processed at once. Default 1 (one after the other, in order). */
  concurrency?: number;
  /** Static tags added to every batch metric, e.g. `{ source: 'csv' }`. */
  tags?: TagsInput;
  /** Upper bounds of the batch size histogram. Default {@link DEFAULT_BATCH_SIZE_BUCKETS}. */
  sizeBuckets?: readonly number[];
  /** Upper bounds of the item and batch duration timers, in seconds. Default: prom-client's. */
  buckets?: readonly number[];
}

/** How a batch went: every item succeeded, some failed, or all failed. An empty batch is a success. */
export type BatchOutcome = 'success' | 'partial' | 'error';

/** What {@link trackBatch} resolves to. */
export interface BatchResult<Result> {
  /** One settled result per item, in the order of the items. */
  readonly results: PromiseSettledResult<Result>[];
  readonly succeeded: number;
  readonly failed: number;
  readonly outcome: BatchOutcome;
}

/** Default batch size buckets (items): 1 to 10 000. */
export const DEFAULT_BATCH_SIZE_BUCKETS: readonly number[] = Object.freeze([
  1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
]);

/**
 * Processes every item, measuring the batch (seed 003's batch pattern): a failing item is counted
 * and the rest still run. Records, under `<name>`:
 * - `<name>_batches_total{outcome="success"|"partial"|"error"}`;
 * - `<name>_batch_size` histogram (items per batch);
 * - `<name>_items_total{outcome="success"|"error"}`;
 * - `<name>_item_duration_seconds` and `<name>_batch_duration_seconds` timers.
 *
 * ```ts
 * const { failed } = await trackBatch(provider, 'user_import', rows, (row) => importUser(row), { concurrency: 4 });
 * ```
 */
export async function trackBatch<Item, Result>(
  provider: Provider,
  name: string,
  items: Iterable<Item>,
  processItem: (item: Item, index: number) => Result | PromiseLike<Result>,
  options: BatchOptions = {},
): Promise<BatchResult<Awaited<Result>>> {
  const concurrency = options.concurrency ?? 1;
  if (!(Number.isInteger(concurrency) && concurrency >= 1) && concurrency !== Number.POSITIVE_INFINITY) {
    throw new InvalidInstrumentationOptionError(
      'trackBatch',
      'concurrency',
      concurrency,
      'must be a positive integer',
    );
  }
  if (typeof processItem !== 'function') {
    throw new InvalidInstrumentationOptionError(
      'trackBatch',
      'processItem',
      processItem,
      'must be a function',
    );
  }
  const metrics = batchMetrics(provider, name, options);
  const list = Array.from(items);
  const results: PromiseSettledResult<Awaited<Result>>[] = new Array(list.length);
  const batchStopwatch = metrics.batchDuration.newStopwatch();
  let succeeded = 0;
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      const itemStopwatch = metrics.itemDuration.newStopwatch();
      try {
        const value = await processItem(list[index] as Item, index);
        results[index] = { status: 'fulfilled', value };
        succeeded++;
        metrics.itemsSucceeded.inc();
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
        metrics.itemsFailed.inc();
      }
      itemStopwatch.stop();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  const failed = list.length - succeeded;
  const outcome: BatchOutcome = failed === 0 ? 'success' : succeeded === 0 ? 'error' : 'partial';
  batchStopwatch.stop();
  metrics.batchSize.observe(list.length);
  metrics.batches.withTags({ outcome }).inc();
  return { results, succeeded, failed, outcome };
}

interface BatchMetrics {
  readonly batches: Counter;
  readonly batchSize: Histogram;
  readonly batchDuration: Timer;
  readonly itemsSucceeded: Counter;
  readonly itemsFailed: Counter;
  readonly itemDuration: Timer;
}

function batchMetrics(provider: Provider, name: string, options: BatchOptions): BatchMetrics {
  const tags = options.tags ?? {};
  const buckets = options.buckets === undefined ? {} : { buckets: options.buckets };
  const items = provider.counter(`${name}_items_total`, {
    description: `Items of ${name} batches, by outcome`,
  });
  return {
    batches: provider
      .counter(`${name}_batches_total`, { description: `${name} batches, by outcome` })
      .withTags(tags),
    batchSize: provider
      .histogram(`${name}_batch_size`, {
        description: `Items per ${name} batch`,
        buckets: options.sizeBuckets ?? DEFAULT_BATCH_SIZE_BUCKETS,
      })
      .withTags(tags),
    batchDuration: provider
      .timer(`${name}_batch_duration_seconds`, { description: `Duration of ${name} batches`, ...buckets })
      .withTags(tags),
    itemsSucceeded: items.withTags(tags, { outcome: SUCCESS }),
    itemsFailed: items.withTags(tags, { outcome: ERROR }),
    itemDuration: provider
      .timer(`${name}_item_duration_seconds`, { description: `Duration of one ${name} item`, ...buckets })
      .withTags(tags),
  };
}
