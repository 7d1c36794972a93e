import type { EtsyFlush, EtsyHistogramBins } from '@meterkit/test-support';
import { type AppNaming, CLASSIC } from './app-names.js';
import { emptyRecorded } from './recorded-readers.js';
import { PAYLOAD_BOUNDS, type Recorded, SUMMARY_QUANTILES, TIMER_BOUNDS } from './traffic.js';

/**
 * The fixture app as the Etsy daemon aggregated it. The exporter's default `etsy` flavor folds tags
 * into the key (`e2e.work_requests.run.statsd.status.200`); timers travel in milliseconds;
 * histograms and summaries are sent as `|ms` samples; the daemon resets counters and timers at each
 * of its flushes, so totals are summed over flushes.
 */

/** Bins for the daemon, in the units it receives: timer milliseconds, histogram bytes. */
export const ETSY_BINS: readonly EtsyHistogramBins[] = [
  { metric: 'work_duration', bins: [...TIMER_BOUNDS.map((s) => s * 1000), 'inf'] },
  { metric: 'payload_bytes', bins: [...PAYLOAD_BOUNDS, 'inf'] },
  // The semantic-convention naming (E2E_NAMING=semconv): the daemon matches a substring of the key.
  { metric: 'http.server.request.duration', bins: [...TIMER_BOUNDS.map((s) => s * 1000), 'inf'] },
  { metric: 'work.payload.size', bins: [...PAYLOAD_BOUNDS, 'inf'] },
];

interface TimerTotals {
  count: number;
  sum: number;
  values: number[];
  /** Non-cumulative bin counts (`value < bin`), summed over flushes. */
  bins: Record<string, number>;
}

function timerTotals(flushes: readonly EtsyFlush[], key: string): TimerTotals {
  const totals: TimerTotals = { count: 0, sum: 0, values: [], bins: {} };
  for (const flush of flushes) {
    const data = flush.timer_data[key];
    if (data === undefined || (flush.timers[key]?.length ?? 0) === 0) continue;
    totals.count += flush.timer_counters[key] ?? 0;
    totals.sum += data.sum;
    totals.values.push(...flush.timers[key]!);
    for (const [bin, count] of Object.entries(data.histogram ?? {})) {
      totals.bins[bin] = (totals.bins[bin] ?? 0) + count;
    }
  }
  return totals;
}

/** Etsy's bins count `value < bin` per bin; `Recorded` keeps cumulative counts per bound. */
function cumulativeBins(bins: Record<string, number>, bounds: readonly number[], scale: number): number[] {
  let running = 0;
  return bounds.map((bound) => {
    running += bins[`bin_${String(bound * scale).replace('.', '_')}`] ?? 0;
    return running;
  });
}

/**
 * Percentiles as the Etsy daemon defines them (`lib/process_metrics.js`): the sorted values'
 * element `round(p·n) − 1`. Not meterkit's definition (rank `floor(q·(n−1))`), so StatsD is
 * compared with this one.
 */
export function etsyPercentiles(values: readonly number[]): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  return Object.fromEntries(
    SUMMARY_QUANTILES.map((q) => [String(q), sorted[Math.max(0, Math.round(q * sorted.length) - 1)]!]),
  );
}

/** Everything the daemon flushed for one run (the `run` global tag), as `Recorded`. */
export function recordedFromEtsy(
  flushes: readonly EtsyFlush[],
  run: string,
  naming: AppNaming = CLASSIC,
): Recorded {
  const recorded = emptyRecorded();
  const names = naming.statsd;
  const key = (name: string, status?: string) => naming.statsdKey(name, run, status);
  for (const status of ['200', '500']) {
    let total: number | undefined;
    for (const flush of flushes) {
      const value = flush.counters[key(names.requests, status)];
      if (value !== undefined) total = (total ?? 0) + value;
    }
    if (total !== undefined) recorded.requests[status] = total;
    const timer = timerTotals(flushes, key(names.duration, status));
    if (timer.count > 0) {
      recorded.duration[status] = {
        count: timer.count,
        sum: timer.sum / 1000,
        buckets: cumulativeBins(timer.bins, TIMER_BOUNDS, 1000),
      };
    }
  }
  const payload = timerTotals(flushes, key(names.payload));
  recorded.payload = {
    count: payload.count,
    sum: payload.sum,
    buckets: cumulativeBins(payload.bins, PAYLOAD_BOUNDS, 1),
  };
  const order = timerTotals(flushes, key(names.orderValue));
  recorded.orderValue = { count: order.count, sum: order.sum, quantiles: etsyPercentiles(order.values) };
  for (const flush of flushes) {
    const depth = flush.gauges[key(names.depth)];
    if (depth !== undefined) recorded.depth = depth;
  }
  // The exponential timer (E2E_EXPONENTIAL=1): in every flavor but datadog, timer samples in ms.
  const latency = timerTotals(flushes, key(names.latency));
  if (latency.count > 0) {
    recorded.latency = {
      count: latency.count,
      sum: latency.sum / 1000,
      quantiles: etsyPercentiles(latency.values.map((ms) => ms / 1000)),
    };
  }
  return recorded;
}
