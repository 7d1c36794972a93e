// Pattern 4 (seed 003's BatchProcessor): process every item, count failures, never abort the batch.
import type { Provider } from '@meterkit/core';
import { trackBatch } from '@meterkit/core/instrument';

export interface UserRow {
  readonly email: string;
}

/**
 * user_import_batches_total{outcome="success"|"partial"|"error"}, user_import_items_total{outcome},
 * user_import_batch_size, user_import_item_duration_seconds, user_import_batch_duration_seconds.
 */
export async function importUsers(
  metrics: Provider,
  rows: readonly UserRow[],
): Promise<{ imported: number; rejected: number }> {
  const { succeeded, failed } = await trackBatch(
    metrics,
    'user_import',
    rows,
    async (row) => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      if (!row.email.includes('@')) throw new TypeError(`invalid e-mail: ${row.email}`);
      return row.email.toLowerCase();
    },
    { concurrency: 4, tags: { source: 'csv' } },
  );
  return { imported: succeeded, rejected: failed };
}
