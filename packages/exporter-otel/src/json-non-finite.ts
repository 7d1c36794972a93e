import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** The first sentinel tried: a subnormal-range double no metric is likely to carry. */
export const FIRST_SENTINEL = 1.2345678901234568e-300;

/**
 * OTLP/JSON follows the protobuf JSON mapping, where a double that is NaN or infinite is written as
 * the string "NaN", "Infinity" or "-Infinity". The SDK's JSON serializer uses plain JSON.stringify,
 * which writes `null` (read by collectors as 0). So before the SDK serializes a batch, each
 * non-finite value is swapped for a finite sentinel that occurs nowhere else in the batch, and
 * afterwards the sentinel's number token is replaced by the proper string.
 */
export function withNonFiniteAsSentinels(metrics: ResourceMetrics): {
  metrics: ResourceMetrics;
  restore: (json: string) => string;
} {
  const used = new Set<number>();
  let nonFinite = false;
  visitNumbers(metrics, (value) => {
    if (Number.isFinite(value)) used.add(value);
    else nonFinite = true;
    return value;
  });
  if (!nonFinite) return { metrics, restore: (json) => json };
  const sentinels = new Map<string, number>();
  let candidate = FIRST_SENTINEL;
  const sentinelFor = (value: number): number => {
    const name = Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    let sentinel = sentinels.get(name);
    if (sentinel === undefined) {
      while (used.has(candidate)) candidate *= 1.0000001;
      sentinel = candidate;
      used.add(sentinel);
      sentinels.set(name, sentinel);
    }
    return sentinel;
  };
  const copy = copyDataPoints(metrics);
  visitNumbers(copy, (value) => (Number.isFinite(value) ? value : sentinelFor(value)));
  return {
    metrics: copy,
    restore: (json) => {
      for (const [name, sentinel] of sentinels) {
        const token = JSON.stringify(sentinel).replace(/[.+]/g, '\\$&');
        json = json.replace(new RegExp(`(?<=[:\\[,])${token}(?=[,\\]}])`, 'g'), `"${name}"`);
      }
      return json;
    },
  };
}

/** A copy whose data points (and histogram values) may be rewritten; the resource and scopes are shared. */
function copyDataPoints(metrics: ResourceMetrics): ResourceMetrics {
  return {
    ...metrics,
    scopeMetrics: metrics.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map((metric) => ({
        ...metric,
        dataPoints: (metric.dataPoints as Array<{ value: unknown }>).map((point) => ({
          ...point,
          value: typeof point.value === 'object' && point.value !== null ? { ...point.value } : point.value,
        })),
      })),
    })) as ResourceMetrics['scopeMetrics'],
  };
}

/** Rewrites every double a data point carries: gauge/sum values and histogram sum, min and max. */
function visitNumbers(metrics: ResourceMetrics, map: (value: number) => number): void {
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints as Array<{ value: unknown }>) {
        if (typeof point.value === 'number') {
          point.value = map(point.value);
        } else if (point.value !== null && typeof point.value === 'object') {
          const value = point.value as Record<string, unknown>;
          for (const field of ['sum', 'min', 'max']) {
            if (typeof value[field] === 'number') value[field] = map(value[field] as number);
          }
        }
      }
    }
  }
}
