import type { EtsyFlush, OtlpReceiver } from '@meterkit/test-support';

/*
 * What the swap test's semconv run (runtime metrics under `runtimeMetrics.naming:
 * 'opentelemetry'`) left in each backend, by name: the values of runtime metrics differ from run to
 * run, their names, units and attribute keys do not.
 */

/** What the semconv run found of the OpenTelemetry runtime metrics in each backend. */
export interface RuntimeNamesSeen {
  prometheus?: string[];
  opentelemetry?: Array<{ name: string; unit: string; attributes: string[] }>;
  statsd?: string[];
  logger?: Array<{ metric: string; tags: string[] }>;
}

const RUNTIME = /^(v8js|nodejs)\./;

/** Etsy keys of the OpenTelemetry runtime metrics the daemon flushed for `run`. */
export function runtimeKeysInEtsy(flushes: readonly EtsyFlush[], run: string): string[] {
  const keys = new Set<string>();
  for (const flush of flushes) {
    for (const key of [...Object.keys(flush.gauges), ...Object.keys(flush.counters)]) {
      if (RUNTIME.test(key) && key.includes(`.run.${run}`)) keys.add(key);
    }
  }
  return [...keys].sort();
}

/** The unit the OTLP receiver decoded for each of `names` it received. */
export function otlpUnits(receiver: OtlpReceiver, names: readonly string[]): Record<string, string> {
  const units: Record<string, string> = {};
  for (const name of names) {
    const metric = receiver.metrics(name).at(-1);
    if (metric !== undefined) units[name] = metric.unit;
  }
  return units;
}

/** Name, unit and attribute keys of every runtime metric among one run's OTLP points. */
export function runtimeMetricsInOtlp(
  receiver: OtlpReceiver,
  points: ReadonlyMap<string, ReadonlyArray<{ attributes: object }>>,
): NonNullable<RuntimeNamesSeen['opentelemetry']> {
  return [...points]
    .filter(([name]) => RUNTIME.test(name))
    .map(([name, received]) => ({
      name,
      unit: receiver.metrics(name).at(-1)?.unit ?? '',
      attributes: [...new Set(received.flatMap((point) => Object.keys(point.attributes)))].sort(),
    }));
}

/** Metric name and tag keys of every runtime metric among the logger's JSON lines. */
export function runtimeLinesOfLogger(lines: readonly string[]): NonNullable<RuntimeNamesSeen['logger']> {
  const seen = new Map<string, Set<string>>();
  for (const line of lines) {
    let record: { metric?: unknown; tags?: Record<string, string> };
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof record.metric !== 'string' || !RUNTIME.test(record.metric)) continue;
    const tags = seen.get(record.metric) ?? new Set<string>();
    for (const key of Object.keys(record.tags ?? {})) tags.add(key);
    seen.set(record.metric, tags);
  }
  return [...seen].map(([metric, tags]) => ({ metric, tags: [...tags].sort() }));
}
