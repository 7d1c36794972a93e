// Seed 003: the integration patterns, compiled from TypeScript by `pnpm build`, running as a service.
// (How to test metrics in unit tests is shown in integration-patterns/src/order-service.test.ts.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@meterkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, type ExampleProcess, runExample, startExample } from './support/example-process.js';
import { type Exposition, samplesOf, sampleValue, scrape } from './support/exposition.js';

const SCRIPT = 'integration-patterns/dist/main.js';

describe('integration patterns example (seed 003)', () => {
  let example: ExampleProcess;
  let exposition: Exposition;
  const value = (name: string, labels: Record<string, string> = {}) =>
    sampleValue(exposition, `shop_${name}`, labels);

  beforeAll(async () => {
    if (!existsSync(join(EXAMPLES_DIR, SCRIPT))) {
      throw new Error(`${SCRIPT} is missing: run \`pnpm build\` (it compiles the TypeScript example)`);
    }
    example = await startExample(SCRIPT, { env: { PORT: '0' } });
    // Wait until every pattern has run at least once, two imports included.
    exposition = await eventually(
      'every pattern to have run',
      async () => {
        const scraped = await scrape(example.url);
        const batches = samplesOf(scraped, 'shop_user_import_batches_total').reduce((n, s) => n + s.value, 0);
        const ready =
          batches >= 2 &&
          (sampleValue(scraped, 'shop_queue_items_processed_total', { queue_name: 'emails' }) ?? 0) > 0 &&
          (sampleValue(scraped, 'shop_report_build_total', { outcome: 'success' }) ?? 0) > 0 &&
          // The outbox update runs 20 ms after the worker takes an e-mail: wait for it too.
          (sampleValue(scraped, 'shop_db_query_duration_seconds_count', { query_type: 'select_user' }) ?? 0) >
            0 &&
          (sampleValue(scraped, 'shop_db_query_duration_seconds_count', { query_type: 'update_outbox' }) ??
            0) > 0;
        return ready ? scraped : undefined;
      },
      30_000,
    );
  });
  afterAll(async () => {
    expect(await example?.stop()).toBe(0);
  });

  it('wrapper and decorator: calls by outcome, and every call timed', () => {
    const built =
      (value('report_build_total', { outcome: 'success' }) as number) +
      (value('report_build_total', { outcome: 'error' }) as number);
    expect(built).toBeGreaterThan(0);
    expect(Math.abs((value('report_build_duration_seconds_count') as number) - built)).toBeLessThanOrEqual(2);
    expect(value('process_data_total', { outcome: 'success', stage: 'ingest' })).toBeGreaterThan(0);
    expect(value('process_data_total', { outcome: 'error', stage: 'ingest' })).toBe(0);
  });

  it('block: the whole block counted and timed', () => {
    const blocks = value('data_processing_total', { outcome: 'success' }) as number;
    expect(blocks).toBeGreaterThan(0);
    expect(value('data_processing_duration_seconds_count')).toBeGreaterThanOrEqual(blocks);
  });

  it('middleware: express route templates, never raw paths', () => {
    const routes = new Set(samplesOf(exposition, 'shop_http_requests_total').map((s) => s.labels.route));
    expect(routes).toContain('/users/:id');
    expect(routes).toContain('/reports/:day');
    expect(routes).toContain('unmatched');
    expect([...routes].filter((route) => /\d/.test(route ?? ''))).toEqual([]);
  });

  it('batch: 17 of every 20 rows imported, each batch partial, every item counted', () => {
    const partial = value('user_import_batches_total', { outcome: 'partial' }) as number;
    expect(partial).toBeGreaterThanOrEqual(2);
    expect(value('user_import_items_total', { outcome: 'success', source: 'csv' })).toBe(17 * partial);
    expect(value('user_import_items_total', { outcome: 'error', source: 'csv' })).toBe(3 * partial);
    expect(value('user_import_batch_size_sum', { source: 'csv' })).toBe(20 * partial);
    expect(value('user_import_item_duration_seconds_count', { source: 'csv' })).toBe(20 * partial);
  });

  it('health check, resources and queue: gauges read when scraped', () => {
    expect([0, 1]).toContain(value('service_health_status', { service_name: 'database' }));
    expect(value('memory_usage_bytes', { type: 'rss' })).toBeGreaterThan(1_000_000);
    expect(value('memory_usage_bytes', { type: 'heap_used' })).toBeGreaterThan(0);
    const utilization = value('event_loop_utilization_ratio') as number;
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThanOrEqual(1);
    expect(exposition.types.get('shop_queue_depth')).toBe('gauge');
    expect(value('queue_depth', { queue_name: 'emails' })).toBeGreaterThanOrEqual(0);
    expect(value('queue_items_processed_total', { queue_name: 'emails' })).toBeGreaterThan(0);
  });

  it('database: durations by query type, errors by query and error class', () => {
    expect(value('db_query_duration_seconds_count', { query_type: 'select_user' })).toBeGreaterThan(0);
    expect(value('db_query_duration_seconds_count', { query_type: 'update_outbox' })).toBeGreaterThan(0);
    const errorTypes = new Set(
      samplesOf(exposition, 'shop_db_query_errors_total').map((s) => s.labels.error_type),
    );
    expect([...errorTypes].filter((type) => type !== 'LockTimeoutError')).toEqual([]);
  });

  it('stops by itself after EXAMPLE_DURATION', async () => {
    const run = await runExample(SCRIPT, { env: { PORT: '0', EXAMPLE_DURATION: '1s' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('metrics: http://127.0.0.1:');
  });
});
