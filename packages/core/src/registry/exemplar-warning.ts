import { EXEMPLAR_TAGS_LIMIT } from '../metrics/exemplar.js';
import type { MetricStore } from './metric-store.js';

/** Warns once per metric that an exemplar was dropped because its tags exceed the OpenMetrics limit. */
export function reportDroppedExemplar(store: MetricStore, metric: string, length: number): void {
  if (store.exemplarDropReported.has(metric)) return;
  store.exemplarDropReported.add(metric);
  store.onError(
    new Error(
      `Metric "${metric}" dropped an exemplar: its tags are ${length} characters long, ` +
        `over the OpenMetrics limit of ${EXEMPLAR_TAGS_LIMIT}`,
    ),
    'exemplars',
  );
}
