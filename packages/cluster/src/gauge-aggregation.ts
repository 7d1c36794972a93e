import { ConfigError } from '@meterkit/core';

/**
 * How the workers' values of one gauge series become one value: `sum` (in-flight requests, heap
 * used), `min` / `max` (the best / worst worker), `average` (over the workers that have the
 * series), or `perWorker`: no merge, one series per worker with the worker tag added.
 */
export type GaugeAggregation = 'sum' | 'min' | 'max' | 'average' | 'perWorker';

/** Every accepted {@link GaugeAggregation}. */
export const GAUGE_AGGREGATIONS: readonly GaugeAggregation[] = ['sum', 'min', 'max', 'average', 'perWorker'];

/**
 * Policies for the gauges of core's runtime and system metrics (prom-client's names), used unless
 * the options name them. Host-wide values (load, host memory) are the same in every worker, so
 * `average` gives that value back; event-loop lag takes the worst worker for the tail and the
 * maximum, the best for the minimum; per-process sizes are summed (the default).
 */
export const RUNTIME_GAUGE_AGGREGATIONS: Readonly<Record<string, GaugeAggregation>> = Object.freeze({
  nodejs_eventloop_lag_min_seconds: 'min',
  nodejs_eventloop_lag_max_seconds: 'max',
  nodejs_eventloop_lag_mean_seconds: 'average',
  nodejs_eventloop_lag_stddev_seconds: 'average',
  nodejs_eventloop_lag_p50_seconds: 'average',
  nodejs_eventloop_lag_p90_seconds: 'max',
  nodejs_eventloop_lag_p99_seconds: 'max',
  nodejs_eventloop_utilization_ratio: 'average',
  process_start_time_seconds: 'min',
  process_max_fds: 'min',
  node_load1: 'average',
  node_load5: 'average',
  node_load15: 'average',
  node_memory_total_bytes: 'average',
  node_memory_free_bytes: 'average',
});

/** The gauge part of the merge options. */
export interface GaugeAggregationOptions {
  /** Policy per full metric name (`namespace_subsystem_name`). */
  readonly gaugeAggregation?: Readonly<Record<string, GaugeAggregation>>;
  /** Policy of every other gauge. Default `'sum'` (as prom-client's aggregator). */
  readonly defaultGaugeAggregation?: GaugeAggregation;
}

function checkPolicy(field: string, value: unknown): void {
  if (!GAUGE_AGGREGATIONS.includes(value as GaugeAggregation)) {
    throw new ConfigError(field, value, `must be one of ${GAUGE_AGGREGATIONS.join(', ')}`);
  }
}

/** Throws a `ConfigError` naming the first unknown policy. */
export function validateGaugeAggregationOptions(options: GaugeAggregationOptions): void {
  if (options.defaultGaugeAggregation !== undefined) {
    checkPolicy('defaultGaugeAggregation', options.defaultGaugeAggregation);
  }
  for (const [name, policy] of Object.entries(options.gaugeAggregation ?? {})) {
    checkPolicy(`gaugeAggregation.${name}`, policy);
  }
}

/** The policy of one gauge: the options' own, else the runtime-metric default, else the default. */
export function gaugeAggregationFor(name: string, options: GaugeAggregationOptions): GaugeAggregation {
  // hasOwn: a metric named like an Object.prototype member (`constructor`) must not find it.
  const own = options.gaugeAggregation;
  if (own !== undefined && Object.hasOwn(own, name)) return own[name]!;
  if (Object.hasOwn(RUNTIME_GAUGE_AGGREGATIONS, name)) return RUNTIME_GAUGE_AGGREGATIONS[name]!;
  return options.defaultGaugeAggregation ?? 'sum';
}
