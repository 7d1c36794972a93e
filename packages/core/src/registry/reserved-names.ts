import { DuplicateMetricError, InvalidMetricNameError } from '../errors.js';
import type { MetricStore } from './metric-store.js';

/**
 * The prefix of meterkit's own metric names (`meterkit_cardinality_overflow_total`, the exporters'
 * and the cluster aggregator's self-metrics). An application metric of such a name would be merged
 * with, or replaced by, the built-in one, so the prefix is refused when an application creates a
 * metric. A namespace keeps application names apart anyway: `app_meterkit_x` is allowed.
 */
export const RESERVED_NAME_PREFIX = 'meterkit_';

/**
 * Refuses a full name an application may not create: one under {@link RESERVED_NAME_PREFIX}, or a
 * runtime or system metric meterkit registered itself (`process_cpu_seconds_total`), which the
 * application would otherwise share silently (a histogram) or replace.
 */
export function checkNotReserved(store: MetricStore, fullName: string): void {
  if (fullName.startsWith(RESERVED_NAME_PREFIX)) {
    throw new InvalidMetricNameError(
      fullName,
      `names starting with "${RESERVED_NAME_PREFIX}" are reserved for meterkit's own metrics`,
    );
  }
  if (store.builtInNames.has(fullName)) {
    throw new DuplicateMetricError(
      fullName,
      "by meterkit's runtime or system metrics (enableRuntimeMetrics / enableSystemMetrics); choose another name",
    );
  }
}
