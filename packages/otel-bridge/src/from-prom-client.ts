import {
  type Bucket,
  DuplicateMetricError,
  type HistogramPoint,
  type MetricSnapshot,
  type Provider,
  type QuantileValue,
  type SummaryPoint,
  type Tag,
  type ValuePoint,
} from '@meterkit/core';

/** One sample of prom-client's `getMetricsAsJSON()`. */
export interface PromClientSample {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  /** `<name>_bucket`, `<name>_sum`, `<name>_count` for histograms and summaries. */
  readonly metricName?: string;
}

/** One family of prom-client's `getMetricsAsJSON()`. */
export interface PromClientFamily {
  readonly name: string;
  readonly help: string;
  /**
   * `'counter'`, `'gauge'`, `'histogram'` or `'summary'` at run time (prom-client's typings declare
   * a numeric enum, its code writes these strings); other types are skipped.
   */
  readonly type: unknown;
  readonly values: readonly PromClientSample[];
}

/**
 * What `fromPromClient` reads: a prom-client 15 `Registry` (or the global `register`), or any
 * registry with the same `getMetricsAsJSON()` (such as `@prometheus-io/client`'s).
 */
export interface PromClientRegistryLike {
  getMetricsAsJSON(): Promise<readonly PromClientFamily[]> | readonly PromClientFamily[];
  /** Used, when present, to check names against meterkit's at once. */
  getMetricsAsArray?(): ReadonlyArray<{ readonly name: string }>;
}

/**
 * Reads a prom-client `Registry` at each meterkit collection (scrape or flush) and adds its
 * families to meterkit's snapshot: counters, gauges, histograms (cumulative `le` buckets, sum,
 * count) and summaries (their quantiles, sum and count), with their help text and labels as tags,
 * names as given. So a dependency instrumented with prom-client reaches OTLP, StatsD and logs with
 * the rest. The provider's global tags are added. A name meterkit already uses is a
 * `DuplicateMetricError` naming both: thrown here for the names registered now, reported to the
 * error handler (and that family skipped) for names that appear later. Returns a function that
 * removes the bridge.
 */
export function fromPromClient(registry: PromClientRegistryLike, provider: Provider): () => void {
  if (typeof registry?.getMetricsAsJSON !== 'function') {
    throw new TypeError('fromPromClient needs a prom-client Registry (an object with getMetricsAsJSON())');
  }
  checkNamesNow(registry, provider);
  const startTime = Date.now();
  return provider.registry().registerCollector({
    name: 'prom-client Registry',
    collect: async () =>
      (await registry.getMetricsAsJSON()).flatMap((family) => toSnapshot(family, startTime)),
  });
}

function checkNamesNow(registry: PromClientRegistryLike, provider: Provider): void {
  if (typeof registry.getMetricsAsArray !== 'function') return;
  const meterkitNames = new Map<string, string>();
  provider.registry().visit((_metric, name, type) => meterkitNames.set(name, type));
  for (const { name } of registry.getMetricsAsArray()) {
    const type = meterkitNames.get(name);
    if (type !== undefined) {
      throw new DuplicateMetricError(
        name,
        `the prom-client Registry's metric "${name}" clashes with meterkit's ${type} "${name}"`,
      );
    }
  }
}

/** One prom-client family as a meterkit snapshot metric (none for a type meterkit has no form for). */
export function toSnapshot(family: PromClientFamily, startTime: number): MetricSnapshot[] {
  const common = { name: family.name, description: family.help ?? '', unit: '', startTime };
  switch (family.type) {
    case 'counter':
    case 'gauge':
      return [{ ...common, type: family.type as 'counter' | 'gauge', points: family.values.map(valuePoint) }];
    case 'histogram':
      return [{ ...common, type: 'histogram', points: histogramPoints(family) }];
    case 'summary':
      return [{ ...common, type: 'summary', points: summaryPoints(family) }];
    default:
      return [];
  }
}

function valuePoint(sample: PromClientSample): ValuePoint {
  return { tags: tagsOf(sample.labels), value: sample.value };
}

/** Canonical tags of prom-client labels without the one the family writes itself (`le`, `quantile`). */
function tagsOf(labels: PromClientSample['labels'], without?: string): Tag[] {
  return Object.keys(labels)
    .filter((key) => key !== without && labels[key] !== '' && labels[key] !== undefined)
    .sort()
    .map((key) => ({ key, value: String(labels[key]) }));
}

/** Samples of one series, grouped by their tags (the `le`/`quantile` label left out). */
function bySeries(
  family: PromClientFamily,
  own: string,
): Map<string, { tags: Tag[]; samples: PromClientSample[] }> {
  const series = new Map<string, { tags: Tag[]; samples: PromClientSample[] }>();
  for (const sample of family.values) {
    const tags = tagsOf(sample.labels, own);
    const key = JSON.stringify(tags);
    let entry = series.get(key);
    if (entry === undefined) {
      entry = { tags, samples: [] };
      series.set(key, entry);
    }
    entry.samples.push(sample);
  }
  return series;
}

function histogramPoints(family: PromClientFamily): HistogramPoint[] {
  const points: HistogramPoint[] = [];
  for (const { tags, samples } of bySeries(family, 'le').values()) {
    let count = 0;
    let sum = 0;
    const buckets: Bucket[] = [];
    for (const sample of samples) {
      if (sample.metricName === `${family.name}_sum`) sum = sample.value;
      else if (sample.metricName === `${family.name}_count`) count = sample.value;
      else if (sample.labels.le !== undefined) {
        const le = sample.labels.le;
        buckets.push({
          upperBound: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le),
          count: sample.value,
        });
      }
    }
    buckets.sort((a, b) => a.upperBound - b.upperBound);
    if (buckets.at(-1)?.upperBound !== Number.POSITIVE_INFINITY) {
      buckets.push({ upperBound: Number.POSITIVE_INFINITY, count });
    }
    points.push({ tags, count, sum, min: undefined, max: undefined, buckets });
  }
  return points;
}

function summaryPoints(family: PromClientFamily): SummaryPoint[] {
  const points: SummaryPoint[] = [];
  for (const { tags, samples } of bySeries(family, 'quantile').values()) {
    let count = 0;
    let sum = 0;
    const quantiles: QuantileValue[] = [];
    for (const sample of samples) {
      if (sample.metricName === `${family.name}_sum`) sum = sample.value;
      else if (sample.metricName === `${family.name}_count`) count = sample.value;
      else if (sample.labels.quantile !== undefined) {
        quantiles.push({ quantile: Number(sample.labels.quantile), value: sample.value });
      }
    }
    quantiles.sort((a, b) => a.quantile - b.quantile);
    points.push({ tags, count, sum, quantiles });
  }
  return points;
}
