// Pattern 2 (seed 003's `with track_block(...)` context manager): measure a block of code in place.
import type { Provider } from '@meterkit/core';
import { trackBlock } from '@meterkit/core/instrument';

/** data_processing_total{outcome}, data_processing_duration_seconds around the whole block. */
export async function analyzeResults(metrics: Provider, rows: readonly number[]): Promise<{ max: number }> {
  return trackBlock(metrics, 'data_processing', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 10));
    if (rows.length === 0) throw new Error('empty result set');
    return { max: Math.max(...rows) };
  });
}
