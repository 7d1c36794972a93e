import { CounterFamily } from '../metrics/counter.js';
import type { MetricFamily, Series } from '../metrics/family.js';
import type { CanonicalTags } from '../tags.js';
import type { MetricStore } from './metric-store.js';

/** The self-metric counting tag sets folded into overflow series, tagged with the metric's name. */
export const OVERFLOW_METRIC_NAME = 'meterkit_cardinality_overflow_total';

/**
 * Handles a tag set folded past a family's cardinality limit: warns once per metric through the
 * error handler and counts the fold in {@link OVERFLOW_METRIC_NAME}, so the loss of detail is visible
 * on every backend while every recorded value still lands in the overflow series.
 */
export function reportOverflow(store: MetricStore, family: MetricFamily<Series>, tags: CanonicalTags): void {
  if (!store.overflowReported.has(family.name)) {
    store.overflowReported.add(family.name);
    const example = tags.map((tag) => `${tag.key}="${tag.value}"`).join(',');
    store.onError(
      new Error(
        `Metric "${family.name}" reached its cardinality limit of ${family.descriptor.cardinalityLimit} series; ` +
          `further tag sets (first: {${example}}) are folded into {meterkit_overflow="true"}`,
      ),
      'cardinality',
    );
  }
  overflowCounter(store).withTags({ metric: family.name }).inc();
}

function overflowCounter(store: MetricStore) {
  const existing = store.entries.get(OVERFLOW_METRIC_NAME);
  if (existing?.kind === 'counter') return existing.family.root;
  const family = new CounterFamily({
    name: OVERFLOW_METRIC_NAME,
    description:
      'Tag sets folded into a meterkit_overflow series because a metric reached its cardinality limit',
    unit: '',
    labelNames: undefined,
    clock: store.clock,
    // One series per overflowing metric: bounded by the number of metrics, never folded itself.
    cardinalityLimit: Number.POSITIVE_INFINITY,
    onOverflow: () => {},
  });
  store.entries.set(OVERFLOW_METRIC_NAME, { kind: 'counter', family });
  return family.root;
}
